#include "StateBadge.h"

#include <QEvent>

namespace ec::ui {

StateBadge::StateBadge(QWidget* parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("stateBadge"));
    setAlignment(Qt::AlignCenter);
    setMinimumWidth(110);
    render();
}

void StateBadge::setState(RunState state)
{
    if (state == m_state && !text().isEmpty())
        return;
    m_state = state;
    render();
}

void StateBadge::setReconnecting(bool reconnecting)
{
    if (reconnecting == m_reconnecting)
        return;
    m_reconnecting = reconnecting;
    render();
}

QString StateBadge::displayName(RunState state)
{
    switch (state) {
    case RunState::Idle:
        return tr("Idle");
    case RunState::Starting:
        return tr("Starting");
    case RunState::Running:
        return tr("Running");
    case RunState::Stopping:
        return tr("Stopping");
    case RunState::Aborting:
        return tr("Aborting");
    case RunState::Completed:
        return tr("Completed");
    case RunState::CompletedWithFailures:
        return tr("Completed with failures");
    case RunState::Failed:
        return tr("Failed");
    case RunState::Stopped:
        return tr("Stopped");
    case RunState::Aborted:
        return tr("Aborted");
    case RunState::Interrupted:
        return tr("Interrupted");
    }
    return {};
}

QString StateBadge::displayName(const RunRecord& run)
{
    return displayName(stateOfRecord(run));
}

QColor StateBadge::color(RunState state)
{
    switch (state) {
    case RunState::Idle:
        return QColor(0x6b, 0x72, 0x80);
    case RunState::Starting:
    case RunState::Running:
        return QColor(0x25, 0x63, 0xeb);
    case RunState::Stopping:
    case RunState::Aborting:
        return QColor(0xd9, 0x77, 0x06);
    case RunState::Completed:
        return QColor(0x16, 0xa3, 0x4a);
    case RunState::CompletedWithFailures:
        return QColor(0xca, 0x8a, 0x04);
    case RunState::Stopped:
    case RunState::Aborted:
        return QColor(0x78, 0x71, 0x6c);
    case RunState::Failed:
        return QColor(0xdc, 0x26, 0x26);
    case RunState::Interrupted:
        return QColor(0x9d, 0x17, 0x4d);
    }
    return Qt::gray;
}

void StateBadge::render()
{
    setText(m_reconnecting ? tr("Reconnecting") : displayName(m_state));
    const QColor background = m_reconnecting ? color(RunState::Stopping) : color(m_state);
    setStyleSheet(QStringLiteral("QLabel { background: %1; color: white; font-weight: bold;"
                                 " border-radius: 4px; padding: 4px 12px; }")
                      .arg(background.name()));
    setAccessibleName(tr("Run state: %1").arg(text()));
}

void StateBadge::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        render();
    QLabel::changeEvent(event);
}

} // namespace ec::ui
