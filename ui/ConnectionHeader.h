#pragma once
// The strip at the top of the window: which database and table the console works on
// (password masked), which model and dimensions, which endpoint, and a SIMULATED badge
// when the endpoint is the built-in simulator.

#include "config/AppConfig.h"

#include <QFrame>

class QLabel;

namespace ec::ui {

class ConnectionHeader : public QFrame
{
    Q_OBJECT
public:
    explicit ConnectionHeader(QWidget* parent = nullptr);

    void setConfig(const ec::AppConfig& config);
    /// The server version once the console has connected ("SQLite 3.40.1"); empty: unknown.
    void setServerVersion(const QString& version);

    /// The database as shown: the URL with its password replaced by "***".
    QString databaseText() const;
    bool simulatedBadgeVisible() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();

    ec::AppConfig m_config;
    QString m_serverVersion;
    QLabel* m_databaseCaption = nullptr;
    QLabel* m_database = nullptr;
    QLabel* m_tableCaption = nullptr;
    QLabel* m_table = nullptr;
    QLabel* m_modelCaption = nullptr;
    QLabel* m_model = nullptr;
    QLabel* m_endpointCaption = nullptr;
    QLabel* m_endpoint = nullptr;
    QLabel* m_simulated = nullptr;
};

} // namespace ec::ui
