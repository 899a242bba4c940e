#pragma once
// Database work of the console, off the UI thread. One QThread runs the jobs in the order
// they were posted, on its own ItemStore connection (opened on first use, named "ec-ui-…"), and
// hands each result back to the UI thread. If the receiver is gone by then, the result is
// dropped. QtConcurrent is deliberately not used: core stays on Core/Network/Sql.
//
//     m_store->post<StatusCounts>(this,
//         [](StoreSession& s) { return readStatus(s); },          // store thread
//         [this](StatusCounts counts) { show(counts); });         // UI thread

#include "config/AppConfig.h"

#include <QCoreApplication>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace ec {
class ItemStore;
}

namespace ec::ui {

/// What a job sees on the store thread: the configuration and the thread's catalog.
class StoreSession
{
    Q_DECLARE_TR_FUNCTIONS(StoreSession)
public:
    StoreSession();
    ~StoreSession();

    const AppConfig& config() const { return m_config; }
    /// The thread's catalog (its own connection), opened on first use without migrating, for
    /// jobs that only read (the console's tables it cannot read read as empty, and while any
    /// does, each job reopens it, so that tables a run creates show); nullptr with a
    /// one-line error when the database cannot be reached (the next job tries again).
    ItemStore* store(QString* error);
    /// The same, migrated, for jobs that write (retry, reset): reopens a reading store.
    ItemStore* writableStore(QString* error);
    /// Closes the connection (the next job reopens it).
    void close();
    void setConfig(const AppConfig& config);

private:
    AppConfig m_config;
    std::unique_ptr<ItemStore> m_store;
    bool m_migrated = false;     ///< m_store was opened with migrations
    bool m_reconnecting = false; ///< the connection was lost and is not back yet
};

class StoreThread : public QObject
{
    Q_OBJECT
public:
    explicit StoreThread(QObject* parent = nullptr);
    /// Skips the jobs not started yet, waits for the running one and closes the connection.
    ~StoreThread() override;

    /// Jobs posted after this call see config.
    void setConfig(const ec::AppConfig& config);

    /// Runs work(session) on the store thread, then done(result) on the UI thread unless
    /// receiver was destroyed in between.
    template <typename Result>
    void post(QObject* receiver, std::function<Result(StoreSession&)> work, std::function<void(Result)> done)
    {
        QPointer<QObject> guard(receiver);
        ++m_pending;
        enqueue([this, guard, work = std::move(work), done = std::move(done)]() mutable {
            std::optional<Result> result;
            if (!m_closing.load())
                result.emplace(work(*m_session));
            QMetaObject::invokeMethod(
                this,
                [this, guard, done = std::move(done), result = std::move(result)]() mutable {
                    --m_pending;
                    if (guard && result.has_value())
                        done(std::move(*result));
                    if (m_pending.load() == 0)
                        Q_EMIT idle();
                },
                Qt::QueuedConnection);
        });
    }

    /// Jobs posted and not finished yet.
    int pending() const { return m_pending.load(); }

Q_SIGNALS:
    /// Every posted job has finished and delivered its result.
    void idle();

private:
    void enqueue(std::function<void()> job);

    QThread m_thread;
    QObject* m_anchor = nullptr; ///< lives on m_thread; jobs are queued to it
    std::shared_ptr<StoreSession> m_session;
    std::atomic<bool> m_closing{false};
    std::atomic<int> m_pending{0};
};

} // namespace ec::ui
