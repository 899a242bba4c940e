#include "ConsoleTestSession.h"

#include "pipeline/RunController.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace ec::test {

ConsoleTestSession::ConsoleTestSession(const Setup& setup)
{
    if (!m_dir.isValid()) {
        m_error = QStringLiteral("no temporary directory");
        return;
    }
    m_simulator = std::make_unique<SimulatorFixture>(setup.simulator);
    if (!m_simulator->isRunning()) {
        m_error = m_simulator->error();
        return;
    }
    m_config.databaseUrl = QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("catalog.db"));
    m_config.api = m_simulator->apiSettings();
    m_config.api.apiKey = QStringLiteral("sk-test-console-key-1234");
    m_config.api.concurrency = setup.concurrency;
    m_config.batch.batchSize = setup.batchSize;

    DemoOptions demo;
    demo.items = setup.items;
    demo.seed = setup.seed;
    if (!DemoCatalog::create(m_config, demo, &m_error))
        return;
    m_error.clear();

    m_connection = QStringLiteral("test-reader-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    db.setDatabaseName(m_dir.filePath(QStringLiteral("catalog.db")));
    if (!db.open()) {
        m_error = db.lastError().text();
        return;
    }

    m_language = std::make_unique<ui::UiLanguage>();
    m_language->apply(setup.language);
    ui::WindowOptions options;
    options.persistSettings = false;
    options.languageSetting = setup.language;
    m_window = std::make_unique<ui::MainWindow>(m_config, m_language.get(), options);
    m_window->resize(1400, 900);
    m_window->show();
}

ConsoleTestSession::~ConsoleTestSession()
{
    m_window.reset();
    m_language.reset();
    if (!m_connection.isEmpty()) {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool ConsoleTestSession::replaceSimulator(const SimulatorOptions& options)
{
    m_simulator.reset();
    m_simulator = std::make_unique<SimulatorFixture>(options);
    if (!m_simulator->isRunning())
        return false;
    const QString key = m_config.api.apiKey;
    const int concurrency = m_config.api.concurrency;
    m_config.api = m_simulator->apiSettings();
    m_config.api.apiKey = key;
    m_config.api.concurrency = concurrency;
    m_window->setConfig(m_config);
    return true;
}

qint64 ConsoleTestSession::scalar(const QString& sql) const
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

qint64 ConsoleTestSession::embeddedCount() const
{
    return scalar(QStringLiteral("SELECT count(*) FROM ai_items WHERE embedding IS NOT NULL"));
}

qint64 ConsoleTestSession::rowCount() const
{
    return scalar(QStringLiteral("SELECT count(*) FROM ai_items"));
}

QByteArray ConsoleTestSession::fingerprint() const
{
    QSqlQuery query(QSqlDatabase::database(m_connection));
    query.exec(QStringLiteral(
        "SELECT id, embedding, embedding_model, embedding_updated_at FROM ai_items ORDER BY id"));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    while (query.next()) {
        for (int column = 0; column < 4; ++column) {
            hash.addData(query.value(column).toByteArray());
            hash.addData(QByteArrayView("\x1f"));
        }
    }
    return hash.result().toHex();
}

QVector<ConsoleTestSession::Row> ConsoleTestSession::rows() const
{
    QVector<Row> result;
    QSqlQuery query(QSqlDatabase::database(m_connection));
    query.exec(
        QStringLiteral("SELECT id, title, summary, tags, embedding IS NOT NULL FROM ai_items ORDER BY id"));
    while (query.next()) {
        QStringList parts;
        const QString title = query.value(1).toString();
        const QString summary = query.value(2).toString();
        QStringList tags;
        for (const QJsonValue& tag : QJsonDocument::fromJson(query.value(3).toString().toUtf8()).array())
            tags << tag.toString();
        for (const QString& part : {title, summary, tags.join(QLatin1Char(' '))}) {
            if (!part.isEmpty())
                parts << part;
        }
        result.push_back(
            {query.value(0).toString(), parts.join(QLatin1Char(' ')).trimmed(), query.value(4).toBool()});
    }
    return result;
}

RunSummary ConsoleTestSession::waitForRun(int timeoutMs)
{
    QSignalSpy finished(m_window.get(), &ui::MainWindow::runFinished);
    if (!finished.wait(timeoutMs))
        return {};
    return finished.takeFirst().at(0).value<RunSummary>();
}

} // namespace ec::test
