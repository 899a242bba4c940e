#include "EstimatePanel.h"

#include "FigureGrid.h"
#include "Format.h"
#include "ThemeColors.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ec::ui {

namespace {
enum ModelColumn { ModelName, Tokens, StandardUsd, StandardKrw, BatchUsd, BatchKrw, ModelColumnCount };
}

EstimatePanel::EstimatePanel(Mode mode, QWidget* parent)
    : QWidget(parent)
    , m_mode(mode)
{
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("estimateState"));
    m_state->setWordWrap(true);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("estimateProgress"));
    m_progress->setTextVisible(true);

    m_figures = new FigureGrid(this);
    for (const char* key :
         {"items", "reasons", "free", "skipped", "tokensBefore", "tokensAfter", "apiCalls", "time"})
        m_figures->addRow(QLatin1String(key));

    m_models = new QTableWidget(0, ModelColumnCount, this);
    m_models->setObjectName(QStringLiteral("estimateModels"));
    m_models->verticalHeader()->hide();
    m_models->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_models->setSelectionMode(QAbstractItemView::NoSelection);
    m_models->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_models->horizontalHeader()->setSectionResizeMode(ModelName, QHeaderView::Stretch);
    m_models->setWordWrap(false);
    m_models->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_models->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);

    m_note = new QLabel(this);
    m_note->setWordWrap(true);
    m_note->setStyleSheet(QStringLiteral("color: palette(mid);"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_state);
    layout->addWidget(m_progress);
    layout->addWidget(m_figures);
    layout->addWidget(m_models);
    layout->addWidget(m_note);
    retranslate();
}

void EstimatePanel::setWorking(qint64 done, qint64 total)
{
    m_estimate.reset();
    m_error.clear();
    m_done = done;
    m_total = total;
    render();
}

void EstimatePanel::setEstimate(const CostEstimate& estimate)
{
    m_estimate = estimate;
    m_error.clear();
    render();
}

void EstimatePanel::setError(const QString& error)
{
    m_estimate.reset();
    m_error = error;
    render();
}

void EstimatePanel::clear()
{
    m_estimate.reset();
    m_error.clear();
    m_done = -1;
    render();
}

QString EstimatePanel::boundName(const QString& bound) const
{
    if (bound == QLatin1String("requests_per_minute"))
        return tr("limited by requests per minute");
    if (bound == QLatin1String("tokens_per_minute"))
        return tr("limited by tokens per minute");
    if (bound == QLatin1String("concurrency"))
        return tr("limited by concurrent requests");
    return bound;
}

