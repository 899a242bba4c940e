// The console's views on their own and in a window (offscreen): CSV export of the failures and
// the duplicates with hostile text, Return/Enter opening a failure, unknown ids in the reset
// dialog, the live charts staying bounded with readable axes, and colours that follow a dark
// palette.

#include "ConsoleTestSession.h"

#include "CsvExport.h"
#include "DuplicatesView.h"
#include "FailureDetailDialog.h"
#include "FailureFilterProxy.h"
#include "FailureTableModel.h"
#include "FailuresView.h"
#include "FigureGrid.h"
#include "ResetDialog.h"
#include "ThemeColors.h"
#include "TimeSeriesChart.h"

#include "tokenizer/Cl100kTokenizer.h"

#include <QAbstractAxis>
#include <QChart>
#include <QDialogButtonBox>
#include <QFile>
#include <QGroupBox>
#include <QImage>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <QXYSeries>

#include <cmath>

using namespace ec;
using namespace ec::test;

namespace {

/// Texts that break naive CSV: commas, quotes, line breaks (LF and CRLF), Korean, leading
/// formula characters and spaces.
const QStringList kHostile = {
    QStringLiteral("plain"),
    QStringLiteral("comma, inside"),
    QStringLiteral("she said \"no\""),
    QStringLiteral("\"starts and ends with quotes\""),
    QStringLiteral("two\nlines"),
    QStringLiteral("crlf\r\nline"),
    QStringLiteral("임베딩 실패: \"입력이 너무 깁니다\", 다시 시도하세요\n두 번째 줄"),
    QStringLiteral("=SUM(A1:A2)"),
    QStringLiteral("  padded  "),
    QString(),
};

FailureEntry failure(int i)
{
    FailureEntry e;
    e.itemId = QStringLiteral("item-%1").arg(i, 4, 10, QLatin1Char('0'));
    e.title = kHostile.at(i % kHostile.size()) + QStringLiteral(" #%1").arg(i);
    e.runId = 7;
    e.attempts = 1 + i % 4;
    e.httpStatus = i % 3 == 0 ? 0 : 400;
    e.errorCode = i % 2 ? QStringLiteral("invalid_request_error") : QString();
    e.message = kHostile.at((i + 3) % kHostile.size());
    e.parked = i % 5 == 0;
    e.skipped = i % 7 == 0;
    e.firstSeen = QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC).addSecs(i);
    e.lastSeen = e.firstSeen.addSecs(3600);
    return e;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x20, 0x20, 0x24));
    p.setColor(QPalette::Base, QColor(0x16, 0x16, 0x1a));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x2c));
    p.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xea));
    p.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xea));
    p.setColor(QPalette::Button, QColor(0x30, 0x30, 0x36));
    p.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xea));
    return p;
}

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::Text, Qt::black);
    p.setColor(QPalette::WindowText, Qt::black);
    return p;
}

/// The visible widgets of a dialog's top-level layout, top to bottom, with what each needs.
QString overlapReport(QWidget* dialog)
{
    QString report;
    QLayout* layout = dialog->layout();
    for (int i = 0; layout && i < layout->count(); ++i) {
        QWidget* w = layout->itemAt(i)->widget();
        if (!w || w->isHidden())
            continue;
        const int needed =
            w->hasHeightForWidth() ? w->heightForWidth(w->width()) : w->minimumSizeHint().height();
        report += QStringLiteral("%1 %2: y %3..%4, needs %5\n")
                      .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName())
                      .arg(w->geometry().top())
                      .arg(w->geometry().bottom())
                      .arg(needed);
    }
    return report;
}

