// Prometheus exposition (checked by promtool), the atomic textfile for node_exporter, the
// /metrics server on loopback, and RunMetrics following a run.
#include "ops/MetricsServer.h"
#include "ops/MetricsTextfileWriter.h"
#include "ops/PrometheusExposition.h"
#include "ops/RunMetrics.h"
#include "store/DemoCatalog.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <sys/stat.h>
#include <thread>

namespace ec::test {

/// The samples of an exposition: "name{labels}" → value.
static QHash<QByteArray, double> samples(const QByteArray& text)
{
    QHash<QByteArray, double> out;
    for (const QByteArray& line : text.split('\n')) {
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const int space = line.lastIndexOf(' ');
        const QByteArray value = line.mid(space + 1);
        out.insert(line.left(space), value == "+Inf" ? qInf() : value.toDouble());
    }
    return out;
}

static StatusCounts someStatus()
{
    StatusCounts s;
    s.totalItems = 200;
    s.embeddedItems = 85;
    s.progressPercent = 42.5;
    s.lastUpdate = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    s.pendingMissing = 115;
    s.pendingOutdated = 7;
    s.pendingOtherModel = 3;
    s.failedItems = 4;
    s.parkedItems = 1;
    s.batches = BatchTotals{2, 3, 45000, 0.00045};
    return s;
}

static RunProgress someProgress()
{
    RunProgress p;
    p.state = RunState::Running;
    p.runId = 17;
    p.total = 125;
    p.processed = 60;
    p.succeeded = 50;
    p.failed = 3;
    p.skipped = 2;
    p.unchanged = 5;
    p.deduped = 4;
    p.cached = 6;
    p.tokens = 12345;
    p.costUsd = 0.0002469;
    p.apiRequests = 9;
    p.apiInputs = 40;
    p.apiErrors = 2;
    p.retries = 2;
    p.rateLimited = 1;
    p.inFlight = 3;
    p.itemsPerSecond = 12.5;
    p.elapsedSeconds = 4.8;
    p.etaSeconds = 5.2;
    return p;
}

class TstOpsMetrics : public QObject
{
    Q_OBJECT

    /// promtool's verdict on text; empty when it passes.
    static QString promtool(const QByteArray& text)
    {
        QProcess check;
        check.start(QStandardPaths::findExecutable(QStringLiteral("promtool")),
                    {QStringLiteral("check"), QStringLiteral("metrics")});
        if (!check.waitForStarted())
            return QStringLiteral("promtool did not start");
        check.write(text);
        check.closeWriteChannel();
        check.waitForFinished(60000);
        if (check.exitStatus() == QProcess::NormalExit && check.exitCode() == 0)
            return QString();
        return QString::fromUtf8(check.readAllStandardOutput() + check.readAllStandardError());
    }

    static void requirePromtool()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("promtool")).isEmpty())
            QSKIP("promtool is not installed (Debian package prometheus)");
    }

    static QByteArray get(const QUrl& url, const QByteArray& verb = "GET", int* status = nullptr,
                          QByteArray* contentType = nullptr)
    {
        QNetworkAccessManager network;
        QNetworkRequest request(url);
        QNetworkReply* reply = network.sendCustomRequest(request, verb);
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(20000))
            return QByteArray();
        if (status)
            *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (contentType)
            *contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        const QByteArray body = reply->readAll();
        reply->deleteLater();
        return body;
    }