void EstimatePanel::render()
{
    const bool ready = m_estimate.has_value();
    m_progress->setVisible(!ready && m_error.isEmpty() && m_done >= 0);
    m_figures->setVisible(ready);
    m_models->setVisible(ready);
    m_note->setVisible(ready);

    if (!m_error.isEmpty()) {
        m_state->setText(tr("Cannot estimate: %1").arg(m_error));
        m_state->setStyleSheet(QStringLiteral("color: %1;").arg(theme::danger(palette()).name()));
        return;
    }
    m_state->setStyleSheet(QString());
    if (!ready) {
        if (m_done < 0) {
            m_state->setText(QString());
            return;
        }
        m_state->setText(tr("Counting the exact tokens of every text…"));
        if (m_total > 0) {
            m_progress->setRange(0, int(qMin<qint64>(m_total, 1 << 30)));
            m_progress->setValue(int(qMin(m_done, m_total)));
            m_progress->setFormat(tr("%1 of %2 items").arg(format::count(m_done), format::count(m_total)));
        } else {
            m_progress->setRange(0, 0);
        }
        return;
    }

    const CostEstimate& e = *m_estimate;
    const ModelEstimate& configured = e.configured();
    m_state->setText(m_mode == Mode::Reset
                         ? tr("Re-embedding these items with %1 costs about <b>%2</b> (Batch API: %3).")
                               .arg(e.model, format::money(configured.afterDedupe.usd, e.krwPerUsd),
                                    format::money(configured.afterDedupe.batchUsd, e.krwPerUsd))
                         : tr("Embedding the pending items with %1 costs about <b>%2</b> (Batch API: %3).")
                               .arg(e.model, format::money(configured.afterDedupe.usd, e.krwPerUsd),
                                    format::money(configured.afterDedupe.batchUsd, e.krwPerUsd)));
    if (e.maxCostUsd > 0)
        m_state->setText(m_state->text() + QStringLiteral("<br>") +
                         (e.overCap() ? tr("That is over the spend cap of %1: a run stops at the cap and "
                                           "leaves the rest pending.")
                                      : tr("Within the spend cap of %1."))
                             .arg(format::usd(e.maxCostUsd)));

    m_figures->setValue(QStringLiteral("items"), format::count(e.items));
    m_figures->setValue(
        QStringLiteral("reasons"),
        tr("%1 no vector · %2 outdated · %3 other model")
            .arg(format::count(e.missing), format::count(e.outdated), format::count(e.otherModel)));
    m_figures->setValue(QStringLiteral("free"),
                        tr("%1 unchanged · %2 duplicates · %3 cached")
                            .arg(format::count(e.unchangedItems), format::count(e.duplicateItems),
                                 format::count(e.cachedItems)));
    m_figures->setValue(
        QStringLiteral("skipped"),
        tr("%1 skipped · %2 truncated").arg(format::count(e.skippedItems), format::count(e.truncatedItems)));
    m_figures->setValue(QStringLiteral("tokensBefore"), format::count(e.totalTokens));
    m_figures->setValue(
        QStringLiteral("tokensAfter"),
        tr("%1 in %2 texts").arg(format::count(e.tokensAfterDedupe), format::count(e.textsToSend)));
    m_figures->setValue(QStringLiteral("apiCalls"), format::count(e.apiCalls));
    m_figures->setValue(QStringLiteral("time"),
                        tr("%1 (%2)").arg(format::duration(e.time.seconds), boundName(e.time.bound)));

    m_models->setRowCount(int(e.models.size()));
    for (int row = 0; row < e.models.size(); ++row) {
        const ModelEstimate& m = e.models.at(row);
        const CostFigures& f = m.afterDedupe;
        const QStringList cells = {m.configured ? tr("%1 (configured)").arg(f.model) : f.model,
                                   format::count(f.tokens),
                                   format::usd(f.usd),
                                   format::krw(f.krw),
                                   format::usd(f.batchUsd),
                                   format::krw(f.batchKrw)};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells.at(column));
            if (column > ModelName)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (m.configured) {
                QFont bold = item->font();
                bold.setBold(true);
                item->setFont(bold);
            }
            m_models->setItem(row, column, item);
        }
    }
    int height = m_models->horizontalHeader()->height() + 2 * m_models->frameWidth();
    for (int row = 0; row < m_models->rowCount(); ++row)
        height += m_models->rowHeight(row);
    m_models->setFixedHeight(height);
}

void EstimatePanel::retranslate()
{
    m_figures->setCaption(QStringLiteral("items"),
                          m_mode == Mode::Reset ? tr("Items to reset") : tr("Pending items"));
    m_figures->setCaption(QStringLiteral("reasons"), tr("Why"));
    m_figures->setCaption(QStringLiteral("free"), tr("No API call needed"));
    m_figures->setCaption(QStringLiteral("skipped"), tr("Not sent whole"));
    m_figures->setCaption(QStringLiteral("tokensBefore"), tr("Tokens before dedupe"));
    m_figures->setCaption(QStringLiteral("tokensAfter"), tr("Tokens to send"));
    m_figures->setCaption(QStringLiteral("apiCalls"), tr("API calls"));
    m_figures->setCaption(QStringLiteral("time"), tr("Time"));
    m_models->setHorizontalHeaderLabels({tr("Model"), tr("Tokens"), tr("Standard (USD)"),
                                         tr("Standard (KRW)"), tr("Batch API (USD)"), tr("Batch API (KRW)")});
    m_note->setText(m_mode == Mode::PendingRun
                        ? tr("Prices are for the tokens to send, after dedupe. The Batch API costs half but "
                             "answers within 24 hours: pick it under Mode.")
                        : tr("Prices are for the tokens to send, after dedupe. The Batch API costs half but "
                             "answers within 24 hours: pick it under Then."));
    render();
}

void EstimatePanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ec::ui
