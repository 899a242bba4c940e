// Read-only commands stay read-only: `embedctl status`, `estimate` and `failures` run as a
// SELECT-only PostgreSQL role on a database where the console has never run (and where its
// tables exist but the role may not read them), and on a read-only SQLite file, creating
// nothing; the console's tables stood in for have this build's columns.
#include "PgCluster.h"

#include "store/ConsoleTables.h"
#include "store/ItemStore.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace ec;
using namespace ec::test;

namespace {

struct CliResult
{
    int exitCode = -1;
    QJsonObject json;
    QString stderrText;
};

QByteArray fileHash(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

} // namespace

class TestStoreReadOnly : public QObject
{
    Q_OBJECT

private:
    /// Runs the built embedctl with args (+ --json) in a clean home; its JSON on stdout.
    CliResult embedctl(const QStringList& args) const
    {
        QProcess process;
        process.setProgram(QStringLiteral(EC_BINARY_DIR "/app/embedctl"));
        process.setArguments(args + QStringList{QStringLiteral("--json")});
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), m_home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
        for (const char* name :
             {"PGPASSWORD", "PGSERVICE", "EMBEDCTL_DB", "OPENAI_API_KEY", "OPENAI_BASE_URL"})
            env.remove(QString::fromLatin1(name));
        process.setProcessEnvironment(env);
        process.start();
        CliResult result;
        if (!process.waitForFinished(60000)) {
            process.kill();
            process.waitForFinished();
            result.stderrText = QStringLiteral("embedctl did not finish");
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        result.json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
        result.stderrText = QString::fromUtf8(process.readAllStandardError());
        return result;
    }

    /// The console tables (not temporary ones) in the scratch database.
    int consoleTablesOnServer() const
    {
        const auto row =
            PgCluster::queryRow(m_db->url(), QStringLiteral("SELECT count(*) FROM pg_class WHERE "
                                                            "relname LIKE 'embedding\\_%' AND "
                                                            "relpersistence <> 't'"));
        return row ? row->value(0).toInt() : -1;
    }

    QString readerUrl() const
    {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3")
            .arg(m_role)
            .arg(PgCluster::port())
            .arg(m_db->name());
    }

