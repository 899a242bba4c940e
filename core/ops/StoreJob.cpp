#include "ops/StoreJob.h"

#include "store/Database.h"
#include "store/ItemStore.h"

#include <QThread>

namespace ec {

StoreJob::StoreJob(QObject* parent)
    : QObject(parent)
{}

StoreJob::~StoreJob()
{
    if (m_thread) {
        disconnect(m_thread, nullptr, this, nullptr);
        m_cancel = true;
        m_thread->wait();
        delete m_thread;
    }
}

void StoreJob::cancel()
{
    m_cancel = true;
}

bool StoreJob::startWork(const AppConfig& config, Work work)
{
    if (m_thread)
        return false;
    m_cancel = false;
    m_result = QVariant();
    m_error.clear();
    m_thread = QThread::create([this, config, work = std::move(work)] {
        QString error;
        // Estimates, duplicate reports and status read only: never migrate (ConsoleTables).
        StoreOptions options;
        options.migrate = false;
        auto store = ItemStore::open(config, DatabaseConnection::uniqueName(QStringLiteral("ec-ops-job")),
                                     &error, options);
        if (!store) {
            m_error = error;
            return;
        }
        const ProgressFn progress = [this](qint64 done, qint64 total) {
            QMetaObject::invokeMethod(
                this, [this, done, total] { Q_EMIT this->progress(done, total); }, Qt::QueuedConnection);
            return !m_cancel.load();
        };
        m_result = work(*store, progress, &error);
        if (!m_result.isValid())
            m_error = error.isEmpty() ? QStringLiteral("the job failed") : error;
    });
    m_thread->setObjectName(QStringLiteral("ec-ops-job"));
    connect(m_thread, &QThread::finished, this, &StoreJob::onThreadFinished, Qt::QueuedConnection);
    m_thread->start();
    return true;
}

void StoreJob::onThreadFinished()
{
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
    if (m_cancel)
        Q_EMIT cancelled();
    else if (!m_result.isValid())
        Q_EMIT failed(m_error);
    else
        deliver(m_result);
}

} // namespace ec