private Q_SLOTS:
    void everySnapshotPassesPromtool_data()
    {
        QTest::addColumn<bool>("status");
        QTest::addColumn<bool>("run");
        QTest::newRow("status --prometheus") << true << false;
        QTest::newRow("run") << false << true;
        QTest::newRow("run with the table") << true << true;
    }

    void everySnapshotPassesPromtool()
    {
        requirePromtool();
        QFETCH(bool, status);
        QFETCH(bool, run);
        MetricsSnapshot snapshot;
        if (status)
            snapshot.status = someStatus();
        if (run) {
            snapshot.run = someProgress();
            LatencyHistogram latency;
            for (const double s : {0.003, 0.02, 0.02, 0.7, 90.0})
                latency.observe(s);
            snapshot.latency = latency;
            snapshot.process = ProcessStats::current();
        }
        const QByteArray text = PrometheusExposition::render(snapshot);
        const QString verdict = promtool(text);
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict + QStringLiteral("\n") + QString::fromUtf8(text)));
        // Every family has its HELP and TYPE.
        QCOMPARE(text.count("# HELP "), text.count("# TYPE "));
    }

    void seedGaugesCarryTheTable()
    {
        const QHash<QByteArray, double> s = samples(renderStatusMetrics(someStatus()));
        QCOMPARE(s.value("embedding_progress_percent"), 42.5);
        QCOMPARE(s.value("embedding_total_items"), 200.0);
        QCOMPARE(s.value("embedding_pending_items"), 115.0); // rows without an embedding
        QCOMPARE(s.value("embedding_errors_total"), 4.0);
        QCOMPARE(s.value("embedding_pending_items_by_reason{reason=\"outdated\"}"), 7.0);
        QCOMPARE(s.value("embedding_pending_items_by_reason{reason=\"other_model\"}"), 3.0);
        QCOMPARE(s.value("embedding_parked_items"), 1.0);
        QCOMPARE(s.value("embedding_last_update_timestamp_seconds"), 1700000000.0);
        QCOMPARE(s.value("embedding_batches_open"), 2.0);
        QCOMPARE(s.value("embedding_batches_collected_total"), 3.0);
        QCOMPARE(s.value("embedding_batch_tokens_total"), 45000.0);
        QCOMPARE(s.value("embedding_batch_cost_usd_total"), 0.00045);
        StatusCounts without = someStatus();
        without.batches.reset(); // a database without the batch table: no batch families
        QVERIFY(!samples(renderStatusMetrics(without)).contains("embedding_batches_open"));
        QVERIFY(!s.contains("embedding_tokens_total")); // no run, no run figures
    }

    void runFiguresAreExposed()
    {
        MetricsSnapshot snapshot;
        snapshot.run = someProgress();
        const QHash<QByteArray, double> s = samples(PrometheusExposition::render(snapshot));
        QCOMPARE(s.value("embedding_items_processed_total{outcome=\"succeeded\"}"), 50.0);
        QCOMPARE(s.value("embedding_items_processed_total{outcome=\"failed\"}"), 3.0);
        QCOMPARE(s.value("embedding_items_processed_total{outcome=\"skipped\"}"), 2.0);
        QCOMPARE(s.value("embedding_items_processed_total{outcome=\"unchanged\"}"), 5.0);
        QCOMPARE(s.value("embedding_tokens_total"), 12345.0);
        QCOMPARE(s.value("embedding_cost_usd_total"), 0.0002469);
        QCOMPARE(s.value("embedding_api_retries_total"), 2.0);
        QCOMPARE(s.value("embedding_api_rate_limited_total"), 1.0);
        QCOMPARE(s.value("embedding_api_requests_in_flight"), 3.0);
        QCOMPARE(s.value("embedding_run_info{state=\"running\"}"), 1.0);
        QCOMPARE(s.value("embedding_run_progress_percent"), 48.0);
        QCOMPARE(s.value("embedding_errors_total"), 3.0); // the run's failed items
    }

    void histogramIsCumulative()
    {
        LatencyHistogram h;
        for (const qint64 ms : {3, 20, 20, 700, 90000})
            h.observeMs(ms);
        MetricsSnapshot snapshot;
        snapshot.latency = h;
        const QHash<QByteArray, double> s = samples(PrometheusExposition::render(snapshot));
        const QByteArray bucket = "embedding_api_request_duration_seconds_bucket";
        QCOMPARE(s.value(bucket + "{le=\"0.005\"}"), 1.0);
        QCOMPARE(s.value(bucket + "{le=\"0.01\"}"), 1.0);
        QCOMPARE(s.value(bucket + "{le=\"0.025\"}"), 3.0);
        QCOMPARE(s.value(bucket + "{le=\"1\"}"), 4.0);
        QCOMPARE(s.value(bucket + "{le=\"60\"}"), 4.0);
        QCOMPARE(s.value(bucket + "{le=\"+Inf\"}"), 5.0);
        QCOMPARE(s.value("embedding_api_request_duration_seconds_count"), 5.0);
        QVERIFY(qAbs(s.value("embedding_api_request_duration_seconds_sum") - 90.743) < 1e-9);
    }

    void valuesAndLabelsAreEscaped()
    {
        QCOMPARE(PrometheusExposition::formatValue(qQNaN()), QByteArray("NaN"));
        QCOMPARE(PrometheusExposition::formatValue(qInf()), QByteArray("+Inf"));
        QCOMPARE(PrometheusExposition::formatValue(-qInf()), QByteArray("-Inf"));
        QCOMPARE(PrometheusExposition::formatValue(0.1), QByteArray("0.1"));
        QCOMPARE(PrometheusExposition::formatValue(1234567.0), QByteArray("1234567"));
        QCOMPARE(PrometheusExposition::escapeLabelValue(QStringLiteral("a\"b\\c\nd")),
                 QByteArray("a\\\"b\\\\c\\nd"));
    }

    void textfileIsReplacedAtomically()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("embedctl.prom"));
        MetricsTextfileWriter writer(path);
        // Two versions large enough that a non-atomic write would be seen half done.
        QByteArray a, b;
        for (int i = 0; i < 4000; ++i) {
            a += "embedding_sample_a_" + QByteArray::number(i) + " 1\n";
            b += "embedding_sample_b_" + QByteArray::number(i) + " 22\n";
        }
        QVERIFY(writer.write(a));
        std::atomic<bool> stop{false};
        std::atomic<int> reads{0}, torn{0};
        std::thread reader([&] {
            while (!stop.load()) {
                QFile file(path);
                if (!file.open(QIODevice::ReadOnly)) {
                    ++torn; // the file must always exist
                    continue;
                }
                const QByteArray seen = file.readAll();
                if (seen != a && seen != b)
                    ++torn;
                ++reads;
            }
        });
        // Keep rewriting until the reader has looked often enough (bounded).
        for (int i = 0; (i < 100 || reads.load() < 200) && i < 20000; ++i) {
            QString error;
            QVERIFY2(writer.write(i % 2 ? a : b, &error), qPrintable(error));
        }
        stop = true;
        reader.join();
        QVERIFY(reads.load() >= 200);
        QCOMPARE(torn.load(), 0);

        // Readable by node_exporter's user, and no temporary file left behind.
        struct stat st
        {
        };
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &st), 0);
        QCOMPARE(int(st.st_mode & 0777), 0644);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("embedctl.prom")});
    }

    void textfileFailureIsReported()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("missing/dir/embedctl.prom"));
        MetricsTextfileWriter writer(path);
        QString error;
        QVERIFY(!writer.write("x 1\n", &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QCOMPARE(writer.lastError(), error);
        QVERIFY(!QFileInfo::exists(path));
    }

    void serverAnswersOnLoopbackOnly()
    {
        const QByteArray body = renderStatusMetrics(someStatus());
        MetricsServer server([&body] { return body; });
        QSignalSpy scraped(&server, &MetricsServer::scraped);
        QString error;
        QVERIFY2(server.listen(QHostAddress(QHostAddress::LocalHost), 0, &error), qPrintable(error));
        QVERIFY(server.port() > 0);
        QCOMPARE(server.address(), QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(server.url(), QStringLiteral("http://127.0.0.1:%1/metrics").arg(server.port()));

        int status = 0;
        QByteArray contentType;
        QCOMPARE(get(QUrl(server.url()), "GET", &status, &contentType), body);
        QCOMPARE(status, 200);
        QVERIFY2(contentType.startsWith("text/plain; version=0.0.4"), contentType.constData());
        QCOMPARE(scraped.count(), 1);
        get(QUrl(QStringLiteral("http://127.0.0.1:%1/other").arg(server.port())), "GET", &status);
        QCOMPARE(status, 404);
        get(QUrl(server.url()), "POST", &status);
        QCOMPARE(status, 405);

        // Nothing answers on the machine's other addresses.
        for (const QHostAddress& address : QNetworkInterface::allAddresses()) {
            if (address.isLoopback() || address.protocol() != QAbstractSocket::IPv4Protocol)
                continue;
            QTcpSocket socket;
            socket.connectToHost(address, server.port());
            QVERIFY2(!socket.waitForConnected(3000), qPrintable(address.toString()));
        }

        // A port in use is a clear error.
        MetricsServer second([] { return QByteArray(); });
        QVERIFY(!second.listen(QHostAddress(QHostAddress::LocalHost), server.port(), &error));
        QVERIFY2(error.contains(QString::number(server.port())), qPrintable(error));
    }

    void bindAddresses()
    {
        QCOMPARE(MetricsServer::parseBindAddress(QString()), QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(MetricsServer::parseBindAddress(QStringLiteral("localhost")),
                 QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(MetricsServer::parseBindAddress(QStringLiteral("*")), QHostAddress(QHostAddress::AnyIPv4));
        QCOMPARE(MetricsServer::parseBindAddress(QStringLiteral("10.1.2.3")),
                 QHostAddress(QStringLiteral("10.1.2.3")));
        QVERIFY(MetricsServer::parseBindAddress(QStringLiteral("not an address")).isNull());
    }

    void runMetricsFollowTheRun()
    {
        requirePromtool();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("run.prom"));
        RunMetrics metrics;
        QSignalSpy settled(&metrics, &RunMetrics::settled);
        QString error;
        QVERIFY2(metrics.writeTextfile(path, &error, 0), qPrintable(error));
        QVERIFY2(metrics.serve(QHostAddress(QHostAddress::LocalHost), 0, &error), qPrintable(error));

        metrics.updateProgress(someProgress());
        metrics.recordLatencyMs(120);
        metrics.recordLatencyMs(80);
        const auto fileSamples = [&path] {
            QFile file(path);
            return file.open(QIODevice::ReadOnly) ? samples(file.readAll()) : QHash<QByteArray, double>();
        };
        QTRY_COMPARE_WITH_TIMEOUT(
            fileSamples().value("embedding_items_processed_total{outcome=\"succeeded\"}"), 50.0, 10000);

        const QHash<QByteArray, double> served = samples(get(QUrl(metrics.server()->url())));
        QCOMPARE(served.value("embedding_api_request_duration_seconds_count"), 2.0);
        QCOMPARE(served.value("embedding_api_request_duration_seconds_bucket{le=\"0.1\"}"), 1.0);
        QVERIFY(served.value("process_resident_memory_bytes") > 0);
        QVERIFY(served.value("process_cpu_seconds_total") > 0);

        RunSummary summary;
        summary.progress = someProgress();
        summary.progress.state = RunState::Completed;
        summary.progress.processed = summary.progress.total;
        summary.progress.succeeded = 115;
        metrics.finish(summary);
        QVERIFY(settled.count() == 1 || settled.wait(10000));
        QVERIFY(metrics.isSettled());
        const QHash<QByteArray, double> final = fileSamples();
        QCOMPARE(final.value("embedding_run_info{state=\"completed\"}"), 1.0);
        QCOMPARE(final.value("embedding_items_processed_total{outcome=\"succeeded\"}"), 115.0);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString verdict = promtool(file.readAll());
        QVERIFY2(verdict.isEmpty(), qPrintable(verdict));

        // The next run of the same controller starts its own histogram.
        RunProgress next = someProgress();
        next.runId = 18;
        metrics.updateProgress(next);
        QCOMPARE(metrics.snapshot().latency->count(), quint64(0));
    }

    void runMetricsCountTheTable()
    {
        QTemporaryDir dir;
        AppConfig config;
        config.databaseUrl = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("catalog.db"));
        DemoOptions demo;
        demo.items = 60;
        QString error;
        QVERIFY2(DemoCatalog::create(config, demo, &error), qPrintable(error));

        const QString path = dir.filePath(QStringLiteral("status.prom"));
        RunMetrics metrics;
        QSignalSpy settled(&metrics, &RunMetrics::settled);
        QVERIFY(metrics.writeTextfile(path, &error, 0));
        metrics.trackStatus(config, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(metrics.snapshot().status.has_value(), 20000);
        QCOMPARE(metrics.snapshot().status->totalItems, 60);
        QCOMPARE(metrics.snapshot().status->embeddedItems, 0);

        RunSummary summary;
        summary.progress.state = RunState::Completed;
        metrics.finish(summary);
        QVERIFY(!metrics.isSettled()); // counting the table once more
        QVERIFY(settled.wait(20000));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QHash<QByteArray, double> s = samples(file.readAll());
        QCOMPARE(s.value("embedding_total_items"), 60.0);
        QCOMPARE(s.value("embedding_pending_items"), 60.0);
        QCOMPARE(s.value("embedding_run_info{state=\"completed\"}"), 1.0);
    }
};

} // namespace ec::test

QTEST_GUILESS_MAIN(ec::test::TstOpsMetrics)
#include "tst_ops_metrics.moc"
