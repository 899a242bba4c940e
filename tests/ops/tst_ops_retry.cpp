// "Retry failed", the one operation both faces call (RetryFailures): it releases exactly the
// recorded failures (or the ids given) and the run it plans retries exactly them, not every
// pending item; a run that never failed has nothing to retry.

#include "PipelineCatalog.h"
#include "PipelineRun.h"
#include "SimulatorFixture.h"

#include "ops/RetryFailures.h"
#include "store/FailureLog.h"
#include "store/ItemStore.h"

#include <QTest>

using namespace ec;
using namespace ec::test;

class OpsRetryTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retryRunsExactlyTheFailedItems();
};

void OpsRetryTest::retryRunsExactlyTheFailedItems()
{
    PipelineCatalog catalog(QStringLiteral("sqlite"));
    QVERIFY2(catalog.isValid(), qPrintable(catalog.error()));
    QVERIFY2(catalog.create(300, 300), qPrintable(catalog.error()));
    QVERIFY(catalog.exec(QStringLiteral("UPDATE ai_items SET title = 'POISON ' || id WHERE id IN "
                                        "('item-000007', 'item-000123', 'item-000250')")));
    SimulatorOptions refusing;
    refusing.faults = {QStringLiteral("bad-input:POISON")};
    {
        SimulatorFixture sim(refusing);
        RunOptions part;
        part.limit = 200; // items 201-300 stay pending, never tried
        const RunSummary first = runToEnd(configFor(catalog, sim), part);
        QCOMPARE(first.progress.failed, 2);
    }
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 102);

    SimulatorFixture accepting;
    const AppConfig config = configFor(catalog, accepting);
    QString error;
    auto store = ItemStore::open(config, QStringLiteral("retry-test"), &error);
    QVERIFY2(store, qPrintable(error));

    // One id given: only it is released and planned.
    auto one = RetryFailures::prepare(*store, {QStringLiteral("item-000123")}, &error);
    QVERIFY2(one, qPrintable(error));
    QCOMPARE(one->released, 1);
    QCOMPARE(one->options.onlyIds, QStringList{QStringLiteral("item-000123")});
    QVERIFY(one->options.ignoreBackoff);

    // No ids: every recorded failure, and the run retries those two, not the 100 never tried.
    const auto all = RetryFailures::prepare(*store, {}, &error);
    QVERIFY2(all, qPrintable(error));
    QCOMPARE(all->items, 2);
    QStringList planned = all->options.onlyIds;
    planned.sort();
    QCOMPARE(planned, (QStringList{QStringLiteral("item-000007"), QStringLiteral("item-000123")}));
    store.reset();

    const RunSummary retried = runToEnd(config, all->options);
    QCOMPARE(retried.progress.succeeded, 2);
    QCOMPARE(accepting.stats().inputsAccepted, quint64(2));
    QCOMPARE(catalog.count(QStringLiteral("embedding IS NULL")), 100);

    // Nothing failed any more: nothing to retry.
    store = ItemStore::open(config, QStringLiteral("retry-test-2"), &error);
    QVERIFY2(store, qPrintable(error));
    const auto none = RetryFailures::prepare(*store, {}, &error);
    QVERIFY2(none, qPrintable(error));
    QCOMPARE(none->items, 0);
    QCOMPARE(none->released, 0);
}

QTEST_GUILESS_MAIN(OpsRetryTest)
#include "tst_ops_retry.moc"
