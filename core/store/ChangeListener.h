#pragma once
// Wakes a long-lived worker (`embedctl run --watch`) when rows of the catalog change, through
// PostgreSQL's LISTEN/NOTIFY: the operator installs the trigger triggerSql() spells out
// (`embedctl print-trigger`), which notifies channel(table) once per INSERT or UPDATE
// statement touching the text columns; the listener LISTENs on its own connection and emits
// changed(). Nothing else depends on it: without the trigger, or on SQLite and PGlite, no
// notification ever comes and the worker polls at its interval.
//
// Lives on the thread that started it (the connection's socket is watched by its event loop).
// A lost connection is reopened every reconnectMs; notifications sent meanwhile are lost,
// which the polling interval covers.

#include "config/AppConfig.h"

#include <QObject>

#include <memory>

class QTimer;

namespace ec {

class DatabaseConnection;

class ChangeListener : public QObject
{
    Q_OBJECT
public:
    explicit ChangeListener(QObject* parent = nullptr);
    ~ChangeListener() override;

    /// The notification channel of a catalog table: "embedctl_" + its catalog key.
    static QString channel(const TableSpec& table);
    /// The trigger (function, then trigger) that notifies channel(table) after every INSERT, and
    /// every UPDATE of the text and updated-at columns (not the embedding columns, which the
    /// workers write themselves), once per statement. Idempotent: it can be run again.
    static QString triggerSql(const TableSpec& table);

    /// Starts listening when the database is PostgreSQL (not PGlite). False with a one-line
    /// reason otherwise (the caller then polls); true while listening.
    bool start(const AppConfig& config, QString* error, int reconnectMs = 10000);
    bool isListening() const { return m_listening; }

Q_SIGNALS:
    /// A notification arrived on the table's channel.
    void changed();

private:
    bool listen(QString* error);
    void checkConnection();

    std::unique_ptr<DatabaseConnection> m_connection;
    QString m_channel;
    QTimer* m_watchdog = nullptr;
    bool m_listening = false;
};

} // namespace ec
