#include "ops/StoreWorker.h"

#include "store/ItemStore.h"

namespace ec {

StoreSession::StoreSession(QString name)
    : m_name(std::move(name))
{}
StoreSession::~StoreSession() = default;

Result<ItemStore*> StoreSession::store()
{
    QString error;
    // A connection the server dropped (a restart, a failover) is opened again by the next job;
    // until the server is back, jobs answer with the reason, and the views show it.
    if (m_store && m_store->connection().isLost()) {
        m_store.reset();
        m_reconnecting = true;
    }
    // Stand-ins for console tables hide the real ones a run creates later: while there are
    // any, every job looks again with a fresh session.
    if (m_store && !m_migrated) {
        for (const ConsoleTableAccess& access : m_store->consoleTables()) {
            if (access.state != ConsoleTableAccess::State::Readable) {
                m_store.reset();
                break;
            }
        }
    }
    if (!m_store) {
        StoreOptions options;
        options.migrate = false;
        m_store = ItemStore::open(m_config, DatabaseConnection::uniqueName(m_name), &error, options);
        m_migrated = false;
        if (!m_store)
            return fail(m_reconnecting ? tr("database connection lost, reconnecting: %1").arg(error) : error);
        m_reconnecting = false;
    }
    return m_store.get();
}

Result<ItemStore*> StoreSession::writableStore()
{
    QString error;
    if (m_store && !m_migrated)
        m_store.reset(); // its session reads stand-ins and is read-only
    if (!m_store) {
        m_store = ItemStore::open(m_config, DatabaseConnection::uniqueName(m_name), &error);
        m_migrated = m_store != nullptr;
        if (!m_store)
            return fail(error);
    }
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

StoreWorker::StoreWorker(const QString& name, QObject* parent)
    : QObject(parent)
    , m_session(std::make_shared<StoreSession>(name))
{
    m_thread.setObjectName(name);
    m_anchor = new QObject;
    m_anchor->moveToThread(&m_thread);
    m_thread.start();
}

StoreWorker::~StoreWorker()
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

void StoreWorker::setConfig(const AppConfig& config)
{
    auto session = m_session;
    QMetaObject::invokeMethod(m_anchor, [session, config] { session->setConfig(config); });
}

void StoreWorker::enqueue(std::function<void()> job)
{
    QMetaObject::invokeMethod(m_anchor, std::move(job));
}

} // namespace ec
