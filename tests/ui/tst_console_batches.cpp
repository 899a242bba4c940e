// The console's Batch API mode (offscreen, SQLite demo catalog, the simulator's Batch API on an
// accelerated clock): the start dialog's Batch API choice submits through BatchesJob and shows
// the Batches tab; Collect writes the vectors and the model shows the API's real status and
// counts; a collected batch raises a notification and one webhook alert; Cancel (confirmed)
// cancels at the API; an unreachable endpoint ends the step with its error shown, not a hang.

#include "BatchTableModel.h"
#include "BatchesView.h"
#include "ConsoleTestSession.h"
#include "EstimateDialog.h"
#include "ResetDialog.h"
#include "RunEndNotifier.h"
#include "WebhookReceiver.h"

#include "ops/StatusJob.h"
#include "pipeline/RunController.h"
#include "tokenizer/Cl100kTokenizer.h"

#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace ec;
using namespace ec::test;

namespace {

/// The simulator's Batch API: `minutesPerSecond` simulated minutes a second, 30 minutes of work
/// a batch.
ConsoleTestSession::Setup setupWithClock(double minutesPerSecond, double processingMinutes = 30)
{
    ConsoleTestSession::Setup setup;
    setup.items = 120;
    setup.simulator.batch.minutesPerSecond = minutesPerSecond;
    setup.simulator.batch.processingMinutes = processingMinutes;
    return setup;
}

/// Runs one step of the view and waits for its end; true when it ended (shown or failed).
bool step(ui::BatchesView* view, const std::function<void()>& start)
{
    QSignalSpy shown(view, &ui::BatchesView::batchesShown);
    QSignalSpy failed(view, &ui::BatchesView::stepFailed);
    start();
    return QTest::qWaitFor([&] { return !shown.isEmpty() || !failed.isEmpty(); }, 60000);
}

/// Collects until the first row is collected (the simulated batch ends within seconds).
bool collectUntilCollected(ui::BatchesView* view)
{
    for (int attempt = 0; attempt < 600; ++attempt) {
        if (!step(view, [view] { view->collectNow(); }))
            return false;
        const auto& batches = view->model()->batches();
        if (!batches.isEmpty() && batches.first().state == QLatin1String("collected"))
            return true;
    }
    return false;
}

} // namespace

