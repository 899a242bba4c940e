// Webhook alerts delivered to a loopback HTTP server, in Slack- and Discord-compatible JSON,
// with the webhook's token never shown.
#include "WebhookReceiver.h"
#include "ops/RunAlerts.h"
#include "ops/WebhookNotifier.h"

#include <QJsonObject>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

namespace ec::test {

static const char* const kToken = "XyZsecretTokenValue42";

/// Everything logged while it lives.
class LogCapture
{
public:
    LogCapture()
    {
        s_lines.clear();
        m_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture() { qInstallMessageHandler(m_previous); }
    static QStringList lines() { return s_lines; }

private:
    static void handle(QtMsgType, const QMessageLogContext&, const QString& message) { s_lines << message; }
    static inline QStringList s_lines;
    QtMessageHandler m_previous = nullptr;
};

/// A webhook receiver whose URL ends in the token the tests look for.
class Receiver : public WebhookReceiver
{
public:
    Receiver()
        : WebhookReceiver(QLatin1String(kToken))
    {}
};

static RunProgress progress(qint64 runId, qint64 processed, qint64 failed, RunState state = RunState::Running)
{
    RunProgress p;
    p.state = state;
    p.runId = runId;
    p.total = 100;
    p.processed = processed;
    p.failed = failed;
    p.succeeded = processed - failed;
    return p;
}

class TstOpsWebhook : public QObject
{
    Q_OBJECT

    static AlertSettings settingsFor(const QUrl& url, double threshold = 0.05)
    {
        AlertSettings settings;
        settings.webhookUrl = url;
        settings.errorRateThreshold = threshold;
        return settings;
    }

    static void verifyNoToken(const QStringList& lines)
    {
        for (const QString& line : lines)
            QVERIFY2(!line.contains(QLatin1String(kToken)), qPrintable(line));
    }

private Q_SLOTS:
    void payloadSuitsSlackAndDiscord()
    {
        const QJsonObject o = WebhookNotifier::payload(QStringLiteral("hello"));
        QCOMPARE(o.value(QStringLiteral("text")).toString(), QStringLiteral("hello"));
        QCOMPARE(o.value(QStringLiteral("content")).toString(), QStringLiteral("hello"));
    }

    void urlIsMasked()
    {
        const WebhookNotifier slack(
            settingsFor(QUrl(QStringLiteral("https://hooks.slack.com/services/T1/B2/abcdefSECRET"))));
        QCOMPARE(slack.maskedUrl(), QStringLiteral("https://hooks.slack.com/services/T1/B2/***"));
        const WebhookNotifier discord(
            settingsFor(QUrl(QStringLiteral("https://discord.com/api/webhooks/123/tokTOKENtok"))));
        QVERIFY(!discord.maskedUrl().contains(QLatin1String("TOKEN")));
        const WebhookNotifier other(
            settingsFor(QUrl(QStringLiteral("https://alerts.example/hook/s3cr3tpath?key=k3y"))));
        QVERIFY(!other.maskedUrl().contains(QLatin1String("s3cr3tpath")));
        QVERIFY(!other.maskedUrl().contains(QLatin1String("k3y")));
    }

    void disabledWithoutAUrl()
    {
        WebhookNotifier notifier(AlertSettings{});
        QVERIFY(!notifier.enabled());
        notifier.send(QStringLiteral("nobody hears this"));
        QCOMPARE(notifier.pendingCount(), 0);
    }

    void alertIsDeliveredToTheWebhook()
    {
        Receiver receiver;
        QVERIFY(receiver.isListening());
        LogCapture log;
        WebhookNotifier notifier(settingsFor(receiver.url()));
        QSignalSpy delivered(&notifier, &WebhookNotifier::delivered);
        QSignalSpy idle(&notifier, &WebhookNotifier::idle);
        notifier.send(QStringLiteral("embedding run failed: database gone"));
        QCOMPARE(notifier.pendingCount(), 1);
        QVERIFY(delivered.wait(20000));
        QCOMPARE(delivered.first().first().toInt(), 200);
        QCOMPARE(idle.count(), 1);
        QCOMPARE(receiver.bodies().size(), 1);
        QCOMPARE(receiver.bodies()[0].value(QStringLiteral("text")).toString(),
                 QStringLiteral("embedding run failed: database gone"));
        QCOMPARE(receiver.bodies()[0].value(QStringLiteral("content")).toString(),
                 QStringLiteral("embedding run failed: database gone"));
        QVERIFY(receiver.contentTypes()[0].startsWith("application/json"));
        QVERIFY(!log.lines().isEmpty());
        QVERIFY(log.lines().join(QLatin1Char('\n')).contains(QLatin1String("/services/T000/B000/***")));
        verifyNoToken(log.lines());
    }

