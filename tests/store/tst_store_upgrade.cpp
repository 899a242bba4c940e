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
    void itemProbesUseThePrimaryKey();
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
    // table's item 1 is not. The cache index ends with the table (see itemProbesUseThePrimaryKey).
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
    QVERIFY2(q.value(0).toString().contains(QLatin1String("(model, dimensions, content_hash, item_table)")),
             qPrintable(q.value(0).toString()));
}

void TestStoreUpgrade::itemProbesUseThePrimaryKey()
{
    // A state table that mostly holds another catalog's rows, analyzed before this catalog's
    // rows arrived (a second catalog's first run): the planner thinks item_table = 'ai_items'
    // matches nothing. Were item_table the cache index's first column, that index would look
    // as good as the primary key for a page's per-item probe, and each probe would scan every
    // row of the catalog: a run grew quadratic that way. The probe must stay on the key.
    PipelineCatalog catalog(QStringLiteral("postgres"));
    if (!catalog.isValid())
        QSKIP(qPrintable(catalog.error()));
    QString error;
    auto connection = DatabaseConnection::open(catalog.url(), QString(), &error);
    QVERIFY2(connection, qPrintable(error));
    QSqlDatabase db = connection->database();
    QVERIFY2(Migrations::apply(db, true, QStringLiteral("ai_items"), &error), qPrintable(error));
    QSqlQuery q(db);
    const QString fill = QStringLiteral(
        "INSERT INTO embedding_item_state (item_table, item_id, content_hash, model, dimensions) "
        "SELECT '%1', 'item-' || g, md5(g::text) || md5(g::text), 'text-embedding-3-small', 1536 "
        "FROM generate_series(1, %2) g");
    QVERIFY2(q.exec(fill.arg(QStringLiteral("staging_items")).arg(20000)), qPrintable(q.lastError().text()));
    QVERIFY(q.exec(QStringLiteral("ANALYZE embedding_item_state")));
    QVERIFY2(q.exec(fill.arg(QStringLiteral("ai_items")).arg(5000)), qPrintable(q.lastError().text()));
    QVERIFY(q.exec(QStringLiteral(
        "EXPLAIN SELECT s.content_hash FROM (SELECT 'item-' || g AS id FROM generate_series(1, 500) g) t "
        "LEFT JOIN LATERAL (SELECT s.content_hash FROM embedding_item_state s WHERE s.item_table = "
        "'ai_items' AND s.item_id = t.id LIMIT 1) s ON true")));
    QString plan;
    while (q.next())
        plan += q.value(0).toString() + QLatin1Char('\n');
    QVERIFY2(plan.contains(QLatin1String("embedding_item_state_pkey")), qPrintable(plan));
    QVERIFY2(!plan.contains(QLatin1String("cache_idx")), qPrintable(plan));
    // Likewise for the clean-up of leases and failures at every commit: no index of the
    // console's item tables leads with item_table, so none invites a scan of a whole catalog's
    // rows joined to the committed ids by a filter.
    QVERIFY(q.exec(QStringLiteral("SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
                                  "('embedding_item_state', 'embedding_leases', 'embedding_failures')")));
    int indexes = 0;
    while (q.next()) {
        ++indexes;
        QVERIFY2(!q.value(1).toString().contains(QLatin1String("(item_table")),
                 qPrintable(q.value(1).toString()));
    }
    QCOMPARE(indexes, 5); // three primary keys, the cache index, the lease owner index
}

QTEST_GUILESS_MAIN(TestStoreUpgrade)
#include "tst_store_upgrade.moc"
