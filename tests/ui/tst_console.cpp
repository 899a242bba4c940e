// The operator console on real widgets (offscreen): runs against SQLite demo catalogs and
// the embeddings API simulator, checked against the database read on a separate connection.

#include "ConsoleTestSession.h"

#include "DashboardView.h"
#include "DuplicatesView.h"
#include "EstimateDialog.h"
#include "FailureTableModel.h"
#include "FailuresView.h"
#include "HistoryView.h"
#include "ResetDialog.h"
#include "RunHistoryModel.h"
#include "SettingsDialog.h"
#include "SimulatorFixture.h"
#include "StateBadge.h"
#include "TimeSeriesChart.h"

#include "pipeline/RunController.h"
#include "sim/SimulatorOptions.h"
#include "store/DemoCatalog.h"
#include "tokenizer/Cl100kTokenizer.h"

#include <QAction>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <algorithm>

using namespace ec;
using namespace ec::test;

namespace {

bool hasHangul(const QString& text)
{
    for (const QChar c : text) {
        if (c.script() == QChar::Script_Hangul)
            return true;
    }
    return false;
}

QString formatted(qint64 value)
{
    return QLocale().toString(value);
}

} // namespace

class TstConsole : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void startedRunReachesHundredPercent();
    void stopEndsCancelledKeepingFinishedWork();
    void retryClearsWhatTheSimulatorNowAccepts();
    void resetDialogPricesFirstAndChangesNothingUntilConfirmed();
    void duplicatesViewListsTheGroups();
    void switchingLanguageChangesVisibleStrings();
    void testConnectionReportsWhatTheEndpointAccepts();

private:
    QTemporaryDir m_settingsDir;
};

void TstConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QVERIFY(Cl100kTokenizer::instance().isValid());
}

void TstConsole::startedRunReachesHundredPercent()
{
    ConsoleTestSession session({});
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();
    const qint64 rows = session.rowCount();
    QVERIFY(rows > 0);
    QCOMPARE(session.embeddedCount(), 0);

    // Start opens the pre-run estimate; the run starts only once it is confirmed.
    window->startAction()->trigger();
    QVERIFY(window->estimateDialog() != nullptr);
    ui::EstimateDialog* dialog = window->estimateDialog();
    QVERIFY(!dialog->startButton()->isEnabled());
    QVERIFY(!window->controller()->isRunning());
    QSignalSpy estimated(dialog, &ui::EstimateDialog::estimateFinished);
    QVERIFY(estimated.wait(30000));
    QCOMPARE(estimated.first().at(0).toBool(), true);
    QVERIFY(dialog->estimate().has_value());
    QCOMPARE(dialog->estimate()->pendingTotal(), rows);
    QVERIFY(dialog->startButton()->isEnabled());
    QVERIFY(!window->controller()->isRunning());

    QSignalSpy finished(window, &ui::MainWindow::runFinished);
    QSignalSpy refreshed(window, &ui::MainWindow::statusRefreshed);
    dialog->startButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(window->controller()->isRunning() || finished.count() > 0, 5000);
    QVERIFY(finished.wait(60000));
    const RunSummary summary = finished.first().at(0).value<RunSummary>();

    QCOMPARE(summary.progress.state, RunState::Completed);
    QCOMPARE(summary.progress.total, rows);
    QCOMPARE(summary.progress.processed, rows);
    QCOMPARE(window->dashboard()->runPercent(), 100.0);
    QCOMPARE(window->stateBadge()->state(), RunState::Completed);
    QCOMPARE(window->stateBadge()->text(), ui::StateBadge::displayName(RunState::Completed));
    // What the run says it embedded is in the table.
    QVERIFY(summary.progress.succeeded > 0);
    QCOMPARE(session.embeddedCount(), summary.progress.succeeded);
    // The charts got points while it ran.
    QVERIFY(window->dashboard()->progressChart()->pointCount(0) > 0);
    QCOMPARE(window->dashboard()->progressChart()->lastValue(0), double(rows));

    // The catalog figures are read again after the run and show the table's count.
    const qint64 embedded = session.embeddedCount();
    QTRY_VERIFY_WITH_TIMEOUT(
        window->dashboard()->findChild<QLabel*>(QStringLiteral("figure_embedded"))->text() ==
            formatted(embedded),
        20000);
}

