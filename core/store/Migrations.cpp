#include "store/Migrations.h"

#include "store/Database.h"
#include "util/Logging.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

namespace ec {

namespace {

struct Migration
{
    int version;
    QStringList postgres;
    QStringList sqlite;
};

const QString kSqliteNow = QStringLiteral("(strftime('%Y-%m-%dT%H:%M:%fZ','now'))");

/// Migration 2 on PostgreSQL for one of the console's item tables: an item_table column, filled
/// with the upgrading catalog's key, joins item_id in the primary key (led by item_id).
QStringList rekeyedByTable(const QString& table)
{
    return {QStringLiteral("ALTER TABLE %1 ADD COLUMN item_table text NOT NULL DEFAULT ''").arg(table),
            QStringLiteral("UPDATE %1 SET item_table = :item_table").arg(table),
            QStringLiteral("ALTER TABLE %1 ALTER COLUMN item_table DROP DEFAULT").arg(table),
            QStringLiteral("ALTER TABLE %1 DROP CONSTRAINT %1_pkey").arg(table),
            QStringLiteral("ALTER TABLE %1 ADD PRIMARY KEY (item_id, item_table)").arg(table)};
}

const QVector<Migration>& migrations()
{
    static const QVector<Migration> all = {
        {1,
         {
             QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_item_state ("
                            "item_id text PRIMARY KEY, content_hash text NOT NULL, model text NOT NULL, "
                            "dimensions integer NOT NULL, tokens integer NOT NULL DEFAULT 0, "
                            "truncated boolean NOT NULL DEFAULT false, "
                            "embedded_at timestamptz NOT NULL DEFAULT now())"),
             QStringLiteral("CREATE INDEX IF NOT EXISTS embedding_item_state_cache_idx "
                            "ON embedding_item_state (model, dimensions, content_hash)"),
             QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_leases ("
                            "item_id text PRIMARY KEY, owner text NOT NULL, run_id bigint, "
                            "expires_at timestamptz NOT NULL)"),
             QStringLiteral(
                 "CREATE INDEX IF NOT EXISTS embedding_leases_owner_idx ON embedding_leases (owner)"),
             QStringLiteral(
                 "CREATE TABLE IF NOT EXISTS embedding_failures ("
                 "item_id text PRIMARY KEY, run_id bigint, attempts integer NOT NULL DEFAULT 0, "
                 "permanent_attempts integer NOT NULL DEFAULT 0, http_status integer NOT NULL DEFAULT 0, "
                 "error_code text, message text, first_seen timestamptz NOT NULL DEFAULT now(), "
                 "last_seen timestamptz NOT NULL DEFAULT now(), next_retry_at timestamptz, "
                 "parked boolean NOT NULL DEFAULT false, skipped boolean NOT NULL DEFAULT false)"),
             QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_runs ("
                            "id bigserial PRIMARY KEY, started_at timestamptz NOT NULL DEFAULT now(), "
                            "finished_at timestamptz, heartbeat_at timestamptz, "
                            "status text NOT NULL DEFAULT 'running', worker text, "
                            "total bigint NOT NULL DEFAULT 0, processed bigint NOT NULL DEFAULT 0, "
                            "succeeded bigint NOT NULL DEFAULT 0, failed bigint NOT NULL DEFAULT 0, "
                            "skipped bigint NOT NULL DEFAULT 0, deduped bigint NOT NULL DEFAULT 0, "
                            "unchanged bigint NOT NULL DEFAULT 0, cached bigint NOT NULL DEFAULT 0, "
                            "api_inputs bigint NOT NULL DEFAULT 0, api_requests bigint NOT NULL DEFAULT 0, "
                            "tokens bigint NOT NULL DEFAULT 0, cost_usd double precision NOT NULL DEFAULT 0, "
                            "config text, error text)"),
             QStringLiteral(
                 "CREATE INDEX IF NOT EXISTS embedding_runs_status_idx ON embedding_runs (status)"),
             QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_resets ("
                            "id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), by_user text, "
                            "host text, criteria text, affected bigint NOT NULL DEFAULT 0)"),
         },
         {
             QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_item_state ("
                            "item_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL, model TEXT NOT NULL, "
                            "dimensions INTEGER NOT NULL, tokens INTEGER NOT NULL DEFAULT 0, "
                            "truncated INTEGER NOT NULL DEFAULT 0, embedded_at TEXT NOT NULL DEFAULT ") +
                 kSqliteNow + QStringLiteral(")"),
             QStringLiteral("CREATE INDEX IF NOT EXISTS embedding_item_state_cache_idx "
                            "ON embedding_item_state (model, dimensions, content_hash)"),
             QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_leases ("
                            "item_id TEXT PRIMARY KEY, owner TEXT NOT NULL, run_id INTEGER, "
                            "expires_at TEXT NOT NULL)"),
             QStringLiteral(
                 "CREATE INDEX IF NOT EXISTS embedding_leases_owner_idx ON embedding_leases (owner)"),
             QStringLiteral(
                 "CREATE TABLE IF NOT EXISTS embedding_failures ("
                 "item_id TEXT PRIMARY KEY, run_id INTEGER, attempts INTEGER NOT NULL DEFAULT 0, "
                 "permanent_attempts INTEGER NOT NULL DEFAULT 0, http_status INTEGER NOT NULL DEFAULT 0, "
                 "error_code TEXT, message TEXT, first_seen TEXT NOT NULL DEFAULT ") +
                 kSqliteNow + QStringLiteral(", last_seen TEXT NOT NULL DEFAULT ") + kSqliteNow +
                 QStringLiteral(", next_retry_at TEXT, parked INTEGER NOT NULL DEFAULT 0, "
                                "skipped INTEGER NOT NULL DEFAULT 0)"),
             QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_runs ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL DEFAULT ") +
                 kSqliteNow +
                 QStringLiteral(
                     ", finished_at TEXT, heartbeat_at TEXT, status TEXT NOT NULL DEFAULT 'running', "
                     "worker TEXT, total INTEGER NOT NULL DEFAULT 0, processed INTEGER NOT NULL DEFAULT 0, "
                     "succeeded INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, "
                     "skipped INTEGER NOT NULL DEFAULT 0, deduped INTEGER NOT NULL DEFAULT 0, "
                     "unchanged INTEGER NOT NULL DEFAULT 0, cached INTEGER NOT NULL DEFAULT 0, "
                     "api_inputs INTEGER NOT NULL DEFAULT 0, api_requests INTEGER NOT NULL DEFAULT 0, "
                     "tokens INTEGER NOT NULL DEFAULT 0, cost_usd REAL NOT NULL DEFAULT 0, "
                     "config TEXT, error TEXT)"),
             QStringLiteral(
                 "CREATE INDEX IF NOT EXISTS embedding_runs_status_idx ON embedding_runs (status)"),
             QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_resets ("
                            "id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL DEFAULT ") +
                 kSqliteNow +
                 QStringLiteral(
                     ", by_user TEXT, host TEXT, criteria TEXT, affected INTEGER NOT NULL DEFAULT 0)"),
         }},
        // 2: keyed by (item_id, item_table), so that two catalog tables in one database never
        // share state, failures, leases or cached vectors. What version 1 recorded belongs to
        // the table of the store that applies this migration (:item_table).
        {2,
         rekeyedByTable(QStringLiteral("embedding_item_state")) +
             QStringList{
                 QStringLiteral("DROP INDEX IF EXISTS embedding_item_state_cache_idx"),
                 QStringLiteral("CREATE INDEX embedding_item_state_cache_idx "
                                "ON embedding_item_state (model, dimensions, content_hash, item_table)")} +
             rekeyedByTable(QStringLiteral("embedding_leases")) +
             rekeyedByTable(QStringLiteral("embedding_failures")),
         // SQLite cannot change a primary key: each table is rebuilt.
         {
             QStringLiteral("CREATE TABLE embedding_item_state_v2 ("
                            "item_table TEXT NOT NULL, item_id TEXT NOT NULL, content_hash TEXT NOT NULL, "
                            "model TEXT NOT NULL, dimensions INTEGER NOT NULL, "
                            "tokens INTEGER NOT NULL DEFAULT 0, truncated INTEGER NOT NULL DEFAULT 0, "
                            "embedded_at TEXT NOT NULL DEFAULT ") +
                 kSqliteNow + QStringLiteral(", PRIMARY KEY (item_id, item_table))"),
             QStringLiteral("INSERT INTO embedding_item_state_v2 (item_table, item_id, content_hash, model, "
                            "dimensions, tokens, truncated, embedded_at) SELECT :item_table, item_id, "
                            "content_hash, model, dimensions, tokens, truncated, embedded_at "
                            "FROM embedding_item_state"),
             QStringLiteral("DROP TABLE embedding_item_state"),
             QStringLiteral("ALTER TABLE embedding_item_state_v2 RENAME TO embedding_item_state"),
             QStringLiteral("CREATE INDEX embedding_item_state_cache_idx "
                            "ON embedding_item_state (model, dimensions, content_hash, item_table)"),
             QStringLiteral("CREATE TABLE embedding_leases_v2 ("
                            "item_table TEXT NOT NULL, item_id TEXT NOT NULL, owner TEXT NOT NULL, "
                            "run_id INTEGER, expires_at TEXT NOT NULL, PRIMARY KEY (item_id, item_table))"),
             QStringLiteral(
                 "INSERT INTO embedding_leases_v2 (item_table, item_id, owner, run_id, expires_at) "
                 "SELECT :item_table, item_id, owner, run_id, expires_at FROM embedding_leases"),
             QStringLiteral("DROP TABLE embedding_leases"),
             QStringLiteral("ALTER TABLE embedding_leases_v2 RENAME TO embedding_leases"),
             QStringLiteral("CREATE INDEX embedding_leases_owner_idx ON embedding_leases (owner)"),
             QStringLiteral(
                 "CREATE TABLE embedding_failures_v2 ("
                 "item_table TEXT NOT NULL, item_id TEXT NOT NULL, run_id INTEGER, "
                 "attempts INTEGER NOT NULL DEFAULT 0, permanent_attempts INTEGER NOT NULL DEFAULT 0, "
                 "http_status INTEGER NOT NULL DEFAULT 0, error_code TEXT, message TEXT, "
                 "first_seen TEXT NOT NULL DEFAULT ") +
                 kSqliteNow + QStringLiteral(", last_seen TEXT NOT NULL DEFAULT ") + kSqliteNow +
                 QStringLiteral(", next_retry_at TEXT, parked INTEGER NOT NULL DEFAULT 0, "
                                "skipped INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (item_id, item_table))"),
             QStringLiteral(
                 "INSERT INTO embedding_failures_v2 (item_table, item_id, run_id, attempts, "
                 "permanent_attempts, "
                 "http_status, error_code, message, first_seen, last_seen, next_retry_at, parked, skipped) "
                 "SELECT :item_table, item_id, run_id, attempts, permanent_attempts, http_status, "
                 "error_code, "
                 "message, first_seen, last_seen, next_retry_at, parked, skipped FROM embedding_failures"),
             QStringLiteral("DROP TABLE embedding_failures"),
             QStringLiteral("ALTER TABLE embedding_failures_v2 RENAME TO embedding_failures"),
         }},
        // 3: what each endpoint has shown it accepts per request (EndpointLimits), so that the
        // next run starts there instead of learning it again from refused requests; and the
        // database steps each run redid after transient errors.
        {3,
         {QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_endpoint_limits ("
                         "endpoint text NOT NULL, model text NOT NULL, max_inputs integer NOT NULL, "
                         "max_tokens integer NOT NULL, learned_at timestamptz NOT NULL DEFAULT now(), "
                         "PRIMARY KEY (endpoint, model))"),
          QStringLiteral("ALTER TABLE embedding_runs ADD COLUMN database_retries bigint NOT NULL DEFAULT 0")},
         {QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_endpoint_limits ("
                         "endpoint TEXT NOT NULL, model TEXT NOT NULL, max_inputs INTEGER NOT NULL, "
                         "max_tokens INTEGER NOT NULL, learned_at TEXT NOT NULL DEFAULT ") +
              kSqliteNow + QStringLiteral(", PRIMARY KEY (endpoint, model))"),
          QStringLiteral(
              "ALTER TABLE embedding_runs ADD COLUMN database_retries INTEGER NOT NULL DEFAULT 0")}},
        // 4: Batch API mode (BatchStore, docs/batch-api.md): each batch submitted, and the item
        // and content hash behind every input of every request line.
        {4,
         {QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_batches ("
                         "id bigserial PRIMARY KEY, item_table text NOT NULL, run_id bigint, "
                         "state text NOT NULL, status text, batch_id text, input_file_id text, "
                         "output_file_id text, error_file_id text, model text NOT NULL, "
                         "dimensions integer NOT NULL, requests integer NOT NULL DEFAULT 0, "
                         "inputs integer NOT NULL DEFAULT 0, items integer NOT NULL DEFAULT 0, "
                         "tokens bigint NOT NULL DEFAULT 0, total integer NOT NULL DEFAULT 0, "
                         "completed integer NOT NULL DEFAULT 0, failed integer NOT NULL DEFAULT 0, "
                         "written integer NOT NULL DEFAULT 0, returned integer NOT NULL DEFAULT 0, "
                         "item_failures integer NOT NULL DEFAULT 0, billed_tokens bigint NOT NULL DEFAULT 0, "
                         "cost_usd double precision NOT NULL DEFAULT 0, errors text, "
                         "created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz, "
                         "ended_at timestamptz)"),
          QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_batch_items ("
                         "batch_row bigint NOT NULL, item_table text NOT NULL, item_id text NOT NULL, "
                         "custom_id text NOT NULL, input_index integer NOT NULL, content_hash text NOT NULL, "
                         "tokens integer NOT NULL DEFAULT 0, truncated boolean NOT NULL DEFAULT false, "
                         "PRIMARY KEY (batch_row, item_id, item_table))")},
         {QStringLiteral(
              "CREATE TABLE IF NOT EXISTS embedding_batches ("
              "id INTEGER PRIMARY KEY AUTOINCREMENT, item_table TEXT NOT NULL, run_id INTEGER, "
              "state TEXT NOT NULL, status TEXT, batch_id TEXT, input_file_id TEXT, "
              "output_file_id TEXT, error_file_id TEXT, model TEXT NOT NULL, "
              "dimensions INTEGER NOT NULL, requests INTEGER NOT NULL DEFAULT 0, "
              "inputs INTEGER NOT NULL DEFAULT 0, items INTEGER NOT NULL DEFAULT 0, "
              "tokens INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0, "
              "completed INTEGER NOT NULL DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, "
              "written INTEGER NOT NULL DEFAULT 0, returned INTEGER NOT NULL DEFAULT 0, "
              "item_failures INTEGER NOT NULL DEFAULT 0, billed_tokens INTEGER NOT NULL DEFAULT 0, "
              "cost_usd REAL NOT NULL DEFAULT 0, errors TEXT, created_at TEXT NOT NULL DEFAULT ") +
              kSqliteNow + QStringLiteral(", updated_at TEXT, ended_at TEXT)"),
          QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_batch_items ("
                         "batch_row INTEGER NOT NULL, item_table TEXT NOT NULL, item_id TEXT NOT NULL, "
                         "custom_id TEXT NOT NULL, input_index INTEGER NOT NULL, content_hash TEXT NOT NULL, "
                         "tokens INTEGER NOT NULL DEFAULT 0, truncated INTEGER NOT NULL DEFAULT 0, "
                         "PRIMARY KEY (batch_row, item_id, item_table))")}},
        // 5: the provenance of the program that made each run (BuildInfo): its version, git
        // commit and Qt version.
        {5,
         {QStringLiteral("ALTER TABLE embedding_runs ADD COLUMN app_version text"),
          QStringLiteral("ALTER TABLE embedding_runs ADD COLUMN git_commit text"),
          QStringLiteral("ALTER TABLE embedding_runs ADD COLUMN qt_version text")},
         {QStringLiteral("ALTER TABLE embedding_runs ADD COLUMN app_version TEXT"),
          QStringLiteral("ALTER TABLE embedding_runs ADD COLUMN git_commit TEXT"),
          QStringLiteral("ALTER TABLE embedding_runs ADD COLUMN qt_version TEXT")}},
        // 6: zero-downtime model migration (ops/ModelMigration.h, docs/schema.md): each migration of
        // a table, and per row the vector of the new model staged beside the operator's table (with
        // the content hash it was made from and the time it was staged as of), and after the swap
        // the row's old vector, model and embedded-at for a rollback.
        {6,
         {QStringLiteral(
              "CREATE TABLE IF NOT EXISTS embedding_migrations ("
              "id bigserial PRIMARY KEY, item_table text NOT NULL, state text NOT NULL, "
              "from_model text, from_dimensions integer NOT NULL DEFAULT 0, to_model text NOT NULL, "
              "dimensions integer NOT NULL, tokens bigint NOT NULL DEFAULT 0, "
              "cost_usd double precision NOT NULL DEFAULT 0, "
              "started_at timestamptz NOT NULL DEFAULT now(), swapped_at timestamptz, "
              "rolled_back_at timestamptz, finished_at timestamptz)"),
          QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_migration_items ("
                         "item_table text NOT NULL, item_id text NOT NULL, migration_id bigint NOT NULL, "
                         "content_hash text, vector real[], tokens integer NOT NULL DEFAULT 0, "
                         "truncated boolean NOT NULL DEFAULT false, error text, "
                         "staged_asof timestamptz NOT NULL, swapped boolean NOT NULL DEFAULT false, "
                         "old_vector real[], old_model text, old_embedded_at timestamptz, old_hash text, "
                         "old_state_model text, old_state_dimensions integer, "
                         "PRIMARY KEY (item_id, item_table))")},
         {QStringLiteral(
              "CREATE TABLE IF NOT EXISTS embedding_migrations ("
              "id INTEGER PRIMARY KEY AUTOINCREMENT, item_table TEXT NOT NULL, state TEXT NOT NULL, "
              "from_model TEXT, from_dimensions INTEGER NOT NULL DEFAULT 0, to_model TEXT NOT NULL, "
              "dimensions INTEGER NOT NULL, tokens INTEGER NOT NULL DEFAULT 0, "
              "cost_usd REAL NOT NULL DEFAULT 0, started_at TEXT NOT NULL DEFAULT ") +
              kSqliteNow + QStringLiteral(", swapped_at TEXT, rolled_back_at TEXT, finished_at TEXT)"),
          QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_migration_items ("
                         "item_table TEXT NOT NULL, item_id TEXT NOT NULL, migration_id INTEGER NOT NULL, "
                         "content_hash TEXT, vector BLOB, tokens INTEGER NOT NULL DEFAULT 0, "
                         "truncated INTEGER NOT NULL DEFAULT 0, error TEXT, "
                         "staged_asof TEXT NOT NULL, swapped INTEGER NOT NULL DEFAULT 0, "
                         "old_vector BLOB, old_model TEXT, old_embedded_at TEXT, old_hash TEXT, "
                         "old_state_model TEXT, old_state_dimensions INTEGER, "
                         "PRIMARY KEY (item_id, item_table))")}},
        // 7: a model migration's staging through the Batch API (docs/batch-api.md): the migration
        // whose staging table a batch's vectors go to (NULL: the operator's table), and the items
        // behind open batches found by item.
        {7,
         {QStringLiteral("ALTER TABLE embedding_batches ADD COLUMN migration_id bigint"),
          QStringLiteral("CREATE INDEX IF NOT EXISTS embedding_batch_items_item ON embedding_batch_items "
                         "(item_table, item_id)")},
         {QStringLiteral("ALTER TABLE embedding_batches ADD COLUMN migration_id INTEGER"),
          QStringLiteral("CREATE INDEX IF NOT EXISTS embedding_batch_items_item ON embedding_batch_items "
                         "(item_table, item_id)")}},
    };
    return all;
}

QString versionTableDdl(bool postgres)
{
    return postgres
               ? QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_schema_version ("
                                "version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
               : QStringLiteral("CREATE TABLE IF NOT EXISTS embedding_schema_version ("
                                "version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT ") +
                     kSqliteNow + QStringLiteral(")");
}

/// False, with the statement's start and the database's message as the error.
bool failed(const QSqlQuery& query, const QString& statement, QString* error)
{
    if (error)
        *error = QStringLiteral("migration failed (%1): %2")
                     .arg(statement.left(60), firstLine(query.lastError().databaseText()));
    return false;
}

bool run(QSqlQuery& query, const QString& statement, QString* error)
{
    return query.exec(statement) || failed(query, statement, error);
}

/// A migration statement, with the catalog key bound where it names :item_table.
bool runMigrationStatement(QSqlDatabase& db, const QString& statement, const QString& catalogKey,
                           QString* error)
{
    QSqlQuery query(db);
    if (!statement.contains(QLatin1String(":item_table")))
        return run(query, statement, error);
    if (query.prepare(statement)) {
        query.bindValue(QStringLiteral(":item_table"), catalogKey);
        if (query.exec())
            return true;
    }
    return failed(query, statement, error);
}

int readVersion(QSqlDatabase& db, QString* error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT COALESCE(MAX(version), 0) FROM embedding_schema_version")) ||
        !query.next()) {
        if (error)
            *error = QStringLiteral("cannot read the console's schema version: %1")
                         .arg(firstLine(query.lastError().databaseText()));
        return -1;
    }
    return query.value(0).toInt();
}

} // namespace

int Migrations::latestVersion()
{
    return migrations().last().version;
}

int Migrations::currentVersion(QSqlDatabase& db, bool postgres, QString* error)
{
    QSqlQuery query(db);
    if (postgres) {
        if (!query.exec(QStringLiteral("SELECT to_regclass('embedding_schema_version') IS NOT NULL")) ||
            !query.next()) {
            if (error)
                *error = firstLine(query.lastError().databaseText());
            return -1;
        }
    } else if (!query.exec(QStringLiteral("SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' "
                                          "AND name = 'embedding_schema_version'")) ||
               !query.next()) {
        if (error)
            *error = firstLine(query.lastError().databaseText());
        return -1;
    }
    if (!query.value(0).toBool())
        return 0;
    query.finish();
    return readVersion(db, error);
}

bool Migrations::apply(QSqlDatabase& db, bool postgres, const QString& catalogKey, QString* error, int upTo)
{
    const int target = upTo > 0 ? qMin(upTo, latestVersion()) : latestVersion();
    QSqlQuery query(db);
    // Fast path: up to date already (no transaction, no lock).
    QString ignored;
    if (currentVersion(db, postgres, &ignored) >= target)
        return true;

    if (!run(query, postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE"), error))
        return false;
    auto rollback = [&] {
        QSqlQuery undo(db);
        undo.exec(QStringLiteral("ROLLBACK"));
        return false;
    };
    if (postgres &&
        !run(query, QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(advisoryLockKey), error))
        return rollback();
    if (!run(query, versionTableDdl(postgres), error))
        return rollback();
    query.finish();
    const int current = readVersion(db, error);
    if (current < 0)
        return rollback();
    if (current > latestVersion()) {
        if (error)
            *error =
                QStringLiteral("the database holds console schema version %1, newer than this build knows "
                               "(%2): upgrade embedctl")
                    .arg(current)
                    .arg(latestVersion());
        return rollback();
    }
    for (const Migration& migration : migrations()) {
        if (migration.version <= current || migration.version > target)
            continue;
        for (const QString& statement : postgres ? migration.postgres : migration.sqlite) {
            if (!runMigrationStatement(db, statement, catalogKey, error))
                return rollback();
        }
        QSqlQuery mark(db);
        mark.prepare(QStringLiteral("INSERT INTO embedding_schema_version (version) VALUES (:version)"));
        mark.bindValue(QStringLiteral(":version"), migration.version);
        if (!mark.exec()) {
            if (error)
                *error = QStringLiteral("migration %1 failed: %2")
                             .arg(migration.version)
                             .arg(firstLine(mark.lastError().databaseText()));
            return rollback();
        }
        qCInfo(lcStore) << "applied console schema migration" << migration.version;
    }
    if (!run(query, QStringLiteral("COMMIT"), error))
        return rollback();
    return true;
}

} // namespace ec
