#include "ops/StoreJob.h"

#include "ops/StoreWorker.h"
#include "store/ItemStore.h"

namespace ec {

StoreJob::StoreJob(QObject* parent)
    : QObject(parent)
{}

StoreJob::~StoreJob()
{
    if (m_feedback)
        m_feedback->cancel();
    delete m_worker; // skips what has not started, waits for what has
}

void StoreJob::cancel()
{
    if (m_feedback)
        m_feedback->cancel();
}

bool StoreJob::startWork(const AppConfig& config, Work work, Access access)
{
    if (m_feedback)
        return false;
    if (!m_worker)
        m_worker = new StoreWorker(QStringLiteral("ec-ops-job"));
    m_worker->setConfig(config);
    auto feedback = std::make_shared<Feedback>();
    m_feedback = feedback;
    // Progress crosses to the caller's thread as it comes; a job destroyed meanwhile drops it.
    feedback->setListener([this](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            this, [this, done, total] { Q_EMIT progress(done, total); }, Qt::QueuedConnection);
    });
    m_worker->post<Result<QVariant>>(
        this,
        [feedback, access, work = std::move(work)](StoreSession& session) -> Result<QVariant> {
            const Result<ItemStore*> store =
                access == Access::Write ? session.writableStore() : session.store();
            if (!store)
                return fail(store.error());
            Result<QVariant> result = work(**store, *feedback);
            session.close(); // a job's connection lives as long as its work
            return result;
        },
        [this, feedback](Result<QVariant> result) {
            m_feedback.reset();
            if (feedback->isCanceled())
                Q_EMIT cancelled();
            else if (!result)
                Q_EMIT failed(result.error());
            else
                deliver(*result);
        });
    return true;
}

} // namespace ec
