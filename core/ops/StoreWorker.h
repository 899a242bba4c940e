#pragma once
// The one way catalog work runs off the caller's thread (the console's UI thread, embedctl's
// event loop). One QThread runs the jobs in the order they were posted, on its own ItemStore
// connection (opened on first use, named "<name>-…"), and hands each result back to the
// caller's thread. If the receiver is gone by then, the result is dropped. StoreJob builds one
// operation with progress and cancel on it. QtConcurrent is deliberately not used: core stays on
// Core/Network/Sql.
//
//     m_store->post<Result<StatusCounts>>(this,
//         [](StoreSession& s) { return queries::status(s); },       // store thread
//         [this](Result<StatusCounts> counts) { show(counts); });   // caller's thread

#include "config/AppConfig.h"
#include "util/Result.h"

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

/// What a job sees on the store thread: the configuration and the thread's catalog.
class StoreSession
{
    Q_DECLARE_TR_FUNCTIONS(StoreSession)
public:
    explicit StoreSession(QString name);
    ~StoreSession();

    const AppConfig& config() const { return m_config; }
    /// The thread's catalog (its own connection), opened on first use without migrating, for
    /// jobs that only read (the console's tables it cannot read read as empty, and while any
    /// does, each job reopens it, so that tables a run creates show); nullptr with a
    /// one-line error when the database cannot be reached (the next job tries again).
    Result<ItemStore*> store();
    /// The same, migrated, for jobs that write (retry, reset): reopens a reading store.
    Result<ItemStore*> writableStore();
    /// Closes the connection (the next job reopens it).
    void close();
    void setConfig(const AppConfig& config);

private:
    QString m_name;
    AppConfig m_config;
    std::unique_ptr<ItemStore> m_store;
    bool m_migrated = false;     ///< m_store was opened with migrations
    bool m_reconnecting = false; ///< the connection was lost and is not back yet
};

class StoreWorker : public QObject
{
    Q_OBJECT
public:
    /// name: the thread's and the connections' name prefix ("ec-ui", "ec-ops-job").
    explicit StoreWorker(const QString& name = QStringLiteral("ec-store"), QObject* parent = nullptr);
    /// Skips the jobs not started yet, waits for the running one and closes the connection.
    ~StoreWorker() override;

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

} // namespace ec
