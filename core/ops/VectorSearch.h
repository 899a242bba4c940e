#pragma once
// The search check (`embedctl search`, the console's Search tab): embeds a query with the
// table's model (one request, counted and priced like any other) and lists the nearest items
// (store/VectorScan: pgvector's own operator, or a streamed top-k scan for real[] and SQLite).
// Asynchronous on the caller's thread for the request; the database part runs on a StoreJob
// thread with a read-only connection. Ends with exactly one of finished(), failed(), cancelled().
//
// The caller settles the model first (ops/ModelGuard): a query embedded with another model than
// the table's vectors would be compared across two spaces. Only rows of config.embedding.model
// are ranked.

#include "api/ApiTypes.h"
#include "ops/StoreJob.h"
#include "store/VectorScan.h"

#include <QMetaType>

#include <memory>

namespace ec {

class EmbeddingClient;

struct SearchResult
{
    QString query;
    QString model;
    int dimensions = 0;
    int k = 0;
    QVector<SearchHit> hits;   ///< best first, each with its item's text
    QString similarTo;         ///< startSimilar(): the item whose vector (or text) was the query
    bool embedInstead = false; ///< internal: the item has no vector, its text is embedded
    int tokens = 0;            ///< of the query as sent
    double costUsd = 0;        ///< the query's embedding at the model's standard price
    bool simulated = false;    ///< the endpoint was the built-in simulator
    double embedSeconds = 0;
    ScanStats scan;
};

class SearchJob : public StoreJob
{
    Q_OBJECT
public:
    static constexpr int kMaxK = 1000;

    explicit SearchJob(QObject* parent = nullptr);
    ~SearchJob() override;

    /// Searches config's table for query's k nearest items. False (nothing started) when a
    /// search is running already.
    bool start(const AppConfig& config, const QString& query, int k);
    /// The items nearest to a stored item ("similar items"): its own vector, no request sent;
    /// an item without a vector of the model (failed, pending) has its text embedded instead.
    bool startSimilar(const AppConfig& config, const QString& itemId, int k);

Q_SIGNALS:
    void finished(const ec::SearchResult& result);

protected:
    void deliver(const QVariant& result) override;

private:
    /// Ranks on the job's thread: the given vector, or (empty) the stored vector of similarTo.
    void rank(const AppConfig& config, const QVector<float>& vector, const QString& similarTo = QString());
    void failLater(const QString& error);

    std::unique_ptr<EmbeddingClient> m_client;
    SearchResult m_pending;
    AppConfig m_similarConfig;
    bool m_busy = false;
};

} // namespace ec

Q_DECLARE_METATYPE(ec::SearchResult)
