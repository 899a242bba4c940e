#pragma once
// The run's state as a coloured badge that is always in view: idle, starting, running,
// stopping, aborting, completed, completed with failures, stopped, aborted, failed or
// interrupted.

#include "ThemeColors.h"

#include "pipeline/RunTypes.h"

#include <QColor>
#include <QLabel>

namespace ec::ui {

class StateBadge : public QLabel
{
    Q_OBJECT
public:
    explicit StateBadge(QWidget* parent = nullptr);

    void setState(ec::RunState state);
    ec::RunState state() const { return m_state; }
    /// While true, the badge says the run is reconnecting to its database (the state stays).
    void setReconnecting(bool reconnecting);
    bool isReconnecting() const { return m_reconnecting; }

    /// The translated name of a state, as shown to the operator.
    static QString displayName(ec::RunState state);
    /// The translated name of how a recorded run ended (History view).
    static QString displayName(const ec::RunRecord& run);
    /// The state's colour for the application's palette (see ThemeColors).
    static QColor color(ec::RunState state);
    static theme::Role role(ec::RunState state);

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();
    ec::RunState m_state = ec::RunState::Idle;
    bool m_reconnecting = false;
};

} // namespace ec::ui
