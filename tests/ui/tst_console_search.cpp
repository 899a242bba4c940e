// The console's side of issue 13 (offscreen, SQLite demo catalog, the simulator): the model of
// the table's vectors is used when none is configured, and a configured model of another
// space shows a warning and starts no run.

#include "ConsoleTestSession.h"

#include "NoticeBanner.h"
#include "SearchView.h"

#include "store/Database.h"
#include "tokenizer/Cl100kTokenizer.h"

#include <QLabel>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace ec;
using namespace ec::test;

namespace {

const QString kAda = QStringLiteral("text-embedding-ada-002");

/// Gives the first `rows` items a text-embedding-ada-002 vector of 1,536 floats.
bool embedWithAda(const AppConfig& config, int rows, QString* error)
{
    auto connection = DatabaseConnection::open(config.databaseUrl,
                                               DatabaseConnection::uniqueName(QStringLiteral("ada")), error);
    if (!connection)
        return false;
    QByteArray blob(1536 * 4, '\0');
    for (int i = 0; i < 1536; ++i) {
        const float value = float((i % 17) - 8) / 8.0f;
        std::memcpy(blob.data() + 4 * i, &value, 4);
    }
    QSqlQuery q(connection->database());
    q.prepare(
        QStringLiteral("UPDATE ai_items SET embedding = :v, embedding_model = :m, embedding_updated_at = "
                       "'2100-01-01T00:00:00.000Z' WHERE rowid <= :n"));
    q.bindValue(QStringLiteral(":v"), blob);
    q.bindValue(QStringLiteral(":m"), kAda);
    q.bindValue(QStringLiteral(":n"), rows);
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    return true;
}

/// Waits for a status read that started after the call (one in flight may predate a change).
bool refreshed(ui::MainWindow* window)
{
    for (int i = 0; i < 2; ++i) {
        QSignalSpy spy(window, &ui::MainWindow::statusRefreshed);
        window->refreshStatus();
        if (!spy.wait(20000))
            return false;
    }
    return true;
}

} // namespace

class TstConsoleSearch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QVERIFY(Cl100kTokenizer::instance().isValid());
    }

    void usesTheTablesModelAndRefusesAnother()
    {
        ConsoleTestSession session({});
        QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
        ui::MainWindow* window = session.window();
        QString error;
        QVERIFY2(embedWithAda(session.config(), 150, &error), qPrintable(error));
        QVERIFY(!session.config().embedding.modelConfigured);

        // No model configured: the table's.
        QVERIFY(refreshed(window));
        QCOMPARE(window->runConfig().embedding.model, kAda);
        QVERIFY(window->modelBanner()->isHidden());

        // text-embedding-3-small configured: a warning, and no run starts.
        AppConfig small = session.config();
        small.embedding.model = QStringLiteral("text-embedding-3-small");
        small.embedding.modelConfigured = true;
        window->setConfig(small);
        QVERIFY(refreshed(window));
        QVERIFY(!window->modelBanner()->isHidden());
        QVERIFY2(window->modelBanner()->message().contains(kAda),
                 qPrintable(window->modelBanner()->message()));
        const QByteArray before = session.fingerprint();
        QVERIFY(!window->startRun({}));
        QCOMPARE(session.fingerprint(), before);
    }

    void searchTabFindsAnItemByItsOwnText()
    {
        ConsoleTestSession session({});
        QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
        ui::MainWindow* window = session.window();
        QVERIFY(window->startRun({}));
        const RunSummary run = session.waitForRun();
        QVERIFY(run.progress.succeeded > 0);
        QVERIFY(refreshed(window));

        // An embedded item whose text no other item shares.
        const QVector<ConsoleTestSession::Row> rows = session.rows();
        QHash<QString, int> copies;
        for (const auto& row : rows)
            ++copies[row.text];
        const auto target = std::find_if(rows.begin(), rows.end(), [&](const ConsoleTestSession::Row& row) {
            return row.embedded && copies.value(row.text) == 1 && !row.text.isEmpty();
        });
        QVERIFY(target != rows.end());

        window->showTab(ui::MainWindow::Tab::Search);
        ui::SearchView* view = window->searchView();
        QSignalSpy finished(view, &ui::SearchView::searchFinished);
        view->search(target->text);
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().at(0).toInt() > 0, qPrintable(view->summary()->text()));
        QCOMPARE(view->table()->item(0, 2)->text(), target->id);
        QVERIFY(std::abs(view->result()->hits.first().score - 1.0) < 1e-5);
        QCOMPARE(view->rowText(0), target->text);

        // "Similar items" by the stored vector: the item itself first, nothing sent.
        const quint64 requests = session.simulator()->stats().requests;
        window->showSimilar(target->id);
        QVERIFY(finished.wait(30000));
        QCOMPARE(view->table()->item(0, 2)->text(), target->id);
        QCOMPARE(session.simulator()->stats().requests, requests);
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TstConsoleSearch)
#include "tst_console_search.moc"
