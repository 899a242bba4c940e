#include "PipelineRun.h"

#include "PipelineCatalog.h"
#include "SimulatorFixture.h"
#include "pipeline/RunController.h"
#include "sim/EmbeddingSimulator.h"
#include "store/ItemStore.h"
#include "text/ItemTextBuilder.h"

#include <QSignalSpy>
#include <QTest>

namespace ec::test {

RunSummary runToEnd(const AppConfig& config, const RunOptions& options,
                    const std::function<void(RunController&, const RunProgress&)>& onProgress, int timeoutMs)
{
    RunController controller;
    QSignalSpy finished(&controller, &RunController::finished);
    if (onProgress) {
        QObject::connect(&controller, &RunController::progressUpdated, &controller,
                         [&](const RunProgress& p) { onProgress(controller, p); });
    }
    controller.start(config, options);
    if (!finished.wait(timeoutMs))
        return {};
    const RunSummary summary = finished.at(0).at(0).value<RunSummary>();
    // Every pipeline test keeps the books: a run that opened and closed accounts for every item
    // it found, counted from the database at its end.
    const RunBooks& b = summary.books;
    if (b.known && b.unaccounted() != 0)
        QTest::qFail(
            qPrintable(QStringLiteral("the books do not balance: found %1, done %2, failed %3, taken by "
                                      "others %4, left for later %5")
                           .arg(b.found)
                           .arg(b.done)
                           .arg(b.failed)
                           .arg(b.takenByOthers)
                           .arg(b.leftForLater)),
            __FILE__, __LINE__);
    return summary;
}

QString vectorsMatchTheirTexts(const AppConfig& config, const QStringList& ids)
{
    QString error;
    auto store = ItemStore::open(config, QStringLiteral("verify"), &error);
    if (!store)
        return error;
    for (const QString& id : ids) {
        const auto item = store->item(id, config.embedding, &error);
        const auto stored = store->vector(id, &error);
        if (!item || !stored)
            return QStringLiteral("cannot read item %1: %2").arg(id, error);
        const QByteArray text = ItemTextBuilder::defaultText(item->title, item->summary, item->tags).toUtf8();
        if (*stored != EmbeddingSimulator::deterministicVector(text, config.embedding.effectiveDimensions()))
            return QStringLiteral("item %1 does not hold the vector of its text").arg(id);
    }
    return QString();
}

AppConfig configFor(PipelineCatalog& catalog, const SimulatorFixture& sim)
{
    AppConfig config = catalog.config();
    config.api = sim.apiSettings();
    return config;
}

} // namespace ec::test