bool noRowsOverlap(QWidget* dialog)
{
    QLayout* layout = dialog->layout();
    int bottom = -1;
    for (int i = 0; layout && i < layout->count(); ++i) {
        QWidget* w = layout->itemAt(i)->widget();
        if (!w || w->isHidden())
            continue;
        if (w->geometry().top() <= bottom)
            return false;
        const int needed =
            w->hasHeightForWidth() ? w->heightForWidth(w->width()) : w->minimumSizeHint().height();
        if (w->height() < needed)
            return false;
        bottom = w->geometry().bottom();
    }
    return bottom >= 0 && bottom < dialog->height();
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TstConsoleViews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void csvQuotesAsRfc4180();
    void failuresExportEveryRowVerbatim();
    void returnAndEnterOpenTheCurrentFailure();
    void failureRefreshUpdatesInPlace();
    void duplicatesExportRoundTrip();
    void resetDialogReportsUnknownIdsAndWhy();
    void chartSeriesStayBounded();
    void emptyAndTinyAxesShowDistinctLabels();
    void darkPaletteGivesReadableColours();

private:
    QTemporaryDir m_settingsDir;
};

void TstConsoleViews::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QVERIFY(Cl100kTokenizer::instance().isValid());
}

void TstConsoleViews::csvQuotesAsRfc4180()
{
    QCOMPARE(ui::csv::field(QStringLiteral("plain")), QStringLiteral("plain"));
    QCOMPARE(ui::csv::field(QStringLiteral("a,b")), QStringLiteral("\"a,b\""));
    QCOMPARE(ui::csv::field(QStringLiteral("say \"hi\"")), QStringLiteral("\"say \"\"hi\"\"\""));
    QCOMPARE(ui::csv::field(QStringLiteral("a\nb")), QStringLiteral("\"a\nb\""));
    QCOMPARE(ui::csv::field(QStringLiteral("a\rb")), QStringLiteral("\"a\rb\""));
    QCOMPARE(ui::csv::field(QStringLiteral("  padded  ")), QStringLiteral("  padded  "));
    QCOMPARE(ui::csv::field(QStringLiteral("한국어")), QStringLiteral("한국어"));
    QCOMPARE(ui::csv::record({QStringLiteral("a"), QString(), QStringLiteral("c,d")}),
             QStringLiteral("a,,\"c,d\"\r\n"));

    // Every hostile text survives a write and a read.
    QVector<QStringList> rows;
    for (const QString& text : kHostile)
        rows << QStringList{text, QStringLiteral("x"), text};
    QString all = ui::csv::record({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")});
    for (const QStringList& row : rows)
        all += ui::csv::record(row);
    const QVector<QStringList> parsed = ui::csv::parse(all);
    QCOMPARE(parsed.size(), rows.size() + 1);
    for (int i = 0; i < rows.size(); ++i)
        QCOMPARE(parsed.at(i + 1), rows.at(i));
}

void TstConsoleViews::failuresExportEveryRowVerbatim()
{
    ui::FailuresView view;
    QVector<FailureEntry> entries;
    for (int i = 0; i < 240; ++i)
        entries << failure(i);
    view.setEntries(entries);
    // A search and a status filter hide most rows: the export still holds every one.
    view.findChild<QLineEdit*>(QStringLiteral("failureSearch"))->setText(QStringLiteral("#1"));
    QVERIFY(view.proxy()->rowCount() < entries.size());
    QVERIFY(view.proxy()->rowCount() > 0);

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("failures.csv"));
    QString error;
    QVERIFY2(view.exportCsv(path, &error), qPrintable(error));
    const QByteArray bytes = readAll(path);
    QVERIFY(!bytes.startsWith("\xEF\xBB\xBF")); // no byte-order mark
    QVERIFY(bytes.startsWith("id,title,status,attempts,http_status,error_code,message,"));
    QVERIFY(bytes.contains("\r\n"));
    QVERIFY(bytes.contains(QStringLiteral("임베딩 실패").toUtf8())); // UTF-8
    QVERIFY(bytes.contains("\"she said \"\"no\"\"\""));              // quotes doubled

    const QVector<QStringList> records = ui::csv::parse(QString::fromUtf8(bytes));
    QCOMPARE(records.size(), entries.size() + 1);
    QCOMPARE(records.first(), ui::FailureTableModel::csvHeader());
    QHash<QString, QStringList> byId;
    for (int i = 1; i < records.size(); ++i) {
        QCOMPARE(records.at(i).size(), records.first().size());
        byId.insert(records.at(i).first(), records.at(i));
    }
    QCOMPARE(byId.size(), entries.size());
    const int title = int(records.first().indexOf(QStringLiteral("title")));
    const int message = int(records.first().indexOf(QStringLiteral("message")));
    const int status = int(records.first().indexOf(QStringLiteral("status")));
    const int lastSeen = int(records.first().indexOf(QStringLiteral("last_seen")));
    for (const FailureEntry& e : entries) {
        const QStringList record = byId.value(e.itemId);
        QCOMPARE(record.at(title), e.title);
        QCOMPARE(record.at(message), e.message); // the API's message verbatim, line breaks and all
        QCOMPARE(record.at(status), ui::FailureTableModel::kindKey(ui::FailureTableModel::kind(e)));
        QCOMPARE(QDateTime::fromString(record.at(lastSeen), Qt::ISODate), e.lastSeen);
    }
    // In the table's order: last seen, newest first.
    QCOMPARE(records.at(1).first(), entries.last().itemId);

    // A path that cannot be written says why.
    QVERIFY(!view.exportCsv(dir.filePath(QStringLiteral("missing/dir/failures.csv")), &error));
    QVERIFY(!error.isEmpty());
}

void TstConsoleViews::returnAndEnterOpenTheCurrentFailure()
{
    // On its own: Return and Enter (keypad) emit openRequested for the current row.
    {
        ui::FailuresView view;
        QVector<FailureEntry> entries;
        for (int i = 0; i < 5; ++i)
            entries << failure(i + 1);
        view.setEntries(entries);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTableView* table = view.table();
        table->setFocus();
        table->setCurrentIndex(view.proxy()->index(2, 0));
        const QString expected =
            view.proxy()->index(2, ui::FailureTableModel::Id).data(Qt::UserRole).toString();
        QStringList opened;
        connect(&view, &ui::FailuresView::openRequested, this,
                [&opened](const FailureEntry& entry) { opened << entry.itemId; });
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(opened, QStringList{expected});
        QTest::keyClick(table, Qt::Key_Enter, Qt::KeypadModifier);
        QCOMPARE(opened, (QStringList{expected, expected}));
        // No current row: nothing to open.
        table->setCurrentIndex({});
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(opened.size(), 2);
    }

    // In the window, on failures a run recorded: Return opens the failure detail dialog.
    ConsoleTestSession::Setup setup;
    setup.items = 300;
    setup.simulator.faults = {QStringLiteral("bad-input:Quantum")};
    ConsoleTestSession session(setup);
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();
    window->show();
    QSignalSpy failuresRead(window, &ui::MainWindow::failuresRefreshed);
    QVERIFY(window->startRun());
    QVERIFY(isFinalState(session.waitForRun().progress.state));
    QTRY_VERIFY_WITH_TIMEOUT(window->failuresView()->model()->rowCount() > 0, 20000);
    window->showTab(ui::MainWindow::Tab::Failures);
    QTableView* table = window->failuresView()->table();
    table->setFocus();
    table->setCurrentIndex(table->model()->index(0, 0));
    const QString expected =
        table->model()->index(0, ui::FailureTableModel::Id).data(Qt::UserRole).toString();
    QVERIFY(window->failureDetailDialog() == nullptr);
    QTest::keyClick(table, Qt::Key_Return);
    QTRY_VERIFY(window->failureDetailDialog() != nullptr);
    QCOMPARE(window->failureDetailDialog()->failure().itemId, expected);
    window->failureDetailDialog()->reject();
}

void TstConsoleViews::failureRefreshUpdatesInPlace()
{
    ui::FailuresView view;
    QVector<FailureEntry> entries;
    for (int i = 0; i < 50; ++i)
        entries << failure(i);
    view.setEntries(entries);
    QTableView* table = view.table();
    table->selectionModel()->select(view.proxy()->index(3, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    const QStringList selected = view.selectedIds();
    QCOMPARE(selected.size(), 1);

    // One more failure, one gone, one changed: no reset, the selection stays.
    QSignalSpy resets(view.model(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(view.model(), &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(view.model(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(view.model(), &QAbstractItemModel::dataChanged);
    QVector<FailureEntry> next = entries;
    const int gone = selected.first() == entries.at(10).itemId ? 11 : 10;
    QVERIFY(selected.first() != entries.at(20).itemId);
    const QString goneId = next.at(gone).itemId;
    next.remove(gone);
    next[20].attempts += 1;
    next << failure(500);
    view.setEntries(next);
    QCOMPARE(resets.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(view.model()->rowCount(), next.size());
    QCOMPARE(view.selectedIds(), selected);
    QCOMPARE(view.model()->rowOf(goneId), -1);
    QCOMPARE(view.model()->entry(view.model()->rowOf(next.at(20).itemId)).attempts, next.at(20).attempts);
    QVERIFY(view.model()->rowOf(failure(500).itemId) >= 0);

    // Mostly new rows: one reset, and the selection is put back.
    QVector<FailureEntry> fresh;
    for (int i = 0; i < 50; ++i)
        fresh << failure(1000 + i);
    for (const FailureEntry& e : std::as_const(next)) {
        if (e.itemId == selected.first())
            fresh << e;
    }
    view.setEntries(fresh);
    QCOMPARE(resets.count(), 1);
    QCOMPARE(view.model()->rowCount(), fresh.size());
    QCOMPARE(view.selectedIds(), selected);
}

void TstConsoleViews::duplicatesExportRoundTrip()
{
    ConsoleTestSession::Setup setup;
    setup.items = 200;
    ConsoleTestSession session(setup);
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    // Three rows share one hostile text: commas, quotes, a line break and Korean.
    const QString hostile = QStringLiteral("Quote \"this\", then a comma,\nthen 한국어 \"따옴표\"");
    QVector<QString> ids;
    for (const auto& row : session.rows()) {
        if (ids.size() < 3)
            ids << row.id;
    }
    for (const QString& id : ids)
        session.scalar(
            QStringLiteral("UPDATE ai_items SET title = '%1', summary = NULL, tags = NULL WHERE id = '%2'")
                .arg(QString(hostile).replace(QLatin1Char('\''), QStringLiteral("''")), id));
    QCOMPARE(session.scalar(QStringLiteral("SELECT count(*) FROM ai_items WHERE title LIKE 'Quote %'")), 3);

    ui::DuplicatesView* view = session.window()->duplicatesView();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("duplicates.csv"));
    QString error;
    QVERIFY(!view->exportCsv(path, &error) || view->hasReport()); // no report: refused
    QSignalSpy ready(view, &ui::DuplicatesView::reportReady);
    view->setScope(DuplicateReport::Scope::All);
    session.window()->showTab(ui::MainWindow::Tab::Duplicates);
    QTRY_VERIFY_WITH_TIMEOUT(ready.count() > 0 && !view->isLoading() && view->hasReport(), 30000);
    const DuplicateReport report = *view->report();

    QVERIFY2(view->exportCsv(path, &error), qPrintable(error));
    const QByteArray bytes = readAll(path);
    QVERIFY(!bytes.startsWith("\xEF\xBB\xBF"));
    const QVector<QStringList> records = ui::csv::parse(QString::fromUtf8(bytes));
    QCOMPARE(records.first(), (QStringList{QStringLiteral("content_hash"), QStringLiteral("item_id"),
                                           QStringLiteral("group_items"), QStringLiteral("tokens_each"),
                                           QStringLiteral("tokens_saved"), QStringLiteral("text_sample")}));
    qint64 items = 0;
    for (const DuplicateGroup& g : report.groups)
        items += g.count();
    QCOMPARE(records.size(), items + 1);
    int row = 1;
    bool sawHostile = false;
    for (const DuplicateGroup& g : report.groups) {
        for (const QString& id : g.itemIds) {
            const QStringList& r = records.at(row++);
            QCOMPARE(r.at(0), QString::fromLatin1(g.contentHash));
            QCOMPARE(r.at(1), id);
            QCOMPARE(r.at(2).toLongLong(), g.count());
            QCOMPARE(r.at(3).toInt(), g.tokens);
            QCOMPARE(r.at(4).toLongLong(), (g.count() - 1) * g.tokens);
            QCOMPARE(r.at(5), g.sample);
            sawHostile = sawHostile || r.at(5).contains(QStringLiteral("한국어 \"따옴표\""));
        }
    }
    QVERIFY(sawHostile);
}

void TstConsoleViews::resetDialogReportsUnknownIdsAndWhy()
{
    ConsoleTestSession session({});
    QVERIFY2(session.error().isEmpty(), qPrintable(session.error()));
    ui::MainWindow* window = session.window();
    QVERIFY(window->startRun());
    QCOMPARE(session.waitForRun().progress.state, RunState::Completed);
    const auto rows = session.rows();
    QVERIFY(rows.size() > 3);
    QStringList known;
    for (const auto& row : rows) {
        if (row.embedded && known.size() < 2)
            known << row.id;
    }
    QCOMPARE(known.size(), 2);

    window->openResetDialog();
    ui::ResetDialog* dialog = window->resetDialog();
    QVERIFY(dialog);
    QSignalSpy priced(dialog, &ui::ResetDialog::previewFinished);
    const QStringList unknown = {QStringLiteral("no-such-id"), QStringLiteral("없는-상품")};
    dialog->setModelNot(false);
    dialog->setIds(true, {known.at(0), unknown.at(0), known.at(1), unknown.at(1)});
    QTRY_VERIFY_WITH_TIMEOUT(dialog->affectedCount().has_value(), 30000);
    QCOMPARE(priced.last().at(0).toBool(), true);

    // The two known ids count; the unknown ones are reported, not counted.
    QCOMPARE(*dialog->affectedCount(), 2);
    QVERIFY(dialog->confirmButton()->text().contains(QStringLiteral("2")));
    QCOMPARE(dialog->findings()->idsNotFound, unknown);
    auto* notFound = dialog->findChild<QLabel*>(QStringLiteral("resetIdsNotFound"));
    QVERIFY(notFound);
    // ("2 ids not found: …" once translated; the plural form comes from the .ts files.)
    QVERIFY2(notFound->text().startsWith(QStringLiteral("2 id")) &&
                 notFound->text().endsWith(QStringLiteral(" not found: no-such-id, 없는-상품")),
             qPrintable(notFound->text()));
    QVERIFY(!notFound->isHidden());

    // Why: the rows have a vector, made by the configured model — not "no vector".
    const QString model = session.config().embedding.model;
    QCOMPARE(dialog->findings()->byOtherModel, 0);
    QVERIFY2(dialog->whyText().contains(QStringLiteral("2 embedded by %1, the configured model").arg(model)),
             qPrintable(dialog->whyText()));
    auto* reasons = dialog->findChild<QLabel*>(QStringLiteral("figure_reasons"));
    QVERIFY(reasons);
    QVERIFY2(!reasons->text().contains(QStringLiteral("no vector")), qPrintable(reasons->text()));
    QCOMPARE(reasons->text(), dialog->whyText());

    // As first drawn, with the figures in: no row of the dialog overlaps the next, and each
    // has at least the height its contents need (word-wrapped labels included).
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCoreApplication::processEvents();
    const QImage first = dialog->grab().toImage();
    if (const QString dir = qEnvironmentVariable("EC_TEST_SCREENSHOTS"); !dir.isEmpty())
        first.save(dir + QStringLiteral("/reset-first-paint.png"));
    QVERIFY2(noRowsOverlap(dialog), qPrintable(overlapReport(dialog)));

    // All ids known: no line.
    dialog->setIds(true, known);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->affectedCount().has_value(), 30000);
    QVERIFY(notFound->isHidden());
    dialog->reject();
}

void TstConsoleViews::chartSeriesStayBounded()
{
    ui::TimeSeriesChart chart;
    const int a = chart.addSeries(ui::theme::Role::Info);
    const int b = chart.addSeries(ui::theme::Role::Warning, ui::TimeSeriesChart::Axis::Right);
    chart.resize(400, 260);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));

    // Two hours of points every half second, in a window longer than the run: without a cap
    // every point would stay.
    chart.setWindowSeconds(24 * 3600);
    int most = 0;
    double t = 0;
    for (int i = 0; i < 14400; ++i) {
        t = 0.5 * i;
        chart.append(t, {double(i), std::sin(i / 50.0) + 1.0});
        most = std::max({most, chart.pointCount(a), chart.pointCount(b)});
    }
    QVERIFY2(most <= chart.maxPoints(), qPrintable(QString::number(most)));
    QVERIFY(chart.pointCount(a) > chart.maxPoints() / 3); // thinned, not emptied
    QCOMPARE(chart.lastValue(a), 14399.0);
    // The line still starts at the run's start and reaches its end.
    const auto* series = static_cast<QXYSeries*>(chart.chart()->series().at(a));
    QCOMPARE(series->at(0).x(), 0.0);
    QCOMPARE(series->at(series->count() - 1).x(), t);
    for (int i = 1; i < series->count(); ++i)
        QVERIFY(series->at(i).x() > series->at(i - 1).x());

    // A ten-minute window drops what slid out, keeping one point before its edge.
    chart.setWindowSeconds(600);
    for (int i = 0; i < 2400; ++i)
        chart.append(t + 0.5 * (i + 1), {double(i), 1.0});
    t += 0.5 * 2400;
    QVERIFY(chart.pointCount(a) <= chart.maxPoints());
    QVERIFY(series->at(1).x() >= t - 600);
    QVERIFY(series->at(0).x() < t - 600);

    chart.clear();
    QCOMPARE(chart.pointCount(a), 0);
    QCOMPARE(chart.pointCount(b), 0);
}

void TstConsoleViews::emptyAndTinyAxesShowDistinctLabels()
{
    const auto distinct = [](const QStringList& labels) {
        return labels.size() >= 3 && QSet<QString>(labels.begin(), labels.end()).size() == labels.size();
    };
    // The cost chart: whole tokens/s on the left, dollars with as many decimals as needed on
    // the right.
    ui::TimeSeriesChart cost;
    cost.addSeries(ui::theme::Role::Accent);
    cost.addSeries(ui::theme::Role::Warning, ui::TimeSeriesChart::Axis::Right);
    cost.setLabelDecimals(0, -1);
    using Axis = ui::TimeSeriesChart::Axis;
    QVERIFY2(distinct(cost.tickLabels(Axis::Right)), qPrintable(cost.tickLabels(Axis::Right).join(u',')));
    QVERIFY2(distinct(cost.tickLabels(Axis::Left)), qPrintable(cost.tickLabels(Axis::Left).join(u',')));
    QCOMPARE(cost.tickLabels(Axis::Left).first(), QStringLiteral("0"));
    QCOMPARE(cost.tickLabels(Axis::Right).first().toDouble(), 0.0);
    QVERIFY(cost.tickLabels(Axis::Right).last().toDouble() > 0);

    for (const double money : {0.0000012, 0.0003, 0.04, 0.9, 7.0, 1234.5}) {
        cost.clear();
        for (int i = 0; i < 10; ++i)
            cost.append(i, {9.0 * i / 9.0, money * i / 9.0});
        const QStringList right = cost.tickLabels(Axis::Right);
        QVERIFY2(distinct(right),
                 qPrintable(QString::number(money) + QStringLiteral(": ") + right.join(u',')));
        QVERIFY(right.last().toDouble() >= money);
        // Each label reads its tick's value exactly.
        const QValueAxis* axis = cost.valueAxis(Axis::Right);
        for (int i = 0; i < right.size(); ++i) {
            const double tick = axis->max() * i / (axis->tickCount() - 1);
            QVERIFY2(qAbs(right.at(i).toDouble() - tick) <= 1e-9 * std::max(1.0, tick),
                     qPrintable(right.at(i)));
        }
        // Whole-number axes step in whole numbers (9 used to give 0, 2.5 → "2", 5, 7.5 → "8", 10).
        const QStringList left = cost.tickLabels(Axis::Left);
        QVERIFY(distinct(left));
        const QValueAxis* leftAxis = cost.valueAxis(Axis::Left);
        const double step = leftAxis->max() / (leftAxis->tickCount() - 1);
        QCOMPARE(step, std::round(step));
    }

    // An axis asking for two decimals shows more when its range is tiny.
    ui::TimeSeriesChart tiny;
    tiny.addSeries(ui::theme::Role::Info);
    tiny.setLabelDecimals(2);
    tiny.append(1, {0.0004});
    QVERIFY2(distinct(tiny.tickLabels(Axis::Left)), qPrintable(tiny.tickLabels(Axis::Left).join(u',')));
}

void TstConsoleViews::darkPaletteGivesReadableColours()
{
    using namespace ui::theme;
    const QPalette dark = darkPalette();
    const QPalette light = lightPalette();
    QVERIFY(isDark(dark));
    QVERIFY(!isDark(light));
    for (const Role role :
         {Role::Info, Role::Success, Role::Warning, Role::Danger, Role::Neutral, Role::Accent}) {
        for (const QPalette& palette : {dark, light}) {
            const QColor c = color(role, palette);
            QVERIFY2(contrastRatio(c, palette.color(QPalette::Window)) >= 4.5, qPrintable(c.name()));
            QVERIFY2(contrastRatio(c, palette.color(QPalette::Base)) >= 4.5, qPrintable(c.name()));
        }
        QVERIFY(color(role, dark) != color(role, light));
        QVERIFY(color(role, dark).lightness() > color(role, light).lightness());
    }
    QCOMPARE(danger(dark), color(Role::Danger, dark));
    QVERIFY(contrastRatio(Qt::black, Qt::white) > 20.9);
    QCOMPARE(contrastRatio(Qt::red, Qt::red), 1.0);

    // The failure table's status colours on a dark table.
    ui::FailuresView view;
    view.setPalette(dark);
    view.setEntries({failure(1), failure(5), failure(7)});
    const QColor base = view.table()->palette().color(QPalette::Base);
    QCOMPARE(base, dark.color(QPalette::Base));
    for (int row = 0; row < view.model()->rowCount(); ++row) {
        const QVariant brush =
            view.model()->data(view.model()->index(row, ui::FailureTableModel::Status), Qt::ForegroundRole);
        QVERIFY(brush.canConvert<QBrush>());
        QVERIFY2(contrastRatio(brush.value<QBrush>().color(), base) >= 4.5,
                 qPrintable(brush.value<QBrush>().color().name()));
    }

    // A chart on a dark palette: dark background, light labels and grid, light series.
    ui::TimeSeriesChart chart;
    chart.setPalette(dark);
    const int series = chart.addSeries(Role::Info);
    chart.append(1, {3});
    QChart* c = chart.chart();
    QCOMPARE(c->backgroundBrush().color(), dark.color(QPalette::Base));
    QVERIFY(contrastRatio(c->titleBrush().color(), c->backgroundBrush().color()) >= 7);
    for (QAbstractAxis* axis : c->axes()) {
        QVERIFY(contrastRatio(axis->labelsBrush().color(), c->backgroundBrush().color()) >= 7);
        QVERIFY(contrastRatio(axis->gridLineColor(), c->backgroundBrush().color()) > 1.2);
        QVERIFY(axis->gridLineColor().lightness() > c->backgroundBrush().color().lightness());
    }
    const auto* line = static_cast<QXYSeries*>(c->series().at(series));
    QVERIFY(contrastRatio(line->pen().color(), c->backgroundBrush().color()) >= 4.5);
    // Back to light: it follows.
    chart.setPalette(light);
    QCOMPARE(c->backgroundBrush().color(), light.color(QPalette::Base));
    QVERIFY(contrastRatio(line->pen().color(), Qt::white) >= 4.5);
}

QTEST_MAIN(TstConsoleViews)
#include "tst_console_views.moc"