    QTemporaryDir m_home;
    std::unique_ptr<ScratchDatabase> m_db;
    QString m_role;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_home.isValid());
        if (PgCluster::url().isEmpty())
            return;
        m_db = std::make_unique<ScratchDatabase>(QStringLiteral("ec_ro"));
        QVERIFY2(m_db->isValid(), qPrintable(m_db->error()));
        m_role = PgCluster::uniqueName(QStringLiteral("ec_reader"));
        QString error;
        // Five items: two current, one of another model, two without a vector.
        const QString current = QStringLiteral(
            "array_fill(0.5::real, ARRAY[1536]), 'text-embedding-3-small', now(), now() - interval '1 day'");
        QVERIFY2(
            PgCluster::exec(
                m_db->url(),
                QStringLiteral(
                    "CREATE TABLE ai_items (id bigint PRIMARY KEY, title text, summary text, tags text[], "
                    "embedding real[], embedding_model text, embedding_updated_at timestamptz, "
                    "updated_at timestamptz);"
                    "INSERT INTO ai_items VALUES "
                    "(1, 'Lamp', 'A desk lamp', ARRAY['home'], %1), (2, 'Mug', 'A mug', NULL, %1), "
                    "(3, 'Pen', 'A pen', NULL, array_fill(0.5::real, ARRAY[8]), 'old-model', now(), "
                    "now() - interval '1 day'), "
                    "(4, 'Desk', 'An oak desk', ARRAY['office'], NULL, NULL, NULL, now()), "
                    "(5, '책상', '원목 책상', NULL, NULL, NULL, NULL, now());"
                    "REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
                    "CREATE ROLE %2 LOGIN;"
                    "GRANT SELECT ON ai_items TO %2;")
                    .arg(current, m_role),
                &error),
            qPrintable(error));
    }

    void cleanupTestCase()
    {
        if (!m_db)
            return;
        m_db.reset(); // the database and the grants in it go first
        PgCluster::exec(PgCluster::url(), QStringLiteral("DROP ROLE IF EXISTS %1").arg(m_role));
    }

    void statusOfASelectOnlyRole()
    {
        if (!m_db)
            QSKIP("no PostgreSQL test cluster (run through ctest)");
        QCOMPARE(consoleTablesOnServer(), 0);
        const CliResult status = embedctl({QStringLiteral("status"), QStringLiteral("--db"), readerUrl()});
        QVERIFY2(status.exitCode == 0, qPrintable(status.stderrText));
        QCOMPARE(status.json.value(QStringLiteral("total_items")).toInteger(), 5);
        QCOMPARE(status.json.value(QStringLiteral("embedded_items")).toInteger(), 3);
        QCOMPARE(status.json.value(QStringLiteral("pending_items")).toInteger(),
                 2); // the original design's: no vector
        const QJsonObject pending = status.json.value(QStringLiteral("pending")).toObject();
        QCOMPARE(pending.value(QStringLiteral("total")).toInteger(), 3);
        QCOMPARE(pending.value(QStringLiteral("missing")).toInteger(), 2);
        QCOMPARE(pending.value(QStringLiteral("other_model")).toInteger(), 1);
        QCOMPARE(pending.value(QStringLiteral("outdated")).toInteger(), 0);
        QCOMPARE(status.json.value(QStringLiteral("failed_items")).toInteger(), 0);
        // Never run here: no failures is the truth, nothing is unavailable.
        QCOMPARE(status.json.value(QStringLiteral("unavailable")).toArray(), QJsonArray());
        QVERIFY2(!status.json.value(QStringLiteral("database")).toString().isEmpty(),
                 qPrintable(status.stderrText));
        QCOMPARE(consoleTablesOnServer(), 0);
    }

    void estimateAndFailuresOfASelectOnlyRole()
    {
        if (!m_db)
            QSKIP("no PostgreSQL test cluster (run through ctest)");
        const CliResult estimate =
            embedctl({QStringLiteral("estimate"), QStringLiteral("--db"), readerUrl()});
        QVERIFY2(estimate.exitCode == 0, qPrintable(estimate.stderrText));
        QCOMPARE(estimate.json.value(QStringLiteral("pending_items")).toInteger(), 3);
        QVERIFY(estimate.json.value(QStringLiteral("total_tokens")).toInteger() > 0);
        QCOMPARE(estimate.json.value(QStringLiteral("unavailable")).toArray(), QJsonArray());

        const CliResult failures =
            embedctl({QStringLiteral("failures"), QStringLiteral("--db"), readerUrl()});
        QVERIFY2(failures.exitCode == 0, qPrintable(failures.stderrText));
        QCOMPARE(failures.json.value(QStringLiteral("count")).toInteger(), 0);

        const CliResult dupes = embedctl({QStringLiteral("dupes"), QStringLiteral("--db"), readerUrl()});
        QVERIFY2(dupes.exitCode == 0, qPrintable(dupes.stderrText));
        QCOMPARE(dupes.json.value(QStringLiteral("items_scanned")).toInteger(), 3);
        QCOMPARE(consoleTablesOnServer(), 0);
    }

    void tablesTheRoleMayNotReadAreUnavailable()
    {
        if (!m_db)
            QSKIP("no PostgreSQL test cluster (run through ctest)");
        // The console has run here as its owner: its tables exist, with one failure recorded.
        AppConfig owner;
        owner.databaseUrl = m_db->url();
        QString error;
        {
            auto store = ItemStore::open(owner, QString(), &error);
            QVERIFY2(store, qPrintable(error));
        }
        QVERIFY2(
            PgCluster::exec(m_db->url(),
                            QStringLiteral("INSERT INTO embedding_failures (item_table, item_id, attempts, "
                                           "message, parked) VALUES ('ai_items', '4', 3, 'boom', true)"),
                            &error),
            qPrintable(error));
        const int tables = consoleTablesOnServer();
        QVERIFY(tables >= 5);

        CliResult status = embedctl({QStringLiteral("status"), QStringLiteral("--db"), readerUrl()});
        QVERIFY2(status.exitCode == 0, qPrintable(status.stderrText));
        QCOMPARE(status.json.value(QStringLiteral("total_items")).toInteger(), 5);
        QCOMPARE(status.json.value(QStringLiteral("unavailable")).toArray(),
                 (QJsonArray{QStringLiteral("failed_items"), QStringLiteral("parked_items")}));
        const CliResult failures =
            embedctl({QStringLiteral("failures"), QStringLiteral("--db"), readerUrl()});
        QVERIFY2(failures.exitCode == 0, qPrintable(failures.stderrText));
        QCOMPARE(failures.json.value(QStringLiteral("unavailable")).toArray(),
                 (QJsonArray{QStringLiteral("failures")}));
        // The text form says so too.
        QProcess text;
        text.setProgram(QStringLiteral(EC_BINARY_DIR "/app/embedctl"));
        text.setArguments({QStringLiteral("status"), QStringLiteral("--db"), readerUrl()});
        text.start();
        QVERIFY(text.waitForFinished(60000));
        QCOMPARE(text.exitCode(), 0);
        QVERIFY(QString::fromUtf8(text.readAllStandardOutput()).contains(QLatin1String("unknown")));
        QVERIFY(QString::fromUtf8(text.readAllStandardError()).contains(QLatin1String("embedding_failures")));

        // Once it may read them, the figures are there.
        QVERIFY2(PgCluster::exec(m_db->url(),
                                 QStringLiteral("GRANT SELECT ON embedding_item_state, embedding_failures, "
                                                "embedding_leases, embedding_runs, embedding_resets TO %1")
                                     .arg(m_role),
                                 &error),
                 qPrintable(error));
        status = embedctl({QStringLiteral("status"), QStringLiteral("--db"), readerUrl()});
        QVERIFY2(status.exitCode == 0, qPrintable(status.stderrText));
        QCOMPARE(status.json.value(QStringLiteral("failed_items")).toInteger(), 1);
        QCOMPARE(status.json.value(QStringLiteral("parked_items")).toInteger(), 1);
        QCOMPARE(status.json.value(QStringLiteral("unavailable")).toArray(), QJsonArray());
        QCOMPARE(consoleTablesOnServer(), tables);
    }

    void readOnlySqliteFile()
    {
        const QString path = m_home.filePath(QStringLiteral("readonly.db"));
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("seed"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE ai_items (id INTEGER PRIMARY KEY, title TEXT, summary TEXT, tags TEXT, "
                "embedding BLOB, embedding_model TEXT, embedding_updated_at TEXT, updated_at TEXT)")));
            QVERIFY(q.exec(QStringLiteral("INSERT INTO ai_items (id, title, summary, updated_at) VALUES "
                                          "(1, 'Lamp', 'A lamp', '2026-01-01T00:00:00.000Z'), "
                                          "(2, 'Mug', 'A mug', '2026-01-01T00:00:00.000Z'), "
                                          "(3, 'Pen', NULL, '2026-01-01T00:00:00.000Z')")));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("seed"));
        QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        const QByteArray before = fileHash(path);
        const QString url = QStringLiteral("sqlite://") + path;

        const CliResult status = embedctl({QStringLiteral("status"), QStringLiteral("--db"), url});
        QVERIFY2(status.exitCode == 0, qPrintable(status.stderrText));
        QCOMPARE(status.json.value(QStringLiteral("total_items")).toInteger(), 3);
        QCOMPARE(status.json.value(QStringLiteral("pending_items")).toInteger(), 3);
        QCOMPARE(status.json.value(QStringLiteral("unavailable")).toArray(), QJsonArray());
        const CliResult estimate = embedctl({QStringLiteral("estimate"), QStringLiteral("--db"), url});
        QVERIFY2(estimate.exitCode == 0, qPrintable(estimate.stderrText));
        QCOMPARE(estimate.json.value(QStringLiteral("pending_items")).toInteger(), 3);
        // Not a byte changed (root may write a 0444 file: the connection itself is read-only).
        QCOMPARE(fileHash(path), before);
        QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));

        // A missing file is an error that says so, and is not created.
        const QString absent = m_home.filePath(QStringLiteral("absent.db"));
        const CliResult missing = embedctl(
            {QStringLiteral("status"), QStringLiteral("--db"), QStringLiteral("sqlite://") + absent});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.stderrText.contains(QLatin1String("does not exist")),
                 qPrintable(missing.stderrText));
        QVERIFY(!QFile::exists(absent));
    }

    void standInsHaveTheMigratedColumns()
    {
        // What the migrations create and what a read-only session stands in must not drift apart.
        const QString path = m_home.filePath(QStringLiteral("migrated.db"));
        AppConfig config;
        config.databaseUrl = QStringLiteral("sqlite://") + path;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("seed2"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral(
                "CREATE TABLE ai_items (id INTEGER PRIMARY KEY, title TEXT, summary TEXT, tags TEXT, "
                "embedding BLOB, embedding_model TEXT, embedding_updated_at TEXT, updated_at TEXT)")));
            q.finish();
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("seed2"));
        QString error;
        auto migrated = ItemStore::open(config, QString(), &error);
        QVERIFY2(migrated, qPrintable(error));
        QSqlDatabase db = migrated->database();
        for (const QString& table : ConsoleTables::names()) {
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)));
            QStringList columns;
            while (q.next())
                columns << q.value(1).toString();
            QStringList expected = ConsoleTables::columns(table);
            columns.sort();
            expected.sort();
            QCOMPARE(columns, expected);
        }
        db = QSqlDatabase();
        migrated.reset();

        // A read-only session over the migrated file reads the real tables.
        StoreOptions readOnly;
        readOnly.migrate = false;
        auto reader = ItemStore::open(config, QString(), &error, readOnly);
        QVERIFY2(reader, qPrintable(error));
        for (const ConsoleTableAccess& access : reader->consoleTables())
            QVERIFY2(access.state == ConsoleTableAccess::State::Readable,
                     qPrintable(access.table + access.reason));
    }
};

QTEST_GUILESS_MAIN(TestStoreReadOnly)
#include "tst_store_readonly.moc"
