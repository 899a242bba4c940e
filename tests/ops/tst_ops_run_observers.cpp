// RunMetrics and RunAlerts attached to a real RunController: a run of a demo catalog on
// SQLite against the simulator, its textfile checked by promtool and its summary delivered
// to a loopback webhook.
#include "SimulatorFixture.h"
#include "WebhookReceiver.h"
#include "ops/RunAlerts.h"
#include "ops/RunMetrics.h"
#include "pipeline/RunController.h"
#include "store/DemoCatalog.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace ec::test {

class TstOpsRunObservers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void metricsAndAlertsFollowARealRun()
    {
        SimulatorFixture sim;
        QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
        QTemporaryDir dir;
        AppConfig config;
        config.databaseUrl = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("catalog.db"));
        config.api = sim.apiSettings();
        config.batch.batchSize = 20;
        DemoOptions demo;
        demo.items = 150;
        QString error;
        const auto created = DemoCatalog::create(config, demo, &error);
        QVERIFY2(created, qPrintable(error));

        WebhookReceiver hook;
        QVERIFY(hook.isListening());
        config.alerts.webhookUrl = hook.url();

        RunController controller;
        RunMetrics metrics(&controller);
        RunAlerts runAlerts(config.alerts, &controller);
        const QString path = dir.filePath(QStringLiteral("embedctl.prom"));
        QVERIFY2(metrics.writeTextfile(path, &error), qPrintable(error));
        metrics.trackStatus(config);
        QSignalSpy finished(&controller, &RunController::finished);
        QSignalSpy settled(&metrics, &RunMetrics::settled);
        QVERIFY(controller.start(config));
        QVERIFY(finished.wait(120000));
        const RunSummary summary = finished.first().first().value<RunSummary>();
        QCOMPARE(summary.progress.state, RunState::Completed);
        QVERIFY(settled.count() == 1 || settled.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!runAlerts.isSending() && !hook.bodies().isEmpty(), 30000);

        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        QHash<QByteArray, double> s;
        for (const QByteArray& line : text.split('\n')) {
            if (!line.isEmpty() && !line.startsWith('#'))
                s.insert(line.left(line.lastIndexOf(' ')), line.mid(line.lastIndexOf(' ') + 1).toDouble());
        }
        // The table as counted after the run, the run's own figures, every request's latency.
        QCOMPARE(s.value("embedding_total_items"), 150.0);
        QCOMPARE(s.value("embedding_pending_items"), double(created->emptyTexts));
        QCOMPARE(s.value("embedding_run_info{state=\"completed\"}"), 1.0);
        QCOMPARE(s.value("embedding_items_processed_total{outcome=\"succeeded\"}"),
                 double(summary.progress.succeeded));
        QCOMPARE(s.value("embedding_tokens_total"), double(summary.progress.tokens));
        QCOMPARE(s.value("embedding_api_request_duration_seconds_count"),
                 double(summary.progress.apiRequests));
        QVERIFY(summary.progress.apiRequests >= 150 / 20);
        if (!QStandardPaths::findExecutable(QStringLiteral("promtool")).isEmpty()) {
            QProcess check;
            check.start(QStringLiteral("promtool"), {QStringLiteral("check"), QStringLiteral("metrics")});
            QVERIFY(check.waitForStarted());
            check.write(text);
            check.closeWriteChannel();
            QVERIFY(check.waitForFinished(60000));
            QVERIFY2(check.exitCode() == 0, check.readAllStandardOutput().constData());
        }

        QCOMPARE(hook.bodies().size(), 1); // the summary; nothing failed
        const QString summaryText = hook.bodies().first().value(QStringLiteral("text")).toString();
        QVERIFY2(summaryText.contains(QLatin1String("completed")) &&
                     summaryText.contains(QString::number(summary.progress.runId)),
                 qPrintable(summaryText));
        QCOMPARE(hook.bodies().first().value(QStringLiteral("content")).toString(), summaryText);
    }
};

} // namespace ec::test

QTEST_GUILESS_MAIN(ec::test::TstOpsRunObservers)
#include "tst_ops_run_observers.moc"
