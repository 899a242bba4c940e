#include "LogPanel.h"

#include "util/Secrets.h"

#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTimer>
#include <QVBoxLayout>

namespace ec::ui {

LogPanel::LogPanel(QWidget* parent)
    : QWidget(parent)
{
    m_view = new QPlainTextEdit(this);
    m_view->setObjectName(QStringLiteral("logView"));
    m_view->setReadOnly(true);
    m_view->setMaximumBlockCount(5000);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    m_view->setFont(mono);

    m_clear = new QPushButton(this);
    connect(m_clear, &QPushButton::clicked, m_view, &QPlainTextEdit::clear);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_clear);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_view);
    layout->addLayout(buttons);

    m_flushTimer = new QTimer(this);
    m_flushTimer->setInterval(250);
    m_flushTimer->setSingleShot(true);
    connect(m_flushTimer, &QTimer::timeout, this, &LogPanel::flush);
    retranslate();
}

void LogPanel::setSecrets(const QStringList& secrets)
{
    m_secrets = secrets;
}

void LogPanel::append(const QString& message)
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"));
    m_pending << stamp + QLatin1Char(' ') + scrubSecrets(message, m_secrets);
    if (m_pending.size() > 5000)
        m_pending.erase(m_pending.begin(), m_pending.begin() + (m_pending.size() - 5000));
    if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

QString LogPanel::text() const
{
    QString all = m_view->toPlainText();
    for (const QString& line : m_pending)
        all += QLatin1Char('\n') + line;
    return all;
}

void LogPanel::flush()
{
    if (m_pending.isEmpty())
        return;
    QScrollBar* bar = m_view->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;
    m_view->appendPlainText(m_pending.join(QLatin1Char('\n')));
    m_pending.clear();
    if (atBottom)
        bar->setValue(bar->maximum());
}

void LogPanel::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void LogPanel::retranslate()
{
    m_clear->setText(tr("Clear log"));
    m_view->setPlaceholderText(tr("Messages of the runs appear here."));
}

} // namespace ec::ui