void TstConsole::stopEndsCancelledKeepingFinishedWork()
{
    ConsoleTestSession::Setup setup;
    setup.items = 1500;
    setup.simulator.latencyMs = 60;
    setup.batchSize = 10;
    setup.concurrency = 1;
    ConsoleTestSession session(setup);
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();

    QSignalSpy finished(window, &ui::MainWindow::runFinished);
    QVERIFY(window->startRun());
    QTRY_VERIFY_WITH_TIMEOUT(window->controller()->progress().succeeded >= 30, 30000);
    QVERIFY(window->stopAction()->isEnabled());
    window->stopAction()->trigger();
    QVERIFY(finished.count() > 0 || finished.wait(30000));
    const RunSummary summary = finished.first().at(0).value<RunSummary>();

    QCOMPARE(summary.progress.state, RunState::Stopped);
    QCOMPARE(window->stateBadge()->state(), RunState::Stopped);
    QVERIFY(summary.progress.processed < summary.progress.total);
    // The finished batches are kept: every item the run counted as done has its vector.
    QVERIFY(summary.progress.succeeded >= 30);
    QCOMPARE(session.embeddedCount(), summary.progress.succeeded);
    QVERIFY(window->startAction()->isEnabled());
    QVERIFY(!window->stopAction()->isEnabled());

    // The history shows the run as stopped, with its figures.
    QTRY_VERIFY_WITH_TIMEOUT(window->historyView()->model()->rowCount() > 0 &&
                                 window->historyView()->model()->runs().first().status == RunStatus::Stopped,
                             20000);
    QCOMPARE(window->historyView()->model()->runs().first().succeeded, summary.progress.succeeded);
}

void TstConsole::retryClearsWhatTheSimulatorNowAccepts()
{
    // The simulator rejects (permanent 400) every text that mentions "Quantum".
    const QString poison = QStringLiteral("Quantum");
    ConsoleTestSession::Setup setup;
    setup.items = 300;
    setup.simulator.faults = {QStringLiteral("bad-input:") + poison};
    ConsoleTestSession session(setup);
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();

    QSet<QString> poisoned;
    for (const auto& row : session.rows()) {
        if (row.text.contains(poison))
            poisoned.insert(row.id);
    }
    QVERIFY2(!poisoned.isEmpty(), "the demo catalog should mention the poison word");

    // The window reads the (empty) failure list as it opens; then the run.
    QSignalSpy failuresRead(window, &ui::MainWindow::failuresRefreshed);
    QTRY_VERIFY_WITH_TIMEOUT(failuresRead.count() > 0, 20000);
    failuresRead.clear();
    QVERIFY(window->startRun());
    const RunSummary first = session.waitForRun();
    QVERIFY(isFinalState(first.progress.state));
    QTRY_VERIFY_WITH_TIMEOUT(failuresRead.count() > 0, 20000);

    // Exactly the poisoned items failed with the API's 400, and the table lists them.
    ui::FailureTableModel* model = window->failuresView()->model();
    QSet<QString> rejected;
    for (const FailureEntry& e : model->entries()) {
        if (e.httpStatus == 400)
            rejected.insert(e.itemId);
    }
    QCOMPARE(rejected, poisoned);
    for (const QString& id : poisoned)
        QVERIFY(session.scalar(
                    QStringLiteral("SELECT count(*) FROM ai_items WHERE id = '%1' AND embedding IS NULL")
                        .arg(id)) == 1);

    // The API now accepts them: retry every listed failure from the view.
    QVERIFY(session.replaceSimulator({}));
    window->showTab(ui::MainWindow::Tab::Failures);
    QTableView* table = window->failuresView()->table();
    table->selectAll();
    QCOMPARE(window->failuresView()->selectedIds().size(), model->rowCount());
    auto* retry = window->failuresView()->findChild<QPushButton*>(QStringLiteral("retrySelected"));
    QVERIFY(retry->isEnabled());
    failuresRead.clear();
    retry->click();
    const RunSummary second = session.waitForRun();
    QVERIFY(isFinalState(second.progress.state));
    QTRY_VERIFY_WITH_TIMEOUT(failuresRead.count() > 0, 20000);

    for (const FailureEntry& e : model->entries())
        QVERIFY2(!poisoned.contains(e.itemId),
                 qPrintable(e.itemId + QStringLiteral(" still failed: ") + e.message));
    for (const QString& id : poisoned)
        QCOMPARE(session.scalar(
                     QStringLiteral("SELECT count(*) FROM ai_items WHERE id = '%1' AND embedding IS NOT NULL")
                         .arg(id)),
                 1);
}

