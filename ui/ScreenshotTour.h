#pragma once
// `embedding-console --lang ko|en --screenshot DIR`: drives the real console through a
// session on the demo catalog against the in-process simulator (with injected faults, so
// the failures view has content) and renders each main view into DIR:
//   dashboard.png (during a run), failures.png, failure-detail.png, duplicates.png,
//   history.png, batches.png (Batch API: one batch collected, one in progress), reset.png (reset
//   dialog, priced), estimate.png (pre-run estimate), settings.png,
//   laptop-1024x700.png (the window at its smallest), dark.png (a dark palette),
//   first-launch.png (no catalog, no key: the empty state and the key banner) and
//   database-banner.png (a database that cannot be reached)
// Works under QT_QPA_PLATFORM=offscreen.

#include <QPalette>
#include <QString>
#include <QTextStream>

class QWidget;

namespace ec::ui {

class UiLanguage;
class MainWindow;
struct WindowOptions;

class ScreenshotTour
{
public:
    ScreenshotTour(UiLanguage* language, const QString& directory);
    /// 0 when every view was written.
    int run(QTextStream& err);

private:
    bool save(QWidget* widget, const QString& name, QTextStream& err);
    /// Submits two Batch API batches (the simulator's batch clock accelerated): the first
    /// collected, the second shot in progress, then collected so the main run finds the rest.
    bool shootBatches(MainWindow& window, QTextStream& err);
    bool shootFirstLaunch(const QString& directory, const WindowOptions& options, QTextStream& err);
    /// A dark desktop theme's palette.
    static QPalette darkPalette();

    UiLanguage* m_language;
    QString m_directory;
};

} // namespace ec::ui
