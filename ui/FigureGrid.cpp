#include "FigureGrid.h"

#include <QGridLayout>
#include <QLabel>

namespace ec::ui {

FigureGrid::FigureGrid(QWidget* parent)
    : QWidget(parent)
{
    m_layout = new QGridLayout(this);
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setHorizontalSpacing(12);
    m_layout->setVerticalSpacing(3);
    m_layout->setColumnStretch(1, 1);
}

void FigureGrid::addRow(const QString& key)
{
    const int row = m_layout->rowCount();
    Row r;
    r.caption = new QLabel(this);
    r.value = new QLabel(QStringLiteral("—"), this);
    r.value->setObjectName(QStringLiteral("figure_") + key);
    r.value->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Not selectable: a selectable label keeps a text document that is rebuilt on every
    // setText, and the run's figures change four times a second (docs/performance.md).
    QFont bold = r.value->font();
    bold.setBold(true);
    r.value->setFont(bold);
    m_layout->addWidget(r.caption, row, 0);
    m_layout->addWidget(r.value, row, 1);
    m_rows.insert(key, r);
}

void FigureGrid::addWidget(QWidget* widget)
{
    m_layout->addWidget(widget, m_layout->rowCount(), 0, 1, 2);
}

void FigureGrid::setCaption(const QString& key, const QString& caption)
{
    if (auto it = m_rows.find(key); it != m_rows.end())
        it->caption->setText(caption);
}

void FigureGrid::setValue(const QString& key, const QString& value, const QString& toolTip)
{
    if (auto it = m_rows.find(key); it != m_rows.end()) {
        it->value->setText(value);
        it->value->setToolTip(toolTip);
    }
}

QString FigureGrid::value(const QString& key) const
{
    const auto it = m_rows.find(key);
    return it == m_rows.end() ? QString() : it->value->text();
}

} // namespace ec::ui
