// The item store on PostgreSQL 15 with a real[] column and text, bigint and uuid ids, plus
// connection errors, password sources, session settings and concurrent migrations.
#include "StoreSuite.h"

#include "PgCluster.h"
#include "store/Migrations.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace ec;
using namespace ec::test;

class TestStorePostgres : public StoreSuite
{
    Q_OBJECT

public:
    TestStorePostgres()
        : m_scratch(QStringLiteral("ec_store_pg"))
    {}

protected:
    Backend backend() const override
    {
        Backend b;
        b.postgres = true;
        b.embeddingType = QStringLiteral("real[]");
        b.kind = VectorColumnKind::PgRealArray;
        b.idTypes = {QStringLiteral("text"), QStringLiteral("bigint"), QStringLiteral("uuid")};
        return b;
    }
    QString databaseUrl(QString* why) const override
    {
        if (!m_scratch.isValid())
            *why = m_scratch.error();
        return m_scratch.url();
    }

private:
    QProcessEnvironment envWithout() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("PGPASSWORD"));
        env.insert(QStringLiteral("PGPASSFILE"), m_dir.filePath(QStringLiteral("none")));
        return env;
    }

    ScratchDatabase m_scratch;
    QTemporaryDir m_dir;

private Q_SLOTS:
    void serverDownIsAClearError()
    {
        const QString url =
            QStringLiteral("postgresql://postgres@127.0.0.1:%1/postgres").arg(PgCluster::unusedPort());
        QString error;
        QVERIFY(!DatabaseConnection::open(url, QString(), &error));
        QVERIFY2(error.contains(QLatin1String("connection refused")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
    }

    void authFailureIsAClearError()
    {
        QUrl url(PgCluster::authUrl());
        url.setPassword(QStringLiteral("wrong-password-123"));
        QString error;
        QVERIFY(!DatabaseConnection::open(url.toString(), QString(), &error));
        QVERIFY2(error.contains(QLatin1String("authentication failed")) &&
                     error.contains(QLatin1String("ec_auth")),
                 qPrintable(error));
        QVERIFY(!error.contains(QLatin1String("wrong-password")));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        // No password at all.
        const auto bare = DatabaseUrl::parse(PgCluster::authUrl(), &error, envWithout());
        QVERIFY2(bare, qPrintable(error));
        QVERIFY(!DatabaseConnection::open(*bare, QString(), &error));
        QVERIFY2(error.contains(QLatin1String("password")), qPrintable(error));
    }

    void passwordFromPgpassAndEnvironment()
    {
        const QString path = m_dir.filePath(QStringLiteral("pgpass"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("127.0.0.1:%1:*:ec_auth:%2\n")
                       .arg(PgCluster::port())
                       .arg(PgCluster::authPassword())
                       .toUtf8());
        file.close();
        file.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
        QProcessEnvironment env = envWithout();
        env.insert(QStringLiteral("PGPASSFILE"), path);
        QString error;
        auto url = DatabaseUrl::parse(PgCluster::authUrl(), &error, env);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->passwordSource, DatabaseUrl::PasswordSource::PasswordFile);
        QVERIFY2(DatabaseConnection::open(*url, QString(), &error), qPrintable(error));

        env = envWithout();
        env.insert(QStringLiteral("PGPASSWORD"), PgCluster::authPassword());
        url = DatabaseUrl::parse(PgCluster::authUrl(), &error, env);
        QVERIFY2(url, qPrintable(error));
        QVERIFY2(DatabaseConnection::open(*url, QString(), &error), qPrintable(error));
    }

    void urlParametersReachTheServer()
    {
        // libpq reads the URL: options (with spaces) and application_name arrive on the server.
        QString error;
        auto connection = DatabaseConnection::open(
            m_scratch.url() + QStringLiteral("?options=-c%20statement_timeout%3D1234&application_name=probe"),
            QString(), &error);
        QVERIFY2(connection, qPrintable(error));
        QSqlQuery q(connection->database());
        QVERIFY(q.exec(QStringLiteral("SHOW statement_timeout")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("1234ms"));
        QVERIFY(q.exec(QStringLiteral(
                    "SELECT application_name FROM pg_stat_activity WHERE pid = pg_backend_pid()")) &&
                q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("probe"));
    }

    void keyValueStringsServicesAndSeveralHosts()
    {
        const QString database = m_scratch.name();
        const int port = PgCluster::port();
        QString error;
        // A libpq key=value string, a value with spaces quoted.
        auto connection = DatabaseConnection::open(
            QStringLiteral("host=127.0.0.1 port=%1 dbname=%2 user=postgres application_name='key value'")
                .arg(port)
                .arg(database),
            QString(), &error);
        QVERIFY2(connection, qPrintable(error));
        {
            QSqlQuery q(connection->database());
            QVERIFY(
                q.exec(QStringLiteral("SELECT current_setting('application_name'), current_database()")) &&
                q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("key value"));
            QCOMPARE(q.value(1).toString(), database);
        }
        connection.reset();
        // Several hosts: the first one is down, libpq goes on to the next (read-write) one.
        connection = DatabaseConnection::open(
            QStringLiteral(
                "postgresql://postgres@127.0.0.1:%1,127.0.0.1:%2/%3?target_session_attrs=read-write")
                .arg(PgCluster::unusedPort())
                .arg(port)
                .arg(database),
            QString(), &error);
        QVERIFY2(connection, qPrintable(error));
        connection.reset();
        // A service of pg_service.conf.
        const QString serviceFile = m_dir.filePath(QStringLiteral("pg_service.conf"));
        QFile file(serviceFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral("[ec_catalog]\nhost=127.0.0.1\nport=%1\ndbname=%2\nuser=postgres\n"
                                  "application_name=from-service\n")
                       .arg(port)
                       .arg(database)
                       .toUtf8());
        file.close();
        const QByteArray previous = qgetenv("PGSERVICEFILE");
        qputenv("PGSERVICEFILE", serviceFile.toLocal8Bit());
        connection =
            DatabaseConnection::open(QStringLiteral("postgresql://?service=ec_catalog"), QString(), &error);
        if (previous.isNull())
            qunsetenv("PGSERVICEFILE");
        else
            qputenv("PGSERVICEFILE", previous);
        QVERIFY2(connection, qPrintable(error));
        QSqlQuery q(connection->database());
        QVERIFY(q.exec(QStringLiteral("SELECT current_setting('application_name'), current_database()")) &&
                q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("from-service"));
        QCOMPARE(q.value(1).toString(), database);
    }

    void missingDatabaseIsAClearError()
    {
        QString error;
        QVERIFY(!DatabaseConnection::open(
            PgCluster::withDatabase(PgCluster::url(), QStringLiteral("no_such_db_ec")), QString(), &error));
        QVERIFY2(error.contains(QLatin1String("no_such_db_ec")) &&
                     error.contains(QLatin1String("does not exist")),
                 qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
    }

    void sessionSettings_data()
    {
        QTest::addColumn<QString>("suffix");
        QTest::newRow("plain") << QString();
        QTest::newRow("discard_all") << QStringLiteral("?discard_all=1");
    }
    void sessionSettings()
    {
        QFETCH(QString, suffix);
        QString error;
        auto connection = DatabaseConnection::open(m_scratch.url() + suffix, QString(), &error);
        QVERIFY2(connection, qPrintable(error));
        QVERIFY(!connection->isPglite());
        QVERIFY(connection->serverVersion().startsWith(QLatin1String("PostgreSQL 15")));
        QSqlQuery q(connection->database());
        QVERIFY(q.exec(QStringLiteral("SELECT application_name, current_setting('TimeZone'), "
                                      "current_setting('client_encoding') FROM pg_stat_activity "
                                      "WHERE pid = pg_backend_pid()")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("embedding-console"));
        QCOMPARE(q.value(1).toString(), QStringLiteral("UTC"));
        QCOMPARE(q.value(2).toString(), QStringLiteral("UTF8"));
    }

    void concurrentMigratorsSerialise()
    {
        ScratchDatabase fresh(QStringLiteral("ec_store_migr"));
        QVERIFY2(fresh.isValid(), qPrintable(fresh.error()));
        QString errors[4];
        bool ok[4] = {};
        QList<QThread*> threads;
        for (int i = 0; i < 4; ++i) {
            threads << QThread::create([&, i] {
                auto connection = DatabaseConnection::open(fresh.url(), QString(), &errors[i]);
                if (!connection)
                    return;
                QSqlDatabase db = connection->database();
                ok[i] = Migrations::apply(db, true, QStringLiteral("ai_items"), &errors[i]);
            });
        }
        for (QThread* t : threads)
            t->start();
        for (QThread* t : threads) {
            QVERIFY(t->wait(60000));
            delete t;
        }
        for (int i = 0; i < 4; ++i)
            QVERIFY2(ok[i], qPrintable(errors[i]));
        const auto row =
            PgCluster::queryRow(fresh.url(), QStringLiteral("SELECT count(*) FROM embedding_schema_version"));
        QVERIFY(row);
        QCOMPARE(row->value(0).toInt(), Migrations::latestVersion());
    }

    void jsonbTagsAndIntegerIds()
    {
        QString error;
        auto connection = connect(&error);
        QVERIFY2(connection, qPrintable(error));
        const QString table = newTable(QStringLiteral("jsonb"));
        {
            QSqlDatabase db = connection->database();
            QVERIFY2(exec(db,
                          QStringLiteral(
                              "CREATE TABLE %1 (id serial PRIMARY KEY, title varchar(200), summary text, "
                              "tags jsonb, embedding float4[], embedding_model text, "
                              "embedding_updated_at timestamp, updated_at timestamp);"
                              "INSERT INTO %1 (title, tags, updated_at) VALUES "
                              "('a', '[\"x\", \"한글\"]', '2024-01-01 00:00:00'), ('b', NULL, now())")
                              .arg(table),
                          &error),
                     qPrintable(error));
        }
        auto store = ItemStore::attach(std::move(connection), spec(table), &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(int(store->schema().idKind), int(IdKind::BigInt));
        QCOMPARE(int(store->schema().tagsKind), int(TagsKind::Json));
        const auto item = store->item(QStringLiteral("1"), embedding(), &error);
        QVERIFY2(item, qPrintable(error));
        QCOMPARE(item->tags, (QStringList{QStringLiteral("x"), QStringLiteral("한글")}));
        QCOMPARE(item->updatedAt, QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt::UTC));
        const auto status = store->status(embedding());
        QVERIFY2(status, qPrintable(status.error()));
        QCOMPARE(status->totalItems, qint64(2));
        QCOMPARE(status->progressPercent, 0.0);
    }

    void demoCatalogInBulk() { checkDemoCatalogInBulk(); }
};

QTEST_GUILESS_MAIN(TestStorePostgres)
#include "tst_store_postgres.moc"
