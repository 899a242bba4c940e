#include "pipeline/RunController.h"

#include "pipeline/RunEngine.h"

#include <QThread>

namespace ec {

RunController::RunController(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<ec::RunProgress>();
    qRegisterMetaType<ec::RunSummary>();
    qRegisterMetaType<ec::RunState>();
    qRegisterMetaType<ec::RequestStats>();
}

RunController::~RunController()
{
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
    }
}

bool RunController::start(const AppConfig& config, const RunOptions& options)
{
    if (m_engine)
        return false;
    m_progress = RunProgress{};
    m_progress.state = RunState::Starting;
    Q_EMIT stateChanged(m_progress.state);

    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("ec-engine"));
    m_engine = new RunEngine(config, options);
    m_engine->moveToThread(m_thread);
    connect(m_thread, &QThread::started, m_engine, &RunEngine::start);
    connect(m_thread, &QThread::finished, m_engine, &QObject::deleteLater);
    connect(m_engine, &RunEngine::progressUpdated, this, &RunController::onProgress);
    connect(m_engine, &RunEngine::logMessage, this, &RunController::logMessage);
    connect(m_engine, &RunEngine::requestCompleted, this, &RunController::requestCompleted);
    connect(m_engine, &RunEngine::finished, this, &RunController::onEngineFinished);
    // Deleting the engine joins its database threads; the thread quits once that is done.
    connect(m_engine, &QObject::destroyed, m_thread, &QThread::quit, Qt::DirectConnection);
    connect(m_thread, &QThread::finished, this, &RunController::onThreadFinished);
    m_thread->start();
    return true;
}

void RunController::stop()
{
    if (m_engine)
        QMetaObject::invokeMethod(m_engine, &RunEngine::stop, Qt::QueuedConnection);
}

void RunController::onProgress(const RunProgress& progress)
{
    const bool changed = progress.state != m_progress.state;
    m_progress = progress;
    if (changed)
        Q_EMIT stateChanged(m_progress.state);
    Q_EMIT progressUpdated(m_progress);
}

void RunController::onEngineFinished(const RunSummary& summary)
{
    // Closing the engine's connections may take a while (a slow server, a TLS shutdown): it
    // happens on the engine's thread, and the caller's event loop goes on meanwhile. The run
    // counts as going until its thread has ended, so a next start() waits for a clean slate.
    m_summary = summary;
    m_engine->deleteLater();
}

void RunController::onThreadFinished()
{
    // The thread has emitted its last signal: what is left of it ends at once.
    m_thread->wait();
    m_thread->deleteLater();
    m_thread = nullptr;
    m_engine = nullptr;
    onProgress(m_summary.progress);
    Q_EMIT finished(m_summary);
}

} // namespace ec
