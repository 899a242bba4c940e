#pragma once
// Runs one long piece of catalog work (an estimate, a duplicate report) on a thread of its
// own, with its own read-only database connection (StoreOptions::migrate = false), so that the caller's event
// loop (the console's UI, embedctl) never waits on SQL. Reports progress, and ends with exactly one of: the
// subclass's finished signal, failed(error) or cancelled(). Destroying a running job
// cancels it and waits for its thread (at most one page of work).

#include "config/AppConfig.h"

#include <QObject>
#include <QVariant>

#include <atomic>
#include <functional>

class QThread;

namespace ec {

class ItemStore;

class StoreJob : public QObject
{
    Q_OBJECT
public:
    ~StoreJob() override;

    bool isRunning() const { return m_thread != nullptr; }

public Q_SLOTS:
    /// Asks the work to stop after the page it is on; cancelled() follows.
    void cancel();

Q_SIGNALS:
    /// done of total items (total −1 when not known yet); after every page.
    void progress(qint64 done, qint64 total);
    void failed(const QString& error);
    void cancelled();

protected:
    explicit StoreJob(QObject* parent = nullptr);

    /// Called on the job's thread after every page: false when the work must stop.
    using ProgressFn = std::function<bool(qint64 done, qint64 total)>;
    /// The work, run on the job's thread with a store opened there. It returns its result,
    /// or an invalid QVariant with error set.
    using Work = std::function<QVariant(ItemStore& store, const ProgressFn& progress, QString* error)>;

    /// Starts work on a new thread unless a job is running (then returns false).
    bool startWork(const AppConfig& config, Work work);
    /// The work's result, delivered on the caller's thread.
    virtual void deliver(const QVariant& result) = 0;

private:
    void onThreadFinished();

    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
    QVariant m_result; ///< written by the job's thread, read after it ended
    QString m_error;   ///< the same
};

} // namespace ec
