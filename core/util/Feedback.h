#pragma once
// Progress and cancellation of one long operation, shared between the thread that does the work
// and the one that watches it, in the spirit of QGIS's QgsFeedback. The worker reports with
// setProgress() and checks isCanceled() between pages; the watcher (a console timer, embedctl's
// progress line) reads done()/total() and may call cancel(). Every member is thread-safe.
//
//     Feedback feedback;                        // owned by the watcher, outlives the work
//     estimator.estimatePending(store, &feedback);
//     …                                         // meanwhile, on the watcher's thread:
//     bar->setValue(feedback.done());  feedback.cancel();
//
// Services take a `Feedback*` that may be null: no progress wanted, never cancelled.

#include <QtGlobal>

#include <atomic>
#include <functional>

namespace ec {

class Feedback
{
public:
    Feedback() = default;
    Feedback(const Feedback&) = delete;
    Feedback& operator=(const Feedback&) = delete;

    /// Asks the work to stop at its next check; it then ends as cancelled.
    void cancel() { m_canceled.store(true); }
    bool isCanceled() const { return m_canceled.load(); }

    /// done of total units of work (total −1 while not known). Calls the listener, if any, on the
    /// worker's thread.
    void setProgress(qint64 done, qint64 total)
    {
        m_done.store(done);
        m_total.store(total);
        if (m_listener)
            m_listener(done, total);
    }
    qint64 done() const { return m_done.load(); }
    qint64 total() const { return m_total.load(); }

    /// Called from setProgress(), on the worker's thread: for a watcher on the same thread (a
    /// synchronous CLI command printing a progress line). Set it before the work starts.
    void setListener(std::function<void(qint64 done, qint64 total)> listener)
    {
        m_listener = std::move(listener);
    }

    /// Reports progress and answers whether to go on: the check a worker makes after every page.
    static bool report(Feedback* feedback, qint64 done, qint64 total)
    {
        if (!feedback)
            return true;
        feedback->setProgress(done, total);
        return !feedback->isCanceled();
    }

private:
    std::atomic<bool> m_canceled{false};
    std::atomic<qint64> m_done{0};
    std::atomic<qint64> m_total{-1};
    std::function<void(qint64, qint64)> m_listener;
};

} // namespace ec