void TstConsole::resetDialogPricesFirstAndChangesNothingUntilConfirmed()
{
    ConsoleTestSession session({});
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();
    QVERIFY(window->startRun());
    QCOMPARE(session.waitForRun().progress.state, RunState::Completed);
    const qint64 embedded = session.embeddedCount();
    QVERIFY(embedded > 0);

    // Every vector was made by text-embedding-3-small: "other than 3-large" takes them all.
    // Re-embedding costs the exact tokens of their distinct texts at the 3-small price.
    qint64 tokens = 0;
    QSet<QString> texts;
    for (const auto& row : session.rows()) {
        if (!row.embedded || texts.contains(row.text))
            continue;
        texts.insert(row.text);
        int count = 0;
        Cl100kTokenizer::instance().truncated(row.text.toUtf8(), session.config().batch.maxTokensPerInput,
                                              &count);
        tokens += count;
    }
    const double usd = double(tokens) * session.config().prices.usdPerMillionSmall / 1e6;
    const QByteArray before = session.fingerprint();

    for (const bool confirm : {false, true}) {
        window->openResetDialog();
        ui::ResetDialog* dialog = window->resetDialog();
        QVERIFY(dialog);
        QSignalSpy priced(dialog, &ui::ResetDialog::previewFinished);
        dialog->setModelNot(true, QStringLiteral("text-embedding-3-large"));
        QVERIFY(!dialog->confirmButton()->isEnabled()); // not before the figures are in
        QVERIFY(priced.wait(30000));
        QCOMPARE(priced.last().at(0).toBool(), true);

        QCOMPARE(dialog->affectedCount().value_or(-1), embedded);
        QVERIFY(dialog->estimate().has_value());
        const CostEstimate estimate = *dialog->estimate();
        QCOMPARE(estimate.configured().afterDedupe.tokens, tokens);
        QVERIFY(qAbs(estimate.configured().afterDedupe.usd - usd) < 1e-12);
        QVERIFY(dialog->confirmButton()->isEnabled());
        QVERIFY(dialog->confirmButton()->text().contains(formatted(embedded)));
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("resetAffected"))
                    ->text()
                    .contains(formatted(embedded)));
        QCOMPARE(session.fingerprint(), before); // priced, not changed

        // Changing the criteria disables the button until the new figures are in.
        dialog->setBefore(true, QDateTime::currentDateTimeUtc().addDays(-365));
        QVERIFY(!dialog->confirmButton()->isEnabled());
        QVERIFY(priced.wait(30000));
        QCOMPARE(dialog->affectedCount().value_or(-1), 0);
        QVERIFY(!dialog->confirmButton()->isEnabled()); // nothing to reset
        dialog->setBefore(false);
        QVERIFY(priced.wait(30000));
        QCOMPARE(dialog->affectedCount().value_or(-1), embedded);

        if (!confirm) {
            dialog->reject();
            QTRY_VERIFY(window->resetDialog() == nullptr);
            QCOMPARE(session.fingerprint(), before);
            continue;
        }
        QSignalSpy done(dialog, &ui::ResetDialog::resetDone);
        dialog->confirmButton()->click();
        QVERIFY(done.wait(30000));
        QCOMPARE(done.first().at(0).toLongLong(), embedded);
    }
    QCOMPARE(session.embeddedCount(), 0);
    QCOMPARE(session.scalar(QStringLiteral("SELECT count(*) FROM embedding_resets")), 1);
}

void TstConsole::duplicatesViewListsTheGroups()
{
    ConsoleTestSession::Setup setup;
    setup.items = 400;
    ConsoleTestSession session(setup);
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();

    // The groups, found here by comparing the texts themselves.
    QHash<QString, QStringList> byText;
    for (const auto& row : session.rows()) {
        if (!row.text.isEmpty())
            byText[row.text] << row.id;
    }
    QSet<QStringList> expected;
    for (QStringList& ids : byText) {
        if (ids.size() > 1) {
            ids.sort();
            expected.insert(ids);
        }
    }
    QVERIFY2(!expected.isEmpty(), "the demo catalog repeats some texts");

    ui::DuplicatesView* view = window->duplicatesView();
    QSignalSpy ready(view, &ui::DuplicatesView::reportReady);
    view->setScope(DuplicateReport::Scope::All);
    window->showTab(ui::MainWindow::Tab::Duplicates);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() > 0 && !view->isLoading(), 30000);
    QCOMPARE(ready.last().at(0).toInt(), int(expected.size()));

    QSet<QStringList> shown;
    QTreeWidget* tree = view->tree();
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* group = tree->topLevelItem(i);
        QStringList ids;
        for (int j = 0; j < group->childCount(); ++j)
            ids << group->child(j)->data(0, Qt::UserRole).toString();
        ids.sort();
        QCOMPARE(group->text(1), formatted(ids.size()));
        shown.insert(ids);
    }
    QCOMPARE(shown, expected);
    // What dedupe saves: one request fewer per repeat.
    qint64 repeats = 0;
    for (const QStringList& ids : expected)
        repeats += ids.size() - 1;
    QCOMPARE(view->report()->duplicateItems, repeats);
    QVERIFY(
        view->findChild<QLabel*>(QStringLiteral("duplicateSummary"))->text().contains(formatted(repeats)));
}

