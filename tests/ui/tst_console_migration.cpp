// The console's Migration view (issue 13), offscreen against a SQLite demo catalog and the
// simulator: plan, stage, compare, swap and rollback as an operator presses them, each behind
// its confirmation; the table untouched until the swap and restored exactly by the rollback.

#include "ConsoleTestSession.h"

#include "MigrationView.h"

#include "tokenizer/Cl100kTokenizer.h"

#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace ec;
using namespace ec::test;

namespace {

const QString kLarge = QStringLiteral("text-embedding-3-large");

/// Runs one step of the view to its end; true when it ended ok.
bool runStep(ui::MigrationView* view, const std::function<bool()>& start, const QString& name)
{
    QSignalSpy ended(view, &ui::MigrationView::stepEnded);
    if (!start())
        return false;
    for (int i = 0; i < 20; ++i) {
        if (ended.isEmpty() && !ended.wait(60000))
            return false;
        while (!ended.isEmpty()) {
            const QList<QVariant> args = ended.takeFirst();
            if (args.at(0).toString() == name)
                return args.at(1).toBool();
        }
    }
    return false;
}

/// Waits for the status read each step ends with.
bool settled(ui::MigrationView* view)
{
    return QTest::qWaitFor([&] { return !view->isBusy(); }, 30000);
}

} // namespace

class TstConsoleMigration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QVERIFY(Cl100kTokenizer::instance().isValid());
    }

    void planStageCompareSwapRollback()
    {
        ConsoleTestSession session({});
        QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
        ui::MainWindow* window = session.window();
        QVERIFY(window->startRun({}));
        QVERIFY(session.waitForRun().progress.succeeded > 0);
        const QByteArray embedded = session.fingerprint();
        const QString model = window->runConfig().embedding.model;

        window->showTab(ui::MainWindow::Tab::Migration);
        ui::MigrationView* view = window->migrationView();
        QVERIFY(settled(view));
        QVERIFY(view->lastStatus() && !view->lastStatus()->active);
        int confirmations = 0;
        bool answer = false;
        view->setConfirm([&](const QString&, const QString&) {
            ++confirmations;
            return answer;
        });

        // A priced plan, then a refused confirmation: nothing sent, nothing staged.
        view->setTarget(kLarge, 1536);
        QVERIFY(runStep(
            view, [&] { return view->plan(); }, QStringLiteral("plan")));
        QVERIFY2(view->lastPlan()->refusal.isEmpty(), qPrintable(view->lastPlan()->refusal));
        QVERIFY(view->lastPlan()->tokens > 0);
        QVERIFY(view->planLabel()->text().contains(QStringLiteral("Batch API")));
        QVERIFY(view->findChild<QPushButton*>(QStringLiteral("migrationStage"))->isEnabled());
        const quint64 requests = session.simulator()->stats().requests;
        QVERIFY(!view->stage());
        QCOMPARE(confirmations, 1);
        QCOMPARE(session.simulator()->stats().requests, requests);

        // Staged: the operator's table is byte-identical.
        answer = true;
        QVERIFY(runStep(
            view, [&] { return view->stage(); }, QStringLiteral("stage")));
        QVERIFY(settled(view));
        QVERIFY(session.simulator()->stats().requests > requests);
        QCOMPARE(session.fingerprint(), embedded);
        QVERIFY(view->lastStatus()->active);
        QCOMPARE(view->lastStatus()->toModel, kLarge);
        QVERIFY(view->lastStatus()->staged > 0);
        QCOMPARE(view->lastStatus()->remaining, 0);

        // The comparison fills its table, one row per sample query.
        QVERIFY(runStep(
            view, [&] { return view->compare(5); }, QStringLiteral("compare")));
        QVERIFY(settled(view));
        QVERIFY(view->lastComparison().has_value());
        QVERIFY(view->comparisonTable()->rowCount() > 0);
        QCOMPARE(view->comparisonTable()->rowCount(), int(view->lastComparison()->rows.size()));
        QCOMPARE(session.fingerprint(), embedded);

        // Swap: every embedded row now carries the new model; rollback: exactly as before.
        QVERIFY(runStep(
            view, [&] { return view->swap(); }, QStringLiteral("swap")));
        QVERIFY(settled(view));
        QCOMPARE(view->lastStatus()->state, MigrationState::Swapped);
        QCOMPARE(session.scalar(
                     QStringLiteral("SELECT count(*) FROM ai_items WHERE embedding_model = '%1'").arg(model)),
                 0);
        QVERIFY(session.scalar(QStringLiteral("SELECT count(*) FROM ai_items WHERE embedding_model = '%1'")
                                   .arg(kLarge)) > 0);
        QVERIFY(session.fingerprint() != embedded);
        QVERIFY(runStep(
            view, [&] { return view->rollback(); }, QStringLiteral("rollback")));
        QVERIFY(settled(view));
        QCOMPARE(session.fingerprint(), embedded);

        // Finish: no migration underway, the table still as it was.
        QVERIFY(runStep(
            view, [&] { return view->finish(); }, QStringLiteral("finish")));
        QVERIFY(settled(view));
        QVERIFY(!view->lastStatus()->active);
        QCOMPARE(session.fingerprint(), embedded);
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TstConsoleMigration)
#include "tst_console_migration.moc"
