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
    connect(m_engine, &RunEngine::finished, this, &RunController::onFinished);
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

void RunController::onFinished(const RunSummary& summary)
{
    // The engine's thread (and the database thread it owns) end before the result is reported,
    // so a caller may start the next run or quit at once.
    m_thread->quit();
    m_thread->wait();
    m_thread->deleteLater();
    m_thread = nullptr;
    m_engine = nullptr;
    onProgress(summary.progress);
    Q_EMIT finished(summary);
}

} // namespace ec
