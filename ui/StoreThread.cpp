#include "StoreThread.h"

#include "store/ItemStore.h"

namespace ec::ui {

StoreSession::StoreSession() = default;
StoreSession::~StoreSession() = default;

ItemStore* StoreSession::store(QString* error)
{
    if (!m_store)
        m_store = ItemStore::open(m_config, DatabaseConnection::uniqueName(QStringLiteral("ec-ui")), error);
    return m_store.get();
}

void StoreSession::close()
{
    m_store.reset();
}

void StoreSession::setConfig(const AppConfig& config)
{
    // The table, its columns or the database may have changed: inspect again on next use.
    m_config = config;
    close();
}

StoreThread::StoreThread(QObject* parent)
    : QObject(parent)
    , m_session(std::make_shared<StoreSession>())
{
    m_thread.setObjectName(QStringLiteral("ec-ui-store"));
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
}

StoreThread::~StoreThread()
{
    m_closing = true;
    auto session = m_session;
    QMetaObject::invokeMethod(m_anchor, [session] {
        session->close();
        QThread::currentThread()->quit();
    });
    m_thread.wait();
    delete m_anchor; // its thread has ended: nothing else can touch it
}

void StoreThread::setConfig(const AppConfig& config)
{
    auto session = m_session;
    QMetaObject::invokeMethod(m_anchor, [session, config] { session->setConfig(config); });
}

void StoreThread::enqueue(std::function<void()> job)
{
    QMetaObject::invokeMethod(m_anchor, std::move(job));
}

} // namespace ec::ui
