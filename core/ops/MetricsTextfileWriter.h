#pragma once
// Rewrites one file with the metrics for node_exporter's textfile collector
// (--collector.textfile.directory). Each write goes to a temporary file in the same
// directory and is renamed over the target (QSaveFile), so a scrape never reads half a
// file. The file is made readable by everyone (0644): node_exporter usually runs as
// another user. Name it `*.prom`.

#include <QByteArray>
#include <QString>

namespace ec {

class MetricsTextfileWriter
{
public:
    explicit MetricsTextfileWriter(QString path);

    const QString& path() const { return m_path; }

    /// Replaces the file's content with text, atomically. False with a one-line reason
    /// (the old content is then left as it was).
    bool write(const QByteArray& text, QString* error = nullptr);

    /// The reason of the last failed write; empty after a success.
    const QString& lastError() const { return m_lastError; }

private:
    QString m_path;
    QString m_lastError;
};

} // namespace ec
