#include "ResetPlanner.h"

#include "StoreQueries.h"

#include "ops/CostEstimator.h"
#include "store/ItemStore.h"
#include "store/ResetService.h"
#include "util/Secrets.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <atomic>

namespace ec::ui {

struct ResetPlanner::Control
{
    std::atomic<bool> cancelled{false};
    std::atomic<qint64> done{0};
    std::atomic<qint64> total{-1};

    CostEstimator::Progress callback()
    {
        return [this](qint64 d, qint64 t) {
            done = d;
            total = t;
            return !cancelled.load();
        };
    }
};

namespace {
struct PricedReset
{
    ResetFindings findings;
    CostEstimate estimate;
};

/// The given ids no row of the table has. Compared as text, so an id that is not even of the
/// table's id type (a word for a bigint id) is simply not found.
QStringList idsNotFound(const ItemStore& store, const QStringList& ids, QString* error)
{
    if (ids.isEmpty())
        return {};
    const QString id = QStringLiteral("t.") + store.sqlColumn(store.table().idColumn);
    const QString idText = store.dialect().idAsText(id);
    const QString given =
        store.isPostgres()
            ? QStringLiteral("SELECT value FROM jsonb_array_elements_text(CAST(:ids AS jsonb))")
            : QStringLiteral("SELECT value FROM json_each(:ids)");
    QSqlQuery query(store.database());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + idText + QStringLiteral(" FROM ") + store.sqlTable() +
                  QStringLiteral(" AS t WHERE ") + idText + QStringLiteral(" IN (") + given +
                  QLatin1Char(')'));
    query.bindValue(
        QStringLiteral(":ids"),
        QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact)));
    if (!query.exec()) {
        *error = QStringLiteral("cannot look up the ids: ") + query.lastError().text();
        return {};
    }
    QSet<QString> found;
    while (query.next())
        found.insert(query.value(0).toString());
    QStringList missing;
    for (const QString& given : ids) {
        if (!found.contains(given))
            missing << given;
    }
    return missing;
}
} // namespace

ResetPlanner::ResetPlanner(const AppConfig& config, QObject* parent)
    : QObject(parent)
{
    m_store = new StoreThread(this);
    m_store->setConfig(config);
    m_poll = new QTimer(this);
    m_poll->setInterval(200);
    connect(m_poll, &QTimer::timeout, this, [this] {
        if (m_current)
            Q_EMIT progress(m_current->done.load(), m_current->total.load());
    });
}

ResetPlanner::~ResetPlanner()
{
    cancel();
}

std::shared_ptr<ResetPlanner::Control> ResetPlanner::begin()
{
    cancel();
    m_current = std::make_shared<Control>();
    m_busy = true;
    m_poll->start();
    Q_EMIT progress(0, -1);
    return m_current;
}

void ResetPlanner::cancel()
{
    if (m_current)
        m_current->cancelled = true;
    m_current.reset();
    m_busy = false;
    m_poll->stop();
}

void ResetPlanner::priceReset(const ResetCriteria& criteria)
{
    auto control = begin();
    m_store->post<Fetched<PricedReset>>(
        this,
        [control, criteria](StoreSession& session) {
            Fetched<PricedReset> result;
            ItemStore* store = session.store(&result.error);
            if (!store)
                return result;
            ResetService reset(store->database(), store->table(), store->schema());
            ResetFindings& findings = result.value.findings;
            findings.affected = reset.countAffected(criteria, &result.error);
            if (findings.affected < 0)
                return result;
            control->total = findings.affected;
            findings.configuredModel = session.config().embedding.model;
            if (criteria.modelNot == findings.configuredModel) {
                findings.byOtherModel = findings.affected;
            } else if (criteria.modelNot.isEmpty()) {
                ResetCriteria other = criteria;
                other.modelNot = findings.configuredModel;
                findings.byOtherModel = findings.affected > 0 ? reset.countAffected(other, &result.error) : 0;
            } else {
                findings.byOtherModel = -1; // not a question one more count answers: unknown
            }
            if (findings.byOtherModel < -1 || !result.error.isEmpty())
                return result;
            findings.idsNotFound = idsNotFound(*store, criteria.ids, &result.error);
            if (!result.error.isEmpty())
                return result;
            const auto estimate = CostEstimator(session.config())
                                      .estimateReset(*store, criteria, &result.error, control->callback());
            if (estimate)
                result.value.estimate = *estimate;
            else if (result.error.isEmpty())
                result.error = QStringLiteral("no estimate");
            return result;
        },
        [this, control](Fetched<PricedReset> result) {
            if (control != m_current)
                return;
            cancel();
            if (result.ok()) {
                Q_EMIT findingsReady(result.value.findings);
                Q_EMIT resetPriced(result.value.findings.affected, result.value.estimate);
            } else
                Q_EMIT failed(result.error);
        });
}

void ResetPlanner::applyReset(const ResetCriteria& criteria, const QString& byUser)
{
    auto control = begin();
    m_store->post<Fetched<qint64>>(
        this,
        [criteria, byUser](StoreSession& session) {
            Fetched<qint64> result;
            ItemStore* store = session.writableStore(&result.error);
            if (!store)
                return result;
            ResetService reset(store->database(), store->table(), store->schema());
            result.value = reset.reset(criteria, byUser, &result.error);
            if (result.value < 0 && result.error.isEmpty())
                result.error = QStringLiteral("the reset failed");
            return result;
        },
        [this, control](Fetched<qint64> result) {
            // A reset is never dropped: report it even if another request came in between.
            if (control == m_current)
                cancel();
            if (result.ok())
                Q_EMIT resetApplied(result.value);
            else
                Q_EMIT failed(result.error);
        });
}

} // namespace ec::ui
