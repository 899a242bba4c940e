#include "ThemeColors.h"

#include <QAbstractAxis>
#include <QBrush>
#include <QChart>
#include <QGuiApplication>
#include <QLegend>
#include <QPen>

#include <algorithm>
#include <cmath>

namespace ec::ui::theme {

namespace {

/// The light-theme shade (Tailwind 600) and the dark-theme shade (Tailwind 400) of a role.
struct Shades
{
    QRgb onLight;
    QRgb onDark;
};

Shades shades(Role role)
{
    switch (role) {
    case Role::Info:
        return {qRgb(0x25, 0x63, 0xeb), qRgb(0x60, 0xa5, 0xfa)};
    case Role::Success:
        return {qRgb(0x16, 0xa3, 0x4a), qRgb(0x4a, 0xde, 0x80)};
    case Role::Warning:
        return {qRgb(0xea, 0x58, 0x0c), qRgb(0xfb, 0x92, 0x3c)};
    case Role::Danger:
        return {qRgb(0xdc, 0x26, 0x26), qRgb(0xf8, 0x71, 0x71)};
    case Role::Neutral:
        return {qRgb(0x6b, 0x72, 0x80), qRgb(0x9c, 0xa3, 0xaf)};
    case Role::Accent:
        return {qRgb(0x7c, 0x3a, 0xed), qRgb(0xa7, 0x8b, 0xfa)};
    }
    return {qRgb(0x6b, 0x72, 0x80), qRgb(0x9c, 0xa3, 0xaf)};
}

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

/// WCAG relative luminance, 0 (black) … 1 (white).
double luminance(const QColor& color)
{
    const QColor rgb = color.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

/// a, moved by t (0 … 1) towards b.
QColor mix(const QColor& a, const QColor& b, double t)
{
    const QColor x = a.toRgb();
    const QColor y = b.toRgb();
    return QColor::fromRgbF(float(x.redF() + (y.redF() - x.redF()) * t),
                            float(x.greenF() + (y.greenF() - x.greenF()) * t),
                            float(x.blueF() + (y.blueF() - x.blueF()) * t));
}

bool darkColor(const QColor& color)
{
    return color.toHsl().lightness() < 128;
}

} // namespace

bool isDark(const QPalette& palette)
{
    return darkColor(palette.color(QPalette::Window));
}

bool isDark()
{
    return isDark(QGuiApplication::palette());
}

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor readableOn(const QColor& color, const QColor& background, double minRatio)
{
    const QColor target = darkColor(background) ? QColor(Qt::white) : QColor(Qt::black);
    QColor result = color.toRgb();
    for (int step = 0; step < 20 && contrastRatio(result, background) < minRatio; ++step)
        result = mix(result, target, 0.12);
    if (contrastRatio(result, background) < minRatio)
        result = target;
    return result;
}

QColor color(Role role, const QPalette& palette)
{
    const Shades s = shades(role);
    QColor c = QColor::fromRgb(isDark(palette) ? s.onDark : s.onLight);
    c = readableOn(c, palette.color(QPalette::Window));
    c = readableOn(c, palette.color(QPalette::Base));
    return c;
}

QColor color(Role role)
{
    return color(role, QGuiApplication::palette());
}

QColor info(const QPalette& palette)
{
    return color(Role::Info, palette);
}

QColor success(const QPalette& palette)
{
    return color(Role::Success, palette);
}

QColor warning(const QPalette& palette)
{
    return color(Role::Warning, palette);
}

QColor danger(const QPalette& palette)
{
    return color(Role::Danger, palette);
}

QColor neutral(const QPalette& palette)
{
    return color(Role::Neutral, palette);
}

QColor accent(const QPalette& palette)
{
    return color(Role::Accent, palette);
}

QColor info()
{
    return color(Role::Info);
}

QColor success()
{
    return color(Role::Success);
}

QColor warning()
{
    return color(Role::Warning);
}

QColor danger()
{
    return color(Role::Danger);
}

QColor neutral()
{
    return color(Role::Neutral);
}

QColor accent()
{
    return color(Role::Accent);
}

void applyToChart(QChart* chart, const QPalette& palette)
{
    if (!chart)
        return;
    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    chart->setBackgroundBrush(base);
    chart->setBackgroundPen(QPen(mix(base, text, 0.2), 1));
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    if (QLegend* legend = chart->legend()) {
        legend->setLabelColor(text);
        legend->setColor(Qt::transparent);
        legend->setBorderColor(Qt::transparent);
    }
    for (QAbstractAxis* axis : chart->axes()) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setLinePenColor(mix(base, text, 0.45));
        axis->setGridLineColor(mix(base, text, 0.18));
        axis->setMinorGridLineColor(mix(base, text, 0.08));
        axis->setShadesVisible(false);
    }
}

} // namespace ec::ui::theme
