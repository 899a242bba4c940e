#pragma once
// One console under test: a demo catalog in a temporary SQLite file, the simulator on a free
// loopback port, and a MainWindow pointed at both. The test reads the database on a
// connection of its own to check what the console shows and what it changed.

#include "MainWindow.h"
#include "SimulatorFixture.h"
#include "UiLanguage.h"

#include "config/AppConfig.h"
#include "store/DemoCatalog.h"

#include <QSqlDatabase>
#include <QTemporaryDir>

#include <memory>

namespace ec::test {

class ConsoleTestSession
{
public:
    struct Setup
    {
        int items = 200;
        quint64 seed = 7;
        SimulatorOptions simulator;
        int batchSize = 50;
        int concurrency = 4;
        QString language = QStringLiteral("en");
    };

    explicit ConsoleTestSession(const Setup& setup);
    ~ConsoleTestSession();

    /// Empty when everything is up; otherwise why not.
    QString error() const { return m_error; }

    ui::MainWindow* window() const { return m_window.get(); }
    ui::UiLanguage* language() const { return m_language.get(); }
    SimulatorFixture* simulator() const { return m_simulator.get(); }
    const AppConfig& config() const { return m_config; }
    /// Replaces the simulator by a new one with options, and points the console at it.
    bool replaceSimulator(const SimulatorOptions& options);

    // The database as the test reads it (own connection, main thread).
    qint64 scalar(const QString& sql) const;
    qint64 embeddedCount() const;
    qint64 rowCount() const;
    /// SHA-256 over every row's id, embedding, embedding model and embedded-at, in id order.
    QByteArray fingerprint() const;
    struct Row
    {
        QString id;
        QString text; ///< the original design's text: title, summary and tags joined by spaces, trimmed
        bool embedded = false;
    };
    QVector<Row> rows() const;

    /// Runs the console until a run ends; returns its summary (state Idle on timeout).
    RunSummary waitForRun(int timeoutMs = 60000);

private:
    QTemporaryDir m_dir;
    QString m_error;
    AppConfig m_config;
    std::unique_ptr<SimulatorFixture> m_simulator;
    std::unique_ptr<ui::UiLanguage> m_language;
    std::unique_ptr<ui::MainWindow> m_window;
    QString m_connection;
};

} // namespace ec::test