void TstConsole::switchingLanguageChangesVisibleStrings()
{
    ConsoleTestSession session({});
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();

    const auto visibleTexts = [window] {
        QStringList texts;
        for (int i = 0; i < window->tabs()->count(); ++i)
            texts << window->tabs()->tabText(i);
        texts << window->startAction()->text() << window->stopAction()->text()
              << window->retryAction()->text() << window->resetAction()->text()
              << window->stateBadge()->text();
        for (QGroupBox* box : window->dashboard()->findChildren<QGroupBox*>())
            texts << box->title();
        texts << window->failuresView()
                     ->model()
                     ->headerData(ui::FailureTableModel::Attempts, Qt::Horizontal)
                     .toString();
        return texts;
    };
    const QStringList english = visibleTexts();
    QVERIFY(english.contains(QStringLiteral("Dashboard")));
    for (const QString& text : english)
        QVERIFY2(!hasHangul(text), qPrintable(text));

    // Installing a translator posts a LanguageChange event to every widget.
    window->setLanguage(QStringLiteral("ko"));
    const auto allHangul = [&] {
        const QStringList texts = visibleTexts();
        return std::all_of(texts.begin(), texts.end(), hasHangul);
    };
    QTRY_VERIFY_WITH_TIMEOUT(allHangul(), 5000);
    const QStringList korean = visibleTexts();
    QCOMPARE(korean.size(), english.size());
    for (int i = 0; i < korean.size(); ++i) {
        QVERIFY2(korean.at(i) != english.at(i), qPrintable(english.at(i)));
        QVERIFY2(hasHangul(korean.at(i)), qPrintable(korean.at(i)));
    }

    // Back to English through the settings dialog, as the operator would.
    window->openSettings();
    ui::SettingsDialog* settings = window->settingsDialog();
    QVERIFY(settings);
    QVERIFY(hasHangul(settings->windowTitle()));
    auto* language = settings->findChild<QComboBox*>(QStringLiteral("language"));
    language->setCurrentIndex(language->findData(QStringLiteral("en")));
    settings->accept();
    QTRY_COMPARE_WITH_TIMEOUT(visibleTexts(), english, 5000);
}

void TstConsole::testConnectionReportsWhatTheEndpointAccepts()
{
    // The settings' check is `embedctl doctor`'s: against a TEI-like server it finds the batch cap.
    SimulatorOptions options;
    options.profile = ServerProfile::Tei;
    SimulatorFixture sim(options);
    QVERIFY2(sim.isRunning(), qPrintable(sim.error()));
    AppConfig config;
    QTemporaryDir dir;
    config.databaseUrl = QStringLiteral("sqlite://") + dir.filePath(QStringLiteral("catalog.db"));
    DemoOptions demo;
    demo.items = 20;
    QString error;
    QVERIFY2(DemoCatalog::create(config, demo, &error), qPrintable(error));
    config.api = sim.apiSettings();
    config.api.apiKey = QStringLiteral("sk-test");
    config.embedding.dimensions = 64;
    ui::SettingsDialog dialog(config, QStringLiteral("en"), false);
    QSignalSpy catalogChecked(&dialog, &ui::SettingsDialog::catalogChecked);
    auto* button = dialog.findChild<QPushButton*>(QStringLiteral("testConnection"));
    auto* result = dialog.findChild<QLabel*>(QStringLiteral("connectionResult"));
    QVERIFY(button && result);
    QCOMPARE(button->text(), QStringLiteral("Test connection"));
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!button->isEnabled()); // the check runs without blocking the dialog
    QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled(), 20000);
    QVERIFY(catalogChecked.count() > 0 || catalogChecked.wait(20000));
    // The database first: URL, table and columns, checked before anything is saved.
    QCOMPARE(catalogChecked.first().at(0).toBool(), true);
    QVERIFY2(result->text().startsWith(QLatin1String("Database: works, SQLite")), qPrintable(result->text()));
    QVERIFY2(result->text().contains(QLatin1String("Endpoint: works")), qPrintable(result->text()));
    QVERIFY2(result->text().contains(QLatin1String("64 dimensions")), qPrintable(result->text()));
    QVERIFY2(result->text().contains(QLatin1String("at most 32 inputs per request")),
             qPrintable(result->text()));

    // A table that is not there is named, and the check says it cannot be used.
    auto* table = dialog.findChild<QLineEdit*>(QStringLiteral("tableName"));
    QVERIFY(table);
    table->setText(QStringLiteral("no_such_items"));
    catalogChecked.clear();
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(catalogChecked.wait(20000));
    QCOMPARE(catalogChecked.first().at(0).toBool(), false);
    QVERIFY2(result->text().contains(QLatin1String("no_such_items does not exist")),
             qPrintable(result->text()));
}

QTEST_MAIN(TstConsole)
#include "tst_console.moc"
