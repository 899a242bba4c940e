// Upgrading the console's own tables from schema version 1, where they were keyed by item id
// alone, to version 2, keyed by (item_table, item_id): on SQLite and on PostgreSQL 15, each in
// a fresh database. What version 1 recorded is kept and belongs to the upgrading table.

#include "PipelineCatalog.h"
#include "store/Database.h"
#include "store/Migrations.h"
#include "store/SqlDialect.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace ec;
using namespace ec::test;

class TestStoreUpgrade : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionOneRecordsMoveToTheUpgradingTable_data();
    void versionOneRecordsMoveToTheUpgradingTable();
};

void TestStoreUpgrade::versionOneRecordsMoveToTheUpgradingTable_data()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
    QTest::newRow("postgres") << QStringLiteral("postgres");
}

void TestStoreUpgrade::versionOneRecordsMoveToTheUpgradingTable()
{
    QFETCH(QString, backend);
    PipelineCatalog catalog(backend);
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    QString error;
    auto connection = DatabaseConnection::open(catalog.url(), QString(), &error);
    QVERIFY2(connection, qPrintable(error));
    QSqlDatabase db = connection->database();
    const bool postgres = catalog.postgres();
    const SqlDialect sql(postgres);

    QVERIFY2(Migrations::apply(db, postgres, QStringLiteral("ai_items"), &error, 1), qPrintable(error));
    QCOMPARE(Migrations::currentVersion(db, postgres, &error), 1);
    QSqlQuery q(db);
    const QStringList versionOneRows = {
        QStringLiteral("INSERT INTO embedding_item_state (item_id, content_hash, model, dimensions, tokens) "
                       "VALUES ('item-1', 'hash-1', 'text-embedding-3-small', 64, 7)"),
        QStringLiteral("INSERT INTO embedding_item_state (item_id, content_hash, model, dimensions, tokens) "
                       "VALUES ('item-2', 'hash-2', 'text-embedding-3-small', 64, 9)"),
        QStringLiteral("INSERT INTO embedding_failures (item_id, attempts, http_status, message) "
                       "VALUES ('item-3', 2, 400, 'Invalid input')"),
        QStringLiteral("INSERT INTO embedding_leases (item_id, owner, run_id, expires_at) "
                       "VALUES ('item-4', 'host:1:1', 1, ") +
            sql.now() + QLatin1Char(')')};
    for (const QString& statement : versionOneRows)
        QVERIFY2(q.exec(statement), qPrintable(q.lastError().text()));

    // The catalog's name is folded to lower case, as both backends fold an unquoted name.
    QVERIFY2(Migrations::apply(db, postgres, SqlDialect::catalogKey(QStringLiteral("AI_Items")), &error),
             qPrintable(error));
    QCOMPARE(Migrations::currentVersion(db, postgres, &error), Migrations::latestVersion());

    QVERIFY(
        q.exec(QStringLiteral("SELECT item_table, item_id, content_hash, tokens FROM embedding_item_state "
                              "ORDER BY item_id")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("ai_items"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("item-1"));
    QCOMPARE(q.value(2).toString(), QStringLiteral("hash-1"));
    QCOMPARE(q.value(3).toInt(), 7);
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("ai_items"));
    QCOMPARE(q.value(2).toString(), QStringLiteral("hash-2"));
    QVERIFY(!q.next());
    QVERIFY(
        q.exec(QStringLiteral("SELECT item_table, attempts, http_status, message FROM embedding_failures")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("ai_items"));
    QCOMPARE(q.value(1).toInt(), 2);
    QCOMPARE(q.value(2).toInt(), 400);
    QCOMPARE(q.value(3).toString(), QStringLiteral("Invalid input"));
    QVERIFY(q.exec(QStringLiteral("SELECT item_table, owner FROM embedding_leases")));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), QStringLiteral("ai_items"));
    QCOMPARE(q.value(1).toString(), QStringLiteral("host:1:1"));

    // Keyed by (item_table, item_id): another table's item 1 is a row of its own, the same
    // table's item 1 is not, and the cache index leads with the table.
    QVERIFY2(
        q.exec(QStringLiteral("INSERT INTO embedding_item_state (item_table, item_id, content_hash, model, "
                              "dimensions) VALUES ('staging_items', 'item-1', 'h', 'm', 64)")),
        qPrintable(q.lastError().text()));
    QVERIFY(
        !q.exec(QStringLiteral("INSERT INTO embedding_item_state (item_table, item_id, content_hash, model, "
                               "dimensions) VALUES ('ai_items', 'item-1', 'h', 'm', 64)")));
    QVERIFY(
        !q.exec(QStringLiteral("INSERT INTO embedding_failures (item_id, attempts) VALUES ('item-9', 1)")));
    QVERIFY(q.exec(postgres ? QStringLiteral("SELECT indexdef FROM pg_indexes WHERE indexname = "
                                             "'embedding_item_state_cache_idx'")
                            : QStringLiteral("SELECT sql FROM sqlite_master WHERE name = "
                                             "'embedding_item_state_cache_idx'")));
    QVERIFY(q.next());
    QVERIFY2(q.value(0).toString().contains(QLatin1String("(item_table, model, dimensions, content_hash)")),
             qPrintable(q.value(0).toString()));
}

QTEST_GUILESS_MAIN(TestStoreUpgrade)
#include "tst_store_upgrade.moc"
