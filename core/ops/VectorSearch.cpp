#include "ops/VectorSearch.h"

#include "api/EmbeddingClient.h"
#include "store/ItemStore.h"
#include "text/InputPreparer.h"
#include "text/ItemTextBuilder.h"
#include "util/Secrets.h"

#include <QElapsedTimer>

#include <algorithm>

namespace ec {

SearchJob::SearchJob(QObject* parent)
    : StoreJob(parent)
{
    qRegisterMetaType<ec::SearchResult>();
    connect(this, &StoreJob::failed, this, [this] { m_busy = false; });
    connect(this, &StoreJob::cancelled, this, [this] { m_busy = false; });
}

SearchJob::~SearchJob() = default;

void SearchJob::failLater(const QString& error)
{
    QMetaObject::invokeMethod(
        this, [this, error] { Q_EMIT failed(error); }, Qt::QueuedConnection);
}

bool SearchJob::start(const AppConfig& config, const QString& query, int k)
{
    if (m_busy || isRunning())
        return false;
    m_busy = true;
    m_pending = SearchResult{};
    m_pending.query = query;
    m_pending.model = config.embedding.model;
    m_pending.k = std::clamp(k, 1, kMaxK);
    m_pending.simulated = config.api.simulated;
    if (config.api.missingKey()) {
        failLater(
            QStringLiteral("no API key for %1: the query cannot be embedded").arg(config.api.baseUrl.host()));
        return true;
    }
    const InputPreparer preparer(config.batch);
    const PreparedInput input = preparer.prepare(query);
    if (input.isSkipped()) {
        failLater(QStringLiteral("the query cannot be embedded: %1").arg(input.skipMessage));
        return true;
    }
    m_pending.tokens = input.tokens;
    m_pending.costUsd = input.tokens * config.prices.usdPerMillion(config.embedding.model) / 1e6;
    m_client = std::make_unique<EmbeddingClient>(config.api, config.embedding);
    auto timer = std::make_shared<QElapsedTimer>();
    timer->start();
    const QStringList secrets = config.secrets();
    connect(m_client.get(), &EmbeddingClient::batchFinished, this,
            [this, config, timer, secrets](quint64, const QVector<InputOutcome>& outcomes) {
                m_pending.embedSeconds = timer->nsecsElapsed() / 1e9;
                m_client.release()->deleteLater();
                if (outcomes.size() != 1 || !outcomes.first().ok) {
                    const QString why = outcomes.isEmpty()
                                            ? QStringLiteral("no answer")
                                            : outcomes.first().error.scrubbed(secrets).toString();
                    Q_EMIT failed(QStringLiteral("the query could not be embedded: %1").arg(why));
                    return;
                }
                rank(config, outcomes.first().vector);
            });
    m_client->submit({EmbeddingInput{input.text, input.tokens}});
    return true;
}

bool SearchJob::startSimilar(const AppConfig& config, const QString& itemId, int k)
{
    if (m_busy || isRunning())
        return false;
    m_busy = true;
    m_pending = SearchResult{};
    m_pending.similarTo = itemId;
    m_similarConfig = config;
    m_pending.model = config.embedding.model;
    m_pending.k = std::clamp(k, 1, kMaxK);
    m_pending.simulated = config.api.simulated;
    rank(config, {}, itemId);
    return true;
}

void SearchJob::rank(const AppConfig& config, const QVector<float>& given, const QString& similarTo)
{
    const int k = m_pending.k;
    const EmbeddingSettings embedding = config.embedding;
    const BatchSettings batch = config.batch;
    const bool started = startWork(
        config,
        [given, similarTo, k, embedding, batch](ItemStore& store, Feedback& feedback) -> Result<QVariant> {
            QString errorText;
            QString* error = &errorText;
            SearchResult partial;
            QVector<float> vector = given;
            if (!similarTo.isEmpty()) {
                const auto item = store.item(similarTo, embedding, error);
                if (!item) {
                    return fail(error->isEmpty() ? QStringLiteral("there is no item %1").arg(similarTo)
                                                 : *error);
                }
                partial.query = ItemTextBuilder(batch).build(item->title, item->summary, item->tags);
                const auto stored = store.vector(similarTo, error);
                if (!error->isEmpty())
                    return fail(*error);
                // A vector of the table's model (and length) is the query; an item without one
                // (a failed or pending item) has its text embedded instead, like a typed query.
                if (!stored || (item->pending && item->reason != PendingReason::Outdated)) {
                    partial.embedInstead = true;
                    return QVariant::fromValue(partial);
                }
                vector = *stored;
            }
            partial.dimensions = int(vector.size());
            const auto hits = VectorScan::nearest(
                store, vector, k, embedding.model, &partial.scan, error,
                [&feedback](qint64 scanned) { return Feedback::report(&feedback, scanned, -1); });
            if (!hits)
                return fail(*error);
            partial.hits = *hits;
            // The texts of the few hits, so that a result opens at once.
            const ItemTextBuilder builder(batch);
            for (SearchHit& hit : partial.hits) {
                QString ignored;
                if (const auto item = store.item(hit.id, embedding, &ignored))
                    hit.text = builder.build(item->title, item->summary, item->tags);
            }
            return QVariant::fromValue(partial);
        });
    if (!started)
        failLater(QStringLiteral("a search is running already"));
}

void SearchJob::deliver(const QVariant& value)
{
    m_busy = false;
    const SearchResult partial = value.value<SearchResult>();
    if (partial.embedInstead) {
        const QString similarTo = m_pending.similarTo;
        const int k = m_pending.k;
        start(m_similarConfig, partial.query, k);
        m_pending.similarTo = similarTo;
        return;
    }
    SearchResult result = m_pending;
    result.hits = partial.hits;
    result.scan = partial.scan;
    result.dimensions = partial.dimensions;
    if (!partial.query.isEmpty())
        result.query = partial.query;
    Q_EMIT finished(result);
}

} // namespace ec