class TstConsoleBatches : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QVERIFY(Cl100kTokenizer::instance().isValid());
    }

    void startDialogSubmitsAndCollects()
    {
        ConsoleTestSession session(setupWithClock(600));
        QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
        WebhookReceiver hook;
        QVERIFY(hook.isListening());
        AppConfig config = session.config();
        config.alerts.webhookUrl = hook.url();
        ui::MainWindow* window = session.window();
        window->setConfig(config);
        ui::BatchesView* view = window->batchesView();
        QVERIFY(!view->simulatedBadge()->isHidden()); // the endpoint is the simulator

        // The start dialog: estimate, then Batch API mode, then Submit.
        window->requestStart();
        ui::EstimateDialog* dialog = window->estimateDialog();
        QVERIFY(dialog);
        QSignalSpy estimated(dialog, &ui::EstimateDialog::estimateFinished);
        QVERIFY(estimated.wait(60000));
        QVERIFY(dialog->runMode()->isEnabled());
        dialog->runMode()->setCurrentIndex(1);
        QVERIFY(dialog->batchMode());
        QCOMPARE(dialog->startButton()->text(), QStringLiteral("Submit batches"));
        QSignalSpy submitted(view, &ui::BatchesView::submitFinished);
        dialog->startButton()->click();
        QVERIFY(submitted.wait(60000));
        QCOMPARE(submitted.first().at(1).toString(), QString());
        QVERIFY(!window->controller()->isRunning()); // no synchronous run
        QCOMPARE(window->tabs()->currentWidget(), view);

        const auto result = submitted.first().first().value<BatchSubmitResult>();
        QCOMPARE(result.batchIds.size(), 1);
        QCOMPARE(view->model()->rowCount(), 1);
        const BatchRecord open = view->model()->batches().first();
        QCOMPARE(open.batchId, result.batchIds.first());
        QCOMPARE(open.state, QStringLiteral("submitted"));
        QVERIFY(open.open());
        QCOMPARE(open.items, result.items);
        QVERIFY(open.items > 100);              // the demo catalog's sendable items
        QVERIFY(view->pollTimer()->isActive()); // polls while a batch is open
        QCOMPARE(session.scalar(
                     QStringLiteral("SELECT count(*) FROM embedding_leases WHERE owner LIKE 'batch:%'")),
                 open.items);
        QCOMPARE(session.embeddedCount(), 0);

        QVERIFY(collectUntilCollected(view));
        const BatchRecord done = view->model()->batches().first();
        QCOMPARE(done.status, QStringLiteral("completed"));
        QVERIFY(done.total > 0);
        QCOMPARE(done.completed, done.total);
        QCOMPARE(done.failed, 0);
        QCOMPARE(done.written, open.items);
        QVERIFY(done.costUsd > 0);
        QCOMPARE(view->model()
                     ->data(view->model()->index(0, ui::BatchTableModel::Progress),
                            ui::BatchTableModel::ProgressRole)
                     .toDouble(),
                 1.0);
        QCOMPARE(view->model()->data(view->model()->index(0, ui::BatchTableModel::Status)).toString(),
                 QStringLiteral("completed, collected"));
        QVERIFY(!view->pollTimer()->isActive());
        QCOMPARE(session.embeddedCount(), done.written);
        QCOMPARE(session.scalar(
                     QStringLiteral("SELECT count(*) FROM embedding_leases WHERE owner LIKE 'batch:%'")),
                 0);
        // The table as recorded says the same as the view.
        QCOMPARE(session.scalar(QStringLiteral("SELECT written FROM embedding_batches")), done.written);

        // The metrics' status read counts it (embedding_batches_collected_total and the rest).
        StatusJob status;
        QSignalSpy counted(&status, &StatusJob::finished);
        QVERIFY(status.start(session.config()));
        QVERIFY(counted.wait(30000));
        const auto totals = counted.first().first().value<StatusCounts>().batches;
        QVERIFY(totals.has_value());
        QCOMPARE(totals->open, 0);
        QCOMPARE(totals->collected, 1);
        QCOMPARE(totals->collectedTokens, done.billedTokens);
        QCOMPARE(totals->collectedCostUsd, done.costUsd);

        // One notification and one webhook alert for the batch, with its counts and cost.
        QVERIFY(session.window()->findChild<ui::RunEndNotifier*>());
        QVERIFY(
            session.window()->findChild<ui::RunEndNotifier*>()->lastNotification().contains(done.batchId));
        QTRY_COMPARE_WITH_TIMEOUT(hook.texts().size(), 1, 20000);
        const QString alert = hook.texts().first();
        QVERIFY2(alert.contains(done.batchId), qPrintable(alert));
        QVERIFY2(alert.contains(QStringLiteral("completed")), qPrintable(alert));
        QVERIFY2(alert.contains(QStringLiteral("%1 items written").arg(done.written)), qPrintable(alert));
        QVERIFY2(alert.contains(QStringLiteral("[simulated endpoint]")), qPrintable(alert));

        // Collecting again changes nothing and alerts nothing.
        QSignalSpy log(view, &ui::BatchesView::logLine);
        QVERIFY(step(view, [view] { view->collectNow(); }));
        QCOMPARE(view->model()->batches().first().written, done.written);
        for (const QList<QVariant>& line : log)
            QVERIFY2(
                !line.first().toString().startsWith(QStringLiteral("collected batch"), Qt::CaseInsensitive),
                qPrintable(line.first().toString()));
        QCOMPARE(hook.texts().size(), 1);
    }

    void resetDialogThenSubmitsToTheBatchApi()
    {
        ConsoleTestSession session(setupWithClock(600));
        QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
        ui::MainWindow* window = session.window();
        QVERIFY(window->startRun({}));
        QVERIFY(session.waitForRun().progress.succeeded > 0);
        const qint64 embedded = session.embeddedCount();

        // Reset every vector, then "Submit them to the Batch API now": batches, no run.
        window->openResetDialog();
        ui::ResetDialog* dialog = window->resetDialog();
        QVERIFY(dialog);
        QSignalSpy priced(dialog, &ui::ResetDialog::previewFinished);
        dialog->setModelNot(true, QStringLiteral("text-embedding-3-large"));
        QVERIFY(priced.wait(30000));
        QCOMPARE(dialog->affectedCount().value_or(-1), embedded);
        dialog->setThen(ui::ResetDialog::Then::BatchApiNow);
        ui::BatchesView* view = window->batchesView();
        QSignalSpy submitted(view, &ui::BatchesView::submitFinished);
        dialog->confirmButton()->click();
        QVERIFY(submitted.wait(60000));
        QCOMPARE(submitted.first().at(1).toString(), QString());
        QVERIFY(!window->controller()->isRunning());
        QCOMPARE(session.embeddedCount(), 0);
        const auto result = submitted.first().first().value<BatchSubmitResult>();
        QCOMPARE(result.batchIds.size(), 1);
        QVERIFY(result.items + result.skipped + result.cached + result.deduped >= embedded);
        QCOMPARE(window->tabs()->currentWidget(), view);
    }

    void cancelAfterConfirmation()
    {
        // A slow clock: the batch is still running when it is cancelled.
        ConsoleTestSession session(setupWithClock(60, 600));
        QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
        ui::MainWindow* window = session.window();
        ui::BatchesView* view = window->batchesView();
        QSignalSpy submitted(view, &ui::BatchesView::submitFinished);
        RunOptions options;
        options.limit = 40;
        QVERIFY(window->startBatches(options));
        QVERIFY(submitted.wait(60000));
        QCOMPARE(submitted.first().at(1).toString(), QString());
        QCOMPARE(view->model()->rowCount(), 1);
        const BatchRecord open = view->model()->batches().first();
        QVERIFY(open.items > 0 && open.items <= 40);

        view->table()->selectRow(0);
        auto* cancel = view->findChild<QPushButton*>(QStringLiteral("cancelBatch"));
        QVERIFY(cancel->isEnabled());
        // "No" leaves it alone.
        QTimer::singleShot(0, view, [] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
                box->button(QMessageBox::No)->click();
        });
        cancel->click();
        QVERIFY(!view->isBusy());
        QVERIFY(view->model()->batches().first().open());
        // "Yes" cancels at the API.
        QSignalSpy shown(view, &ui::BatchesView::batchesShown);
        QTimer::singleShot(0, view, [] {
            if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Yes)->click();
        });
        cancel->click();
        QVERIFY(shown.wait(60000));
        const QString status = view->model()->batches().first().status;
        QVERIFY2(status == QLatin1String("cancelling") || status == QLatin1String("cancelled"),
                 qPrintable(status));

        QVERIFY(collectUntilCollected(view));
        const BatchRecord done = view->model()->batches().first();
        QCOMPARE(done.status, QStringLiteral("cancelled"));
        QCOMPARE(done.written + done.returned + done.itemFailures, open.items);
        QCOMPARE(session.embeddedCount(), done.written);
        QCOMPARE(session.scalar(
                     QStringLiteral("SELECT count(*) FROM embedding_leases WHERE owner LIKE 'batch:%'")),
                 0);
        QVERIFY(!view->findChild<QPushButton*>(QStringLiteral("cancelBatch"))->isEnabled());
    }

    void unreachableEndpointEndsWithTheError()
    {
        ConsoleTestSession session(setupWithClock(600));
        QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
        ui::MainWindow* window = session.window();
        ui::BatchesView* view = window->batchesView();
        AppConfig config = session.config();
        session.simulator()->stop(); // nothing listens there any more
        config.api.requestTimeoutMs = 2000;
        window->setConfig(config);

        QSignalSpy submitted(view, &ui::BatchesView::submitFinished);
        QVERIFY(window->startBatches());
        QVERIFY(submitted.wait(60000));
        const QString error = submitted.first().at(1).toString();
        QVERIFY(!error.isEmpty());
        QVERIFY(!view->isBusy());
        QVERIFY2(view->message()->text().startsWith(QStringLiteral("Error: ")),
                 qPrintable(view->message()->text()));
        // Nothing was left leased or open: the row was abandoned and its items are pending.
        QCOMPARE(session.scalar(
                     QStringLiteral("SELECT count(*) FROM embedding_leases WHERE owner LIKE 'batch:%'")),
                 0);
        QCOMPARE(session.scalar(QStringLiteral(
                     "SELECT count(*) FROM embedding_batches WHERE state NOT IN ('abandoned', 'collected')")),
                 0);
        QCOMPARE(session.embeddedCount(), 0);
        QVERIFY(step(view, [view] { view->collectNow(); }));
        QVERIFY(!view->isBusy());
    }

    void ageAgainstTheWindow()
    {
        ui::BatchTableModel model;
        const QDateTime now = QDateTime::fromString(QStringLiteral("2026-12-02T12:00:00Z"), Qt::ISODate);
        model.setNow(now);
        BatchRecord open;
        open.state = QStringLiteral("submitted");
        open.status = QStringLiteral("in_progress");
        open.createdAt = now.addSecs(-(3 * 3600 + 10 * 60 + 59));
        open.total = 8;
        open.completed = 3;
        open.failed = 1;
        BatchRecord late = open;
        late.createdAt = now.addSecs(-(25 * 3600));
        BatchRecord collected = open;
        collected.state = QStringLiteral("collected");
        collected.status = QStringLiteral("expired");
        collected.createdAt = now.addSecs(-(30 * 3600));
        collected.endedAt = collected.createdAt.addSecs(24 * 3600 + 60);
        model.setBatches({open, late, collected});
        const auto text = [&](int row, int column) {
            return model.index(row, column).data().toString();
        };
        QCOMPARE(text(0, ui::BatchTableModel::Age), QStringLiteral("3 h 10 min of 24 h"));
        QVERIFY(!model.index(0, ui::BatchTableModel::Age).data(Qt::ForegroundRole).isValid());
        QCOMPARE(text(1, ui::BatchTableModel::Age), QStringLiteral("25 h 0 min of 24 h"));
        QVERIFY(model.index(1, ui::BatchTableModel::Age).data(Qt::ForegroundRole).isValid()); // red
        QCOMPARE(text(2, ui::BatchTableModel::Age), QStringLiteral("24 h 1 min of 24 h"));    // to its end
        QCOMPARE(text(0, ui::BatchTableModel::Progress), QStringLiteral("4 of 8"));
        QCOMPARE(
            model.index(0, ui::BatchTableModel::Progress).data(ui::BatchTableModel::ProgressRole).toDouble(),
            0.5);
        QCOMPARE(text(2, ui::BatchTableModel::Status), QStringLiteral("expired, collected"));
        QVERIFY(text(0, ui::BatchTableModel::Cost).startsWith(QLatin1Char('~'))); // expected, not billed
        QVERIFY(!text(2, ui::BatchTableModel::Cost).startsWith(QLatin1Char('~')));
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TstConsoleBatches)
#include "tst_console_batches.moc"
