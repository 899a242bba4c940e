#include "store/EndpointLimits.h"

#include "store/Database.h"
#include "store/SqlDialect.h"

#include <QSqlError>
#include <QSqlQuery>

namespace ec {

namespace {
bool run(QSqlQuery& query, const QString& what, QString* error)
{
    if (query.exec())
        return true;
    if (error)
        *error = QStringLiteral("cannot %1 the endpoint's request limits: %2")
                     .arg(what, firstLine(query.lastError().databaseText()));
    return false;
}
} // namespace

EndpointLimits::EndpointLimits(QSqlDatabase db, bool postgres)
    : m_db(std::move(db))
    , m_postgres(postgres)
{}

std::optional<RequestLimits> EndpointLimits::load(const QString& endpoint, const QString& model,
                                                  QString* error) const
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT max_inputs, max_tokens FROM embedding_endpoint_limits "
                                 "WHERE endpoint = :endpoint AND model = :model"));
    query.bindValue(QStringLiteral(":endpoint"), endpoint);
    query.bindValue(QStringLiteral(":model"), model);
    if (!run(query, QStringLiteral("read"), error) || !query.next())
        return std::nullopt;
    return RequestLimits{query.value(0).toInt(), query.value(1).toInt()};
}

bool EndpointLimits::save(const QString& endpoint, const QString& model, const RequestLimits& limits,
                          QString* error)
{
    QSqlQuery query(m_db);
    query.prepare(
        QStringLiteral("INSERT INTO embedding_endpoint_limits (endpoint, model, max_inputs, max_tokens, "
                       "learned_at) VALUES (:endpoint, :model, :inputs, :tokens, ") +
        SqlDialect(m_postgres).now() +
        QStringLiteral(") ON CONFLICT (endpoint, model) DO UPDATE SET max_inputs = excluded.max_inputs, "
                       "max_tokens = excluded.max_tokens, learned_at = excluded.learned_at"));
    query.bindValue(QStringLiteral(":endpoint"), endpoint);
    query.bindValue(QStringLiteral(":model"), model);
    query.bindValue(QStringLiteral(":inputs"), limits.maxInputs);
    query.bindValue(QStringLiteral(":tokens"), limits.maxTokens);
    return run(query, QStringLiteral("store"), error);
}

bool EndpointLimits::forget(const QString& endpoint, const QString& model, QString* error)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral(
        "DELETE FROM embedding_endpoint_limits WHERE endpoint = :endpoint AND model = :model"));
    query.bindValue(QStringLiteral(":endpoint"), endpoint);
    query.bindValue(QStringLiteral(":model"), model);
    return run(query, QStringLiteral("forget"), error);
}

} // namespace ec
