#include "ResetPlanner.h"

#include "StoreQueries.h"

#include "ops/CostEstimator.h"
#include "store/ItemStore.h"
#include "store/ResetService.h"
#include "util/Secrets.h"

#include <QSet>
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
            findings.idsNotFound = store->idsNotFound(criteria.ids, &result.error);
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