    void failedDeliveryKeepsTheTokenHidden()
    {
        Receiver receiver;
        receiver.setStatus(QHttpServerResponder::StatusCode::InternalServerError);
        LogCapture log;
        WebhookNotifier notifier(settingsFor(receiver.url()));
        QSignalSpy failed(&notifier, &WebhookNotifier::deliveryFailed);
        notifier.send(QStringLiteral("x"));
        QVERIFY(failed.wait(20000));
        const QString error = failed.first().first().toString();
        QVERIFY2(error.contains(QLatin1String("HTTP 500")), qPrintable(error));
        QVERIFY2(!error.contains(QLatin1String(kToken)), qPrintable(error));

        // Nothing listening: the network error text names the URL; it is masked too.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 closedPort = probe.serverPort();
        probe.close();
        WebhookNotifier refused(settingsFor(QUrl(QStringLiteral("http://127.0.0.1:%1/services/T/B/%2")
                                                     .arg(closedPort)
                                                     .arg(QLatin1String(kToken)))));
        QSignalSpy refusedSpy(&refused, &WebhookNotifier::deliveryFailed);
        refused.send(QStringLiteral("y"));
        QVERIFY(refusedSpy.wait(20000));
        QVERIFY2(!refusedSpy.first().first().toString().contains(QLatin1String(kToken)),
                 qPrintable(refusedSpy.first().first().toString()));
        verifyNoToken(log.lines());
    }

    void runAlertsOnFailureErrorRateAndCompletion()
    {
        Receiver receiver;
        LogCapture log;
        RunAlerts alerts(settingsFor(receiver.url(), 0.10));
        QSignalSpy allSent(&alerts, &RunAlerts::allSent);

        // Under the minimum sample: no judgement yet, even at 100% errors.
        alerts.onProgress(progress(7, 5, 5));
        QCOMPARE(alerts.isSending(), false);
        // 3 of 40 failed (7.5%): under the 10% threshold.
        alerts.onProgress(progress(7, 40, 3));
        QCOMPARE(alerts.isSending(), false);
        // 6 of 50 (12%): one alert, and only one however long it stays over.
        alerts.onProgress(progress(7, 50, 6));
        alerts.onProgress(progress(7, 60, 9));
        alerts.onProgress(progress(7, 70, 12));
        QVERIFY(allSent.wait(20000));
        QCOMPARE(receiver.bodies().size(), 1);
        const QString rate = receiver.bodies()[0].value(QStringLiteral("text")).toString();
        QVERIFY2(rate.contains(QLatin1String("#7")) && rate.contains(QLatin1String("12.0%")),
                 qPrintable(rate));

        // The summary when the run completes.
        RunSummary done;
        done.progress = progress(7, 100, 15, RunState::Completed);
        done.progress.tokens = 4321;
        done.errors = {{QStringLiteral("item-9"), 400, QStringLiteral("input is too long"), QString()}};
        alerts.onFinished(done);
        QVERIFY(allSent.wait(20000));
        QCOMPARE(receiver.bodies().size(), 2);
        const QString summary = receiver.bodies()[1].value(QStringLiteral("content")).toString();
        QVERIFY2(summary.contains(QLatin1String("completed")) &&
                     summary.contains(QLatin1String("4321 tokens")) &&
                     summary.contains(QLatin1String("item-9")),
                 qPrintable(summary));

        // The next run of the same controller may alert again; a failed run says why.
        alerts.onProgress(progress(8, 30, 30));
        RunSummary failed;
        failed.progress = progress(8, 30, 30, RunState::Failed);
        failed.error = QStringLiteral("database connection lost");
        alerts.onFinished(failed);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.bodies().size(), 4, 20000);
        // Sent together, they may arrive in either order.
        const QString third = receiver.bodies()[2].value(QStringLiteral("text")).toString();
        const QString fourth = receiver.bodies()[3].value(QStringLiteral("text")).toString();
        const QString rateAlert = third.contains(QLatin1String("error rate")) ? third : fourth;
        const QString failureAlert = third.contains(QLatin1String("error rate")) ? fourth : third;
        QVERIFY2(rateAlert.contains(QLatin1String("#8")) && rateAlert.contains(QLatin1String("error rate")),
                 qPrintable(rateAlert));
        QVERIFY2(failureAlert.contains(QLatin1String("failed: database connection lost")),
                 qPrintable(failureAlert));
        QTRY_VERIFY(!alerts.isSending());
        verifyNoToken(log.lines());
    }

