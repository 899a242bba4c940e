#include "StateBadge.h"

#include <QEvent>
#include <QGuiApplication>

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

theme::Role StateBadge::role(RunState state)
{
    switch (state) {
    case RunState::Idle:
    case RunState::Stopped:
        return theme::Role::Neutral;
    case RunState::Starting:
    case RunState::Running:
        return theme::Role::Info;
    case RunState::Stopping:
    case RunState::Aborting:
    case RunState::CompletedWithFailures:
        return theme::Role::Warning;
    case RunState::Completed:
        return theme::Role::Success;
    case RunState::Failed:
        return theme::Role::Danger;
    case RunState::Aborted:
    case RunState::Interrupted:
        return theme::Role::Accent;
    }
    return theme::Role::Neutral;
}

QColor StateBadge::color(RunState state)
{
    return theme::color(role(state));
}

void StateBadge::render()
{
    setText(m_reconnecting ? tr("Reconnecting") : displayName(m_state));
    // The role's shade for this palette (dark on a light theme, light on a dark one), with the
    // window's own colour as text: readable both ways.
    const QPalette palette = QGuiApplication::palette();
    const QColor background = theme::color(m_reconnecting ? theme::Role::Warning : role(m_state), palette);
    setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; font-weight: bold;"
                                 " border-radius: 4px; padding: 4px 12px; }")
                      .arg(background.name(), palette.color(QPalette::Window).name()));
    setAccessibleName(tr("Run state: %1").arg(text()));
}

void StateBadge::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::ApplicationPaletteChange)
        render();
    QLabel::changeEvent(event);
}

} // namespace ec::ui
