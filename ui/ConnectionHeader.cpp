#include "ConnectionHeader.h"

#include "util/Secrets.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>

namespace ec::ui {

static QLabel* caption(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setStyleSheet(QStringLiteral("color: palette(mid);"));
    return label;
}

static QLabel* value(QWidget* parent, const char* name)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

ConnectionHeader::ConnectionHeader(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("connectionHeader"));
    setFrameShape(QFrame::StyledPanel);

    m_databaseCaption = caption(this);
    m_database = value(this, "headerDatabase");
    m_database->setWordWrap(false);
    m_tableCaption = caption(this);
    m_table = value(this, "headerTable");
    m_modelCaption = caption(this);
    m_model = value(this, "headerModel");
    m_endpointCaption = caption(this);
    m_endpoint = value(this, "headerEndpoint");
    m_simulated = new QLabel(this);
    m_simulated->setObjectName(QStringLiteral("simulatedBadge"));
    m_simulated->setStyleSheet(QStringLiteral("QLabel { background: #f59e0b; color: black; font-weight: bold;"
                                              " border-radius: 4px; padding: 4px 10px; }"));

    auto* grid = new QGridLayout;
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(2);
    grid->addWidget(m_databaseCaption, 0, 0);
    grid->addWidget(m_database, 0, 1);
    grid->addWidget(m_tableCaption, 0, 2);
    grid->addWidget(m_table, 0, 3);
    grid->addWidget(m_modelCaption, 1, 0);
    grid->addWidget(m_model, 1, 1);
    grid->addWidget(m_endpointCaption, 1, 2);
    grid->addWidget(m_endpoint, 1, 3);
    grid->setColumnStretch(1, 3);
    grid->setColumnStretch(3, 2);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addLayout(grid, 1);
    layout->addWidget(m_simulated, 0, Qt::AlignVCenter);
    render();
}

void ConnectionHeader::setConfig(const AppConfig& config)
{
    m_config = config;
    render();
}

void ConnectionHeader::setServerVersion(const QString& version)
{
    m_serverVersion = version;
    render();
}

QString ConnectionHeader::databaseText() const
{
    return m_database->text();
}

bool ConnectionHeader::simulatedBadgeVisible() const
{
    return !m_simulated->isHidden();
}

void ConnectionHeader::render()
{
    m_databaseCaption->setText(tr("Database"));
    m_tableCaption->setText(tr("Table"));
    m_modelCaption->setText(tr("Model"));
    m_endpointCaption->setText(tr("Endpoint"));

    QString database = redactUrl(m_config.effectiveDatabaseUrl());
    if (!m_serverVersion.isEmpty())
        database += QStringLiteral("  (") + m_serverVersion + QLatin1Char(')');
    m_database->setText(database);
    m_database->setToolTip(database);
    m_table->setText(m_config.table.table);

    const int dimensions = m_config.embedding.effectiveDimensions();
    m_model->setText(dimensions > 0
                         ? tr("%1 · %n dimensions", nullptr, dimensions).arg(m_config.embedding.model)
                         : tr("%1 · native dimensions").arg(m_config.embedding.model));
    QString endpoint = redactUrl(m_config.api.baseUrl);
    if (m_config.api.flavor == ApiFlavor::Azure)
        endpoint += tr(" (Azure)");
    m_endpoint->setText(endpoint);
    m_simulated->setText(tr("SIMULATED"));
    m_simulated->setToolTip(tr("The endpoint is the built-in simulator: no request leaves this machine "
                               "and nothing is billed."));
    m_simulated->setVisible(m_config.api.simulated);
}

void ConnectionHeader::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        render();
    QFrame::changeEvent(event);
}

} // namespace ec::ui
