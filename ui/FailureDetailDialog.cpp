#include "FailureDetailDialog.h"

#include "FailureTableModel.h"
#include "FormRows.h"
#include "Format.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace ec::ui {

namespace {
QLabel* valueLabel(QWidget* parent, const char* name)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QLatin1String(name));
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

} // namespace

FailureDetailDialog::FailureDetailDialog(const FailureEntry& failure, QWidget* parent)
    : QDialog(parent)
    , m_failure(failure)
{
    setObjectName(QStringLiteral("failureDetailDialog"));
    m_itemBox = new QGroupBox(this);
    m_itemForm = new QFormLayout(m_itemBox);
    m_id = valueLabel(this, "detailId");
    m_title = valueLabel(this, "detailTitle");
    m_tags = valueLabel(this, "detailTags");
    m_updated = valueLabel(this, "detailUpdated");
    m_summary = new QPlainTextEdit(this);
    m_summary->setObjectName(QStringLiteral("detailSummary"));
    m_summary->setReadOnly(true);
    addLabeledRow(m_itemForm, m_id);
    addLabeledRow(m_itemForm, m_title);
    addLabeledRow(m_itemForm, m_summary);
    addLabeledRow(m_itemForm, m_tags);
    addLabeledRow(m_itemForm, m_updated);

    m_errorBox = new QGroupBox(this);
    m_errorForm = new QFormLayout(m_errorBox);
    m_status = valueLabel(this, "detailStatus");
    m_http = valueLabel(this, "detailHttp");
    m_attempts = valueLabel(this, "detailAttempts");
    m_seen = valueLabel(this, "detailSeen");
    m_nextRetry = valueLabel(this, "detailNextRetry");
    m_message = new QPlainTextEdit(this);
    m_message->setObjectName(QStringLiteral("detailMessage"));
    m_message->setReadOnly(true);
    addLabeledRow(m_errorForm, m_status);
    addLabeledRow(m_errorForm, m_http);
    addLabeledRow(m_errorForm, m_attempts);
    addLabeledRow(m_errorForm, m_seen);
    addLabeledRow(m_errorForm, m_nextRetry);
    addLabeledRow(m_errorForm, m_message);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_retry = m_buttons->addButton(QString(), QDialogButtonBox::ActionRole);
    m_retry->setObjectName(QStringLiteral("detailRetry"));
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_retry, &QPushButton::clicked, this, [this] {
        Q_EMIT retryRequested({m_failure.itemId});
        accept();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_itemBox, 1);
    layout->addWidget(m_errorBox, 1);
    layout->addWidget(m_buttons);
    resize(720, 640);
    retranslate();
}

void FailureDetailDialog::setDetail(const FailedItemDetail& detail)
{
    m_failure = detail.failure;
    m_item = detail.item;
    m_loaded = true;
    m_loadError.clear();
    render();
}

void FailureDetailDialog::setError(const QString& error)
{
    m_loaded = true;
    m_loadError = error;
    render();
}

void FailureDetailDialog::render()
{
    const FailureEntry& f = m_failure;
    setWindowTitle(tr("Failed item %1").arg(f.itemId));
    m_id->setText(f.itemId);
    if (m_item) {
        m_title->setText(m_item->title.isEmpty() ? tr("(empty)") : m_item->title);
        m_summary->setPlainText(m_item->summary);
        m_tags->setText(m_item->tags.isEmpty() ? tr("(none)") : m_item->tags.join(QStringLiteral(", ")));
        m_updated->setText(format::dateTime(m_item->updatedAt));
    } else {
        m_title->setText(f.title);
        m_summary->setPlainText(!m_loaded               ? tr("Loading…")
                                : m_loadError.isEmpty() ? tr("The item is no longer in the catalog.")
                                                        : tr("Cannot read the item: %1").arg(m_loadError));
        m_tags->setText(QStringLiteral("—"));
        m_updated->setText(QStringLiteral("—"));
    }
    m_status->setText(FailureTableModel::kindName(FailureTableModel::kind(f)));
    // The same words as the log and the failures view: where, then the code.
    m_http->setText(format::failureKind(f.httpStatus, f.errorCode) +
                    (f.errorCode.isEmpty() ? QString() : QStringLiteral(" · ") + f.errorCode));
    m_attempts->setText(tr("%1 (run #%2)").arg(format::count(f.attempts)).arg(f.runId));
    m_seen->setText(
        tr("first %1 · last %2").arg(format::dateTime(f.firstSeen), format::dateTime(f.lastSeen)));
    m_nextRetry->setText(f.parked || f.skipped ? tr("parked until an operator retries it")
                                               : format::dateTime(f.nextRetryAt));
    // The API's message verbatim; the console's own reasons in the UI language.
    m_message->setPlainText(format::failureReason(f.errorCode, f.message));
}

void FailureDetailDialog::retranslate()
{
    m_itemBox->setTitle(tr("Item"));
    m_errorBox->setTitle(tr("Error"));
    setRowLabel(m_itemForm, m_id, tr("Id"));
    setRowLabel(m_itemForm, m_title, tr("Title"));
    setRowLabel(m_itemForm, m_summary, tr("Summary"));
    setRowLabel(m_itemForm, m_tags, tr("Tags"));
    setRowLabel(m_itemForm, m_updated, tr("Updated at"));
    setRowLabel(m_errorForm, m_status, tr("Status"));
    setRowLabel(m_errorForm, m_http, tr("HTTP status"));
    setRowLabel(m_errorForm, m_attempts, tr("Attempts"));
    setRowLabel(m_errorForm, m_seen, tr("Seen"));
    setRowLabel(m_errorForm, m_nextRetry, tr("Next retry"));
    setRowLabel(m_errorForm, m_message, tr("Message"));
    m_buttons->button(QDialogButtonBox::Close)->setText(tr("Close"));
    m_retry->setText(tr("Retry this item"));
    render();
}

void FailureDetailDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

} // namespace ec::ui
