#include "NoticeBanner.h"

#include "ThemeColors.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QStyle>

namespace ec::ui {

NoticeBanner::NoticeBanner(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("noticeBanner"));
    m_icon = new QLabel(this);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("noticeMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_first = new QPushButton(this);
    m_first->setObjectName(QStringLiteral("noticeFirstButton"));
    m_second = new QPushButton(this);
    m_second->setObjectName(QStringLiteral("noticeSecondButton"));
    connect(m_first, &QPushButton::clicked, this, &NoticeBanner::firstTriggered);
    connect(m_second, &QPushButton::clicked, this, &NoticeBanner::secondTriggered);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_message, 1);
    layout->addWidget(m_first, 0, Qt::AlignVCenter);
    layout->addWidget(m_second, 0, Qt::AlignVCenter);
    m_first->hide();
    m_second->hide();
    hide();
}

void NoticeBanner::showMessage(Level level, const QString& message)
{
    m_level = level;
    m_message->setText(message);
    m_message->setAccessibleName(message);
    applyIcon();
    update();
    show();
}

void NoticeBanner::setActions(const QString& first, const QString& second)
{
    m_first->setText(first);
    m_first->setVisible(!first.isEmpty());
    m_second->setText(second);
    m_second->setVisible(!second.isEmpty());
}

QString NoticeBanner::message() const
{
    return m_message->text();
}

QColor NoticeBanner::accent() const
{
    return m_level == Level::Error ? theme::danger(palette()) : theme::warning(palette());
}

void NoticeBanner::applyIcon()
{
    const QStyle::StandardPixmap icon =
        m_level == Level::Error ? QStyle::SP_MessageBoxCritical : QStyle::SP_MessageBoxWarning;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
}

void NoticeBanner::paintEvent(QPaintEvent*)
{
    // A tint of the theme's own window colour towards red or amber, so that the palette's text
    // colour stays readable on light and dark themes alike; a solid bar on the left.
    const QColor window = palette().color(QPalette::Window);
    const QColor mark = accent();
    const double mix = 0.22;
    const QColor tint = QColor::fromRgbF(float(window.redF() * (1 - mix) + mark.redF() * mix),
                                         float(window.greenF() * (1 - mix) + mark.greenF() * mix),
                                         float(window.blueF() * (1 - mix) + mark.blueF() * mix));
    QPainter painter(this);
    painter.fillRect(rect(), tint);
    painter.fillRect(QRect(0, 0, 4, height()), mark);
}

} // namespace ec::ui
