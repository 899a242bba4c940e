#pragma once
// Colours that follow the system palette, light or dark. Views never hard-code a colour: they
// ask for a semantic one here and get a variant that reads well on the palette's window and
// base colours (a darker shade on a light theme, a lighter one on a dark theme, adjusted until
// its contrast against both is at least 4.5:1, the WCAG AA ratio for text).
//
//     #include "ThemeColors.h"
//     label->setStyleSheet(QStringLiteral("color: %1").arg(theme::danger(palette()).name()));
//     series->setColor(theme::color(theme::Role::Info, chart->palette()));
//     theme::applyToChart(chartView->chart(), chartView->palette()); // background, axes, grid, legend
//
// Call them again on QEvent::PaletteChange (or ThemeChange): the colours are computed, not
// cached. Every function without a palette uses the application's (QGuiApplication::palette()).

#include <QColor>
#include <QPalette>

class QChart;

namespace ec::ui::theme {

/// The semantic colours. Info: blue (running, throughput); Success: green (done, succeeded);
/// Warning: orange (parked, 429s, money); Danger: red (failed, errors); Neutral: grey (idle,
/// skipped, secondary lines); Accent: purple (a further series).
enum class Role { Info, Success, Warning, Danger, Neutral, Accent };

/// True when the palette's window colour is dark (HSL lightness below 128).
bool isDark(const QPalette& palette);
bool isDark();

/// The colour of a role for this palette, readable on its Window and Base colours.
QColor color(Role role, const QPalette& palette);
QColor color(Role role);

QColor info(const QPalette& palette);
QColor success(const QPalette& palette);
QColor warning(const QPalette& palette);
QColor danger(const QPalette& palette);
QColor neutral(const QPalette& palette);
QColor accent(const QPalette& palette);
QColor info();
QColor success();
QColor warning();
QColor danger();
QColor neutral();
QColor accent();

/// The WCAG 2 contrast ratio of two colours (1 … 21).
double contrastRatio(const QColor& a, const QColor& b);
/// color made lighter (on a dark background) or darker (on a light one) in small steps until
/// its contrast against background reaches minRatio (or black/white is reached).
QColor readableOn(const QColor& color, const QColor& background, double minRatio = 4.5);

/// Themes a chart from the palette: background (Base), title, legend and axis labels and
/// titles (Text), axis lines and grid lines (a blend of Text into Base). Applies to the axes
/// the chart holds now: call it after adding axes and on every palette change.
void applyToChart(QChart* chart, const QPalette& palette);

} // namespace ec::ui::theme
