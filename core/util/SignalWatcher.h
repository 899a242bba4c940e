#pragma once
// Turns SIGINT and SIGTERM into a Qt signal delivered on the event loop (self-pipe trick),
// so a CLI run can stop cleanly instead of dying mid-batch. The first two deliveries reach the
// event loop (embedctl: stop, then abort); the third ends the process at once from the signal
// handler with exit status 128 + the signal number, even when the event loop is stuck.

#include <QObject>

class QSocketNotifier;

namespace ec {

class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    /// Watches SIGINT and SIGTERM for as long as the object lives. One instance at a time.
    explicit SignalWatcher(QObject* parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    /// `signalNumber` arrived (SIGINT or SIGTERM); emitted once per delivery.
    void received(int signalNumber);

private:
    void readPipe();
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace ec
