#include "SearchView.h"

#include "util/Secrets.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace ec::ui {

namespace {
enum Column { RankColumn, ScoreColumn, IdColumn, TitleColumn, ColumnCount };
}

SearchView::SearchView(QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("searchView"));
    m_query = new QLineEdit(this);
    m_query->setObjectName(QStringLiteral("searchQuery"));
    m_query->setClearButtonEnabled(true);
    m_kLabel = new QLabel(this);
    m_k = new QSpinBox(this);
    m_k->setObjectName(QStringLiteral("searchK"));
    m_k->setRange(1, 100);
    m_k->setValue(10);
    m_kLabel->setBuddy(m_k);
    m_go = new QPushButton(this);
    m_go->setObjectName(QStringLiteral("searchButton"));
    m_go->setDefault(true);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("searchSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table = new QTableWidget(this);
    m_table->setObjectName(QStringLiteral("searchResults"));
    m_table->setColumnCount(ColumnCount);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_query, 1);
    bar->addWidget(m_kLabel);
    bar->addWidget(m_k);
    bar->addWidget(m_go);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);

    m_job = new SearchJob(this);
    connect(m_job, &SearchJob::finished, this, [this](const SearchResult& result) {
        m_error.clear();
        m_result = result;
        render();
        Q_EMIT searchFinished(int(result.hits.size()));
    });
    connect(m_job, &StoreJob::failed, this, [this](const QString& error) {
        m_error = scrubSecrets(error, m_config.secrets());
        render();
        Q_EMIT searchFinished(-1);
    });
    connect(m_job, &StoreJob::cancelled, this, [this] { render(); });
    connect(m_go, &QPushButton::clicked, this, &SearchView::startFromBox);
    connect(m_query, &QLineEdit::returnPressed, this, &SearchView::startFromBox);
    connect(m_table, &QTableWidget::cellActivated, this, [this](int row, int) { openRow(row); });
    retranslate();
}

void SearchView::setConfig(const AppConfig& config)
{
    m_config = config;
}

void SearchView::setRefusal(const QString& why)
{
    m_refusal = why;
    render();
}

bool SearchView::isSearching() const
{
    return m_job->isRunning();
}

void SearchView::startFromBox()
{
    search(m_query->text());
}

void SearchView::search(const QString& query)
{
    const QString text = query.trimmed();
    if (m_query->text() != query)
        m_query->setText(query);
    if (text.isEmpty() || isSearching())
        return;
    if (!m_refusal.isEmpty()) {
        m_error = m_refusal;
        render();
        Q_EMIT searchFinished(-1);
        return;
    }
    m_error.clear();
    if (m_job->start(m_config, text, m_k->value()))
        m_summary->setText(tr("Searching…"));
}

void SearchView::showSimilar(const QString& itemId)
{
    if (isSearching())
        return;
    if (!m_refusal.isEmpty()) {
        m_error = m_refusal;
        render();
        Q_EMIT searchFinished(-1);
        return;
    }
    m_error.clear();
    m_query->clear();
    if (m_job->startSimilar(m_config, itemId, m_k->value()))
        m_summary->setText(tr("Looking for items similar to %1…").arg(itemId));
}

QString SearchView::rowText(int row) const
{
    if (!m_result || row < 0 || row >= m_result->hits.size())
        return QString();
    return m_result->hits.at(row).text;
}

void SearchView::openRow(int row)
{
    if (!m_result || row < 0 || row >= m_result->hits.size())
        return;
    const SearchHit& hit = m_result->hits.at(row);
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("searchItemDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Item %1").arg(hit.id));
    auto* heading =
        new QLabel(tr("%1 — score %2").arg(hit.title, QString::number(hit.score, 'f', 4)), dialog);
    heading->setWordWrap(true);
    auto* text = new QPlainTextEdit(dialog);
    text->setObjectName(QStringLiteral("searchItemText"));
    text->setReadOnly(true);
    text->setPlainText(hit.text);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    auto* similar = buttons->addButton(tr("Similar items"), QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    const QString id = hit.id;
    connect(similar, &QPushButton::clicked, this, [this, dialog, id] {
        dialog->close();
        showSimilar(id);
    });
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(heading);
    layout->addWidget(text, 1);
    layout->addWidget(buttons);
    dialog->resize(640, 360);
    dialog->open();
}

void SearchView::render()
{
    m_table->setRowCount(0);
    if (!m_error.isEmpty()) {
        m_summary->setText(tr("Search failed: %1").arg(m_error));
        return;
    }
    if (!m_refusal.isEmpty() && !m_result) {
        m_summary->setText(tr("Search is unavailable: %1").arg(m_refusal));
        return;
    }
    if (!m_result) {
        m_summary->setText(tr("Type a query to see which items the vectors find. The query is embedded with "
                              "the table's model (one request) and compared with every item's vector."));
        return;
    }
    const SearchResult& r = *m_result;
    const QLocale locale;
    QString how = r.scan.method == QLatin1String("pgvector")
                      ? tr("ranked by pgvector in the database")
                      : tr("%1 vectors compared").arg(locale.toString(r.scan.scanned));
    QString head =
        r.similarTo.isEmpty()
            ? tr("%n nearest item(s) to the query, model %1 (%2 dimensions); %3 tokens, $%4; %5 in %6 s.",
                 nullptr, int(r.hits.size()))
                  .arg(r.model)
                  .arg(r.dimensions)
                  .arg(r.tokens)
                  .arg(QString::number(r.costUsd, 'f', 8))
                  .arg(how)
                  .arg(QString::number(r.scan.seconds, 'f', 3))
            : tr("%n item(s) nearest to item %1, by its stored vector (model %2, nothing sent); %3 in %4 s.",
                 nullptr, int(r.hits.size()))
                  .arg(r.similarTo, r.model, how, QString::number(r.scan.seconds, 'f', 3));
    if (r.simulated)
        head += QLatin1Char(' ') + tr("SIMULATED endpoint: the vectors are not real embeddings.");
    if (r.hits.isEmpty())
        head += QLatin1Char(' ') + tr("The table holds no vectors of this model.");
    m_summary->setText(head);
    m_table->setRowCount(int(r.hits.size()));
    for (int i = 0; i < r.hits.size(); ++i) {
        const SearchHit& h = r.hits.at(i);
        auto* rank = new QTableWidgetItem(locale.toString(i + 1));
        rank->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        auto* score = new QTableWidgetItem(QString::number(h.score, 'f', 4));
        score->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(i, RankColumn, rank);
        m_table->setItem(i, ScoreColumn, score);
        m_table->setItem(i, IdColumn, new QTableWidgetItem(h.id));
        auto* title = new QTableWidgetItem(h.title);
        title->setToolTip(h.text);
        m_table->setItem(i, TitleColumn, title);
    }
}

void SearchView::retranslate()
{
    m_query->setPlaceholderText(tr("Search the catalog by meaning, e.g. \"tools that transcribe meetings\""));
    m_kLabel->setText(tr("&Results:"));
    m_go->setText(tr("&Search"));
    m_table->setHorizontalHeaderLabels({tr("#"), tr("Score"), tr("ID"), tr("Title")});
    render();
}

void SearchView::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

} // namespace ec::ui
