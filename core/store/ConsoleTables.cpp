#include "store/ConsoleTables.h"

#include "store/Database.h"
#include "util/Logging.h"

#include <QSqlError>
#include <QSqlQuery>

#include <utility>

namespace ec {

namespace {

enum class Type { Text, Int, BigInt, Bool, Time, Real };
using Columns = QVector<std::pair<const char*, Type>>;

/// The console's tables at Migrations::latestVersion(), column by column (docs/schema.md).
/// tst_store_readonly checks them against what the migrations create.
const QVector<std::pair<QString, Columns>>& layout()
{
    static const QVector<std::pair<QString, Columns>> tables = {
        {QStringLiteral("embedding_item_state"),
         {{"item_id", Type::Text},
          {"content_hash", Type::Text},
          {"model", Type::Text},
          {"dimensions", Type::Int},
          {"tokens", Type::Int},
          {"truncated", Type::Bool},
          {"embedded_at", Type::Time},
          {"item_table", Type::Text}}},
        {QStringLiteral("embedding_leases"),
         {{"item_id", Type::Text},
          {"owner", Type::Text},
          {"run_id", Type::BigInt},
          {"expires_at", Type::Time},
          {"item_table", Type::Text}}},
        {QStringLiteral("embedding_failures"),
         {{"item_id", Type::Text},
          {"run_id", Type::BigInt},
          {"attempts", Type::Int},
          {"permanent_attempts", Type::Int},
          {"http_status", Type::Int},
          {"error_code", Type::Text},
          {"message", Type::Text},
          {"first_seen", Type::Time},
          {"last_seen", Type::Time},
          {"next_retry_at", Type::Time},
          {"parked", Type::Bool},
          {"skipped", Type::Bool},
          {"item_table", Type::Text}}},
        {QStringLiteral("embedding_runs"),
         {{"id", Type::BigInt},           {"started_at", Type::Time},  {"finished_at", Type::Time},
          {"heartbeat_at", Type::Time},   {"status", Type::Text},      {"worker", Type::Text},
          {"total", Type::BigInt},        {"processed", Type::BigInt}, {"succeeded", Type::BigInt},
          {"failed", Type::BigInt},       {"skipped", Type::BigInt},   {"deduped", Type::BigInt},
          {"unchanged", Type::BigInt},    {"cached", Type::BigInt},    {"api_inputs", Type::BigInt},
          {"api_requests", Type::BigInt}, {"tokens", Type::BigInt},    {"cost_usd", Type::Real},
          {"config", Type::Text},         {"error", Type::Text},       {"database_retries", Type::BigInt},
          {"app_version", Type::Text},    {"git_commit", Type::Text},  {"qt_version", Type::Text}}},
        {QStringLiteral("embedding_resets"),
         {{"id", Type::BigInt},
          {"at", Type::Time},
          {"by_user", Type::Text},
          {"host", Type::Text},
          {"criteria", Type::Text},
          {"affected", Type::BigInt}}},
    };
    return tables;
}

QString typeName(Type type, bool postgres)
{
    switch (type) {
    case Type::Text:
        return QStringLiteral("TEXT");
    case Type::Int:
        return postgres ? QStringLiteral("integer") : QStringLiteral("INTEGER");
    case Type::BigInt:
        return postgres ? QStringLiteral("bigint") : QStringLiteral("INTEGER");
    case Type::Bool:
        return postgres ? QStringLiteral("boolean") : QStringLiteral("INTEGER");
    case Type::Time:
        return postgres ? QStringLiteral("timestamptz") : QStringLiteral("TEXT");
    case Type::Real:
        return postgres ? QStringLiteral("double precision") : QStringLiteral("REAL");
    }
    return QStringLiteral("TEXT");
}

bool exists(QSqlDatabase& db, bool postgres, const QString& table)
{
    QSqlQuery query(db);
    query.prepare(postgres ? QStringLiteral("SELECT to_regclass(:name) IS NOT NULL")
                           : QStringLiteral("SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND "
                                            "name = :name"));
    query.bindValue(QStringLiteral(":name"), table);
    // When even that cannot be asked, assume it is there: what it holds is then unknown.
    return !query.exec() || !query.next() || query.value(0).toBool();
}

} // namespace

QStringList ConsoleTables::names()
{
    QStringList list;
    for (const auto& [table, columns] : layout())
        list << table;
    return list;
}

QStringList ConsoleTables::columns(const QString& table)
{
    QStringList list;
    for (const auto& [name, columns] : layout()) {
        if (name != table)
            continue;
        for (const auto& column : columns)
            list << QString::fromLatin1(column.first);
    }
    return list;
}

QVector<ConsoleTableAccess> ConsoleTables::standIn(QSqlDatabase& db, bool postgres)
{
    QVector<ConsoleTableAccess> result;
    for (const auto& [table, columns] : layout()) {
        ConsoleTableAccess access;
        access.table = table;
        {
            QSqlQuery probe(db);
            if (probe.exec(QStringLiteral("SELECT %1 FROM %2 WHERE 1 = 0")
                               .arg(ConsoleTables::columns(table).join(QStringLiteral(", ")), table))) {
                result << access;
                continue;
            }
            access.reason = firstLine(probe.lastError().databaseText());
        }
        const bool there = exists(db, postgres, table);
        QStringList definitions;
        for (const auto& [column, type] : columns)
            definitions << QString::fromLatin1(column) + QLatin1Char(' ') + typeName(type, postgres);
        QSqlQuery create(db);
        if (create.exec(QStringLiteral("CREATE TEMPORARY TABLE IF NOT EXISTS %1 (%2)")
                            .arg(table, definitions.join(QStringLiteral(", "))))) {
            access.state = there ? ConsoleTableAccess::State::Unreadable : ConsoleTableAccess::State::Absent;
            if (!there)
                access.reason.clear();
        } else {
            access.state = ConsoleTableAccess::State::Missing;
            access.reason += (access.reason.isEmpty() ? QString() : QStringLiteral("; ")) +
                             QStringLiteral("no temporary table either: ") +
                             firstLine(create.lastError().databaseText());
        }
        qCDebug(lcStore) << "console table" << table << "read-only session:" << int(access.state)
                         << access.reason;
        result << access;
    }
    return result;
}

} // namespace ec
