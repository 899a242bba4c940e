#pragma once
// `embedding-console --lang ko|en --screenshot DIR`: drives the real console through a
// session on the demo catalog against the in-process simulator (with injected faults, so
// the failures view has content) and renders each main view into DIR:
//   dashboard.png (during a run), failures.png, failure-detail.png, duplicates.png,
//   history.png, reset.png (reset dialog, priced), estimate.png (pre-run estimate), settings.png
// Works under QT_QPA_PLATFORM=offscreen.

#include <QString>
#include <QTextStream>

class QWidget;

namespace ec::ui {

class UiLanguage;

class ScreenshotTour
{
public:
    ScreenshotTour(UiLanguage* language, const QString& directory);
    /// 0 when every view was written.
    int run(QTextStream& err);

private:
    bool save(QWidget* widget, const QString& name, QTextStream& err);

    UiLanguage* m_language;
    QString m_directory;
};

} // namespace ec::ui
