#pragma once
// One long piece of catalog work (an estimate, a duplicate report, a reset plan) run on a
// StoreWorker of its own, with its own connection, so that the caller's event loop (the console's
// UI, embedctl) never waits on SQL. Progress and cancel go through one Feedback; the job reports
// progress(done, total) as the work advances and ends with exactly one of: the subclass's
// finished signal, failed(error) or cancelled(). Destroying a running job cancels it and waits
// for its thread (at most one page of work).

#include "config/AppConfig.h"
#include "util/Feedback.h"
#include "util/Result.h"

#include <QObject>
#include <QVariant>

#include <functional>
#include <memory>

namespace ec {

class ItemStore;
class StoreWorker;

class StoreJob : public QObject
{
    Q_OBJECT
public:
    ~StoreJob() override;

    bool isRunning() const { return m_feedback != nullptr; }

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

    /// What the work needs of the catalog: reading only (never migrates, ConsoleTables), or
    /// writing (migrated first).
    enum class Access { Read, Write };
    /// The work, run on the job's thread with the store opened there: its result, or why none.
    using Work = std::function<Result<QVariant>(ItemStore& store, Feedback& feedback)>;

    /// Starts work unless a job is running (then returns false).
    bool startWork(const AppConfig& config, Work work, Access access = Access::Read);
    /// The work's result, delivered on the caller's thread.
    virtual void deliver(const QVariant& result) = 0;
    /// A service's result as the work returns it: the value in a QVariant, or the failure.
    template <typename T> static Result<QVariant> resultVariant(const Result<T>& result)
    {
        if (!result)
            return fail(result.error());
        return QVariant::fromValue(*result);
    }

private:
    StoreWorker* m_worker = nullptr;
    std::shared_ptr<Feedback> m_feedback; ///< the running work's; null when idle
};

} // namespace ec