    void smallRunIsJudgedAtItsEnd()
    {
        Receiver receiver;
        RunAlerts alerts(settingsFor(receiver.url(), 0.05));
        alerts.onProgress(progress(3, 4, 2));
        RunSummary done;
        done.progress = progress(3, 4, 2, RunState::Completed);
        alerts.onFinished(done);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.bodies().size(), 2, 20000); // error rate, then summary
    }

    void lockRefusedRunSendsNothing()
    {
        Receiver receiver;
        RunAlerts alerts(settingsFor(receiver.url()));
        RunSummary refused;
        refused.lockRefused = true;
        refused.progress.state = RunState::Failed;
        alerts.onFinished(refused);
        QVERIFY(!alerts.isSending());
    }

    void collectedBatchesAlertOnceEach()
    {
        Receiver receiver;
        QVERIFY(receiver.isListening());
        BatchRecord expired;
        expired.row = 7;
        expired.batchId = QStringLiteral("batch_abc123");
        expired.state = QStringLiteral("collected");
        expired.status = QStringLiteral("expired");
        expired.total = 8;
        expired.completed = 4;
        expired.failed = 1;
        expired.written = 190;
        expired.itemFailures = 10;
        expired.returned = 200;
        expired.billedTokens = 12345;
        expired.costUsd = 0.000123;
        expired.errors = QStringLiteral("batch_expired: the batch expired before it completed");
        BatchRecord done = expired;
        done.batchId = QStringLiteral("batch_def456");
        done.status = QStringLiteral("completed");

        const QString text = RunAlerts::batchText(expired, true);
        QVERIFY2(text.startsWith(QStringLiteral("Batch API batch batch_abc123 (row 7) on ")),
                 qPrintable(text));
        QVERIFY2(text.contains(
                     QStringLiteral(" expired: 4 of 8 requests completed, 1 failed; 190 items written, 10 "
                                    "failed, 200 back to pending; 12345 tokens, $0.0001 at the Batch API "
                                    "price [simulated endpoint]\nbatch_expired:")),
                 qPrintable(text));

        // Sent and waited for, as embedctl does before it exits: one alert per batch.
        LogCapture log;
        RunAlerts::sendBatchAlerts(settingsFor(receiver.url()), {expired, done}, false, 20000);
        QCOMPARE(receiver.bodies().size(), 2);
        QVERIFY(receiver.bodies()[0]
                    .value(QStringLiteral("text"))
                    .toString()
                    .contains(QLatin1String("batch_abc123")));
        QVERIFY(receiver.bodies()[1]
                    .value(QStringLiteral("text"))
                    .toString()
                    .contains(QLatin1String("batch_def456")));
        QVERIFY(!receiver.bodies()[1]
                     .value(QStringLiteral("text"))
                     .toString()
                     .contains(QLatin1String("simulated")));
        verifyNoToken(log.lines());
        // Nothing collected, nothing sent; no webhook, nothing sent.
        RunAlerts::sendBatchAlerts(settingsFor(receiver.url()), {}, false);
        RunAlerts::sendBatchAlerts(AlertSettings{}, {done}, false);
        QCOMPARE(receiver.bodies().size(), 2);
    }
};

} // namespace ec::test

QTEST_GUILESS_MAIN(ec::test::TstOpsWebhook)
#include "tst_ops_webhook.moc"
