#pragma once
// embedding_endpoint_limits: the largest request each endpoint has shown it accepts, per model
// (EmbeddingClient::requestLimitsLearned: TEI's --max-client-batch-size, a proxy's body limit),
// so a run starts within them instead of learning them again from refused requests. The
// endpoint is the request URL without its query and without secrets. `embedctl run
// --forget-limits` clears the row of the run's endpoint and model; docs/schema.md.
//
// One connection, one thread; not a QObject.

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace ec {

struct RequestLimits
{
    int maxInputs = 0;
    int maxTokens = 0;
};

class EndpointLimits
{
public:
    EndpointLimits(QSqlDatabase db, bool postgres);

    /// What was learned for endpoint and model; nullopt when nothing was (or on error).
    std::optional<RequestLimits> load(const QString& endpoint, const QString& model, QString* error) const;
    /// Records limits for endpoint and model, replacing what was there.
    bool save(const QString& endpoint, const QString& model, const RequestLimits& limits, QString* error);
    /// Forgets what was learned for endpoint and model.
    bool forget(const QString& endpoint, const QString& model, QString* error);

private:
    QSqlDatabase m_db;
    bool m_postgres;
};

} // namespace ec
