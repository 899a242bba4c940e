// The item store on PGlite: real PostgreSQL with real pgvector, a vector(4) column, one
// session at a time, prepared statements that outlive their session.
#include "StoreSuite.h"

#include "PgCluster.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

using namespace ec;
using namespace ec::test;

class TestStorePglite : public StoreSuite
{
    Q_OBJECT

protected:
    Backend backend() const override
    {
        Backend b;
        b.postgres = true;
        b.embeddingType = QStringLiteral("vector(4)");
        b.kind = VectorColumnKind::PgVector;
        b.declaredDimensions = kDims;
        b.canStoreOtherDims = false; // vector(4) refuses 3 values
        b.idTypes = {QStringLiteral("text"), QStringLiteral("bigint"), QStringLiteral("uuid")};
        return b;
    }
    QString databaseUrl(QString* why) const override
    {
        const QString url = PgCluster::pgliteUrl();
        if (url.isEmpty())
            *why = QStringLiteral("no PGlite server (run through ctest: fixture 'pglite')");
        return url;
    }
    bool prepareDatabase(QString* error) override
    {
        auto connection = connect(error);
        if (!connection)
            return false;
        QSqlDatabase db = connection->database();
        return exec(db, QStringLiteral("CREATE EXTENSION IF NOT EXISTS vector"), error);
    }

private Q_SLOTS:
    void detectsPgliteAndItsVectorColumn()
    {
        QString error;
        auto connection = connect(&error);
        QVERIFY2(connection, qPrintable(error));
        QVERIFY(connection->isPglite());
        QVERIFY2(connection->serverVersion().contains(QLatin1String("PGlite")),
                 qPrintable(connection->serverVersion()));
        const QString table = newTable(QStringLiteral("vec"));
        {
            QSqlDatabase db = connection->database();
            QVERIFY2(createTable(db, table, QStringLiteral("text"), &error), qPrintable(error));
        }
        auto store = ItemStore::attach(std::move(connection), spec(table), &error);
        QVERIFY2(store, qPrintable(error));
        QVERIFY(store->schema().pglite);
        QCOMPARE(store->schema().embeddingType, QStringLiteral("vector(4)"));
    }

    void discardAllClearsStatementsOfEarlierSessions()
    {
        QString error;
        ConnectOptions keep;
        keep.discardAll = DatabaseUrl::DiscardAll::Never;
        {
            auto first = DatabaseConnection::open(databaseUrl(&error), QString(), &error, keep);
            QVERIFY2(first, qPrintable(error));
            QSqlDatabase db = first->database();
            QVERIFY2(exec(db, QStringLiteral("PREPARE ec_probe AS SELECT 1"), &error), qPrintable(error));
        }
        {
            // The next session still sees it: PGlite's behaviour the store guards against.
            auto second = DatabaseConnection::open(databaseUrl(&error), QString(), &error, keep);
            QVERIFY2(second, qPrintable(error));
            QSqlQuery q(second->database());
            const bool leaked = !q.exec(QStringLiteral("PREPARE ec_probe AS SELECT 1"));
            qInfo("PGlite keeps prepared statements across sessions: %s", leaked ? "yes" : "no");
        }
        {
            auto third =
                DatabaseConnection::open(databaseUrl(&error), QString(), &error); // Auto: DISCARD ALL
            QVERIFY2(third, qPrintable(error));
            QSqlDatabase db = third->database();
            QVERIFY2(exec(db, QStringLiteral("PREPARE ec_probe AS SELECT 1"), &error), qPrintable(error));
            QVERIFY2(exec(db, QStringLiteral("DEALLOCATE ALL"), &error), qPrintable(error));
            QSqlQuery q(db);
            QVERIFY(q.exec(QStringLiteral("SELECT current_setting('TimeZone')")) && q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("UTC"));
        }
    }
};

QTEST_GUILESS_MAIN(TestStorePglite)
#include "tst_store_pglite.moc"
