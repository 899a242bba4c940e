// How fast the embedding client runs against the simulator at zero latency (not a test):
//
//   bench_embedding_client [--requests N] [--dimensions D] [--concurrency C] [--float]
//
// For batch sizes 1, 10 and 100 it prints requests/s and inputs/s, with the simulator on its
// own thread in the same process (both share the machine's cores), and the CPU seconds the
// process used (client and simulator together), which a loaded machine does not distort.

#include "SimulatorFixture.h"
#include "api/EmbeddingClient.h"
#include "util/ProcessStats.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>

#include <cstdio>

using namespace ec;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addOption({QStringLiteral("requests"), QStringLiteral("Requests per batch size."),
                      QStringLiteral("N"), QStringLiteral("2000")});
    parser.addOption({QStringLiteral("dimensions"), QStringLiteral("Vector length."), QStringLiteral("D"),
                      QStringLiteral("1536")});
    parser.addOption({QStringLiteral("concurrency"), QStringLiteral("Requests in flight."),
                      QStringLiteral("C"), QStringLiteral("4")});
    parser.addOption({QStringLiteral("float"), QStringLiteral("Ask for float JSON instead of base64.")});
    parser.process(app);
    const int requests = parser.value(QStringLiteral("requests")).toInt();
    const int dimensions = parser.value(QStringLiteral("dimensions")).toInt();

    SimulatorOptions options;
    options.dimensions = dimensions;
    options.nativeModelDimensions = false;
    options.recordServedTexts = false;
    ec::test::SimulatorFixture sim(options);
    if (!sim.isRunning()) {
        std::fprintf(stderr, "simulator: %s\n", qPrintable(sim.error()));
        return 1;
    }
    ApiSettings api = sim.apiSettings();
    api.concurrency = parser.value(QStringLiteral("concurrency")).toInt();
    api.base64 = !parser.isSet(QStringLiteral("float"));
    EmbeddingSettings embedding;
    embedding.model = QStringLiteral("bench-model");

    std::printf("dimensions %d, concurrency %d, %s\n", dimensions, api.concurrency,
                api.base64 ? "base64" : "float");
    std::printf("%8s %10s %12s %12s %10s %14s\n", "batch", "requests", "requests/s", "inputs/s", "CPU s",
                "inputs/CPU-s");
    for (int batch : {1, 10, 100}) {
        EmbeddingClient client(api, embedding);
        int done = 0;
        int failed = 0;
        QEventLoop loop;
        QObject::connect(&client, &EmbeddingClient::batchFinished, &loop,
                         [&](quint64, const QVector<InputOutcome>& outcomes) {
                             for (const InputOutcome& o : outcomes)
                                 failed += o.ok ? 0 : 1;
                             if (++done == requests)
                                 loop.quit();
                         });
        QElapsedTimer timer;
        timer.start();
        const double cpuBefore = ProcessStats::current().cpuSeconds;
        for (int r = 0; r < requests; ++r) {
            QVector<EmbeddingInput> inputs;
            for (int i = 0; i < batch; ++i) {
                const QByteArray text = "benchmark item " + QByteArray::number(r) + '/' +
                                        QByteArray::number(i) + " with a short product summary";
                inputs.append({text, 12});
            }
            client.submit(std::move(inputs));
        }
        loop.exec();
        const double seconds = double(timer.elapsed()) / 1000.0;
        const double cpu = ProcessStats::current().cpuSeconds - cpuBefore;
        std::printf("%8d %10d %12.0f %12.0f %10.2f %14.0f%s\n", batch, requests, requests / seconds,
                    requests * batch / seconds, cpu, requests * batch / cpu, failed ? " (failures!)" : "");
    }
    return 0;
}
