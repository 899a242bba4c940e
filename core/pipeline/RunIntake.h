#pragma once
// Where a run's items come in: each pending item is classified (ItemClassifier) into what is
// written at once (unchanged, skipped, unreadable, a repeat of a text embedded moments ago) and
// the distinct texts that wait for a vector (PendingTexts), whose cache look-up then serves them
// or queues them for a request. A text the model refuses as too long is cut and queued again
// here. Counts what it decides (truncated, deduplicated, cached) in the run's progress. Lives on
// the engine thread, owned by RunEngine.

#include "config/AppConfig.h"
#include "pipeline/BatchCommitter.h"
#include "pipeline/ItemClassifier.h"
#include "pipeline/PendingTexts.h"
#include "pipeline/RunTypes.h"

#include <QHash>
#include <QVector>

namespace ec {

class RunIntake
{
public:
    RunIntake(const AppConfig& config, int dimensions, PendingTexts& texts, RunProgress& progress);

    /// The column's dimensions, once known (a table that declares them).
    void setDimensions(int dimensions) { m_classifier.setDimensions(dimensions); }

    /// Classifies item: its outcome goes into immediate (written in the next commit), or its text
    /// joins the pending texts, and a text new to the run into lookups (to ask the cache).
    void take(const CatalogItem& item, BatchCommit& immediate, QVector<QByteArray>& lookups);
    /// The cache's answer for the texts asked: those it holds are written (into batch), the
    /// others queued for a request, or released when the run is stopping.
    void settleLookup(const QVector<QByteArray>& asked, const QHash<QByteArray, QVector<float>>& vectors,
                      bool stopping, BatchCommit& batch);

    /// What recut() did.
    struct Recut
    {
        bool queued = false; ///< the text was cut and queued again; false: its items fail
        int loweredTo = 0;   ///< > 0: every later input is cut to this many tokens from now on
    };
    /// An input the model refused as longer than its context (contextTokens, as the server stated
    /// it): cuts the text to fit, flags it truncated and queues it again; later inputs are cut to
    /// the same limit.
    Recut recut(const PendingText& refused, int contextTokens);

private:
    AppConfig m_config;
    ItemClassifier m_classifier; ///< item → text → prepared input → hash → verdict
    PendingTexts& m_texts;
    RunProgress& m_progress;
};

} // namespace ec
