#pragma once
// A live line chart over a sliding time window. Points are appended as they come and the
// oldest ones dropped, so the chart is never rebuilt: no flicker. Each series holds at most
// maxPoints() points whatever the run's length: consecutive points are at least the visible
// span ÷ maxPoints() apart (a sample closer to the previous point moves the last point
// instead of adding one), and when the span widens the older points are thinned, so an
// update costs the same after an hour as after a minute.
// The x axis is seconds since the run started; each series sits on the left or the right
// value axis, whose ranges follow the visible points. The tick labels always differ: their
// decimals fit the tick step. Colours follow the palette (ThemeColors), dark themes included.

#include "ThemeColors.h"

#include <QChartView>
#include <QColor>
#include <QStringList>
#include <QVector>

#include <optional>

class QLineSeries;
class QValueAxis;

namespace ec::ui {

class TimeSeriesChart : public QChartView
{
    Q_OBJECT
public:
    enum class Axis { Left, Right };

    explicit TimeSeriesChart(QWidget* parent = nullptr);

    /// The most points a series holds.
    static constexpr int kMaxPoints = 300;

    /// Adds a series and returns its index for append() and setSeriesName().
    int addSeries(const QColor& color, Axis axis = Axis::Left);
    /// The same in a semantic colour of the palette, updated when the palette changes.
    int addSeries(theme::Role role, Axis axis = Axis::Left);
    void setSeriesName(int series, const QString& name);
    void setTitle(const QString& title);
    void setAxisTitles(const QString& left, const QString& right = {});
    /// Decimals of the value axis labels (left, right); negative: as many as the ticks need.
    /// Axes without decimals show at least 0…4 in whole steps; axes with decimals show more
    /// when the tick step needs them, so no two labels read the same.
    void setLabelDecimals(int left, int right = 0);

    /// Adds one point per series at `seconds` (values in addSeries() order).
    void append(double seconds, const QVector<double>& values);
    /// Removes every point (a new run starts).
    void clear();

    /// How many seconds stay visible (default 600).
    void setWindowSeconds(double seconds);
    int pointCount(int series) const;
    double lastValue(int series) const;
    int maxPoints() const { return kMaxPoints; }
    /// The value axis (left or right; nullptr when the chart has no right axis).
    QValueAxis* valueAxis(Axis axis) const { return axis == Axis::Right ? m_rightAxis : m_leftAxis; }
    /// The labels the value axis shows now, bottom to top.
    QStringList tickLabels(Axis axis) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyFonts();
    void applyTheme();
    int addTrack(const QColor& color, std::optional<theme::Role> role, Axis axis);

    struct Track
    {
        QLineSeries* series = nullptr;
        Axis axis = Axis::Left;
        std::optional<theme::Role> role; ///< recoloured on a palette change
    };
    void updateRanges(double now);
    void updateValueRanges();

    QValueAxis* m_timeAxis = nullptr;
    QValueAxis* m_leftAxis = nullptr;
    QValueAxis* m_rightAxis = nullptr;
    QVector<Track> m_tracks;
    double m_windowSeconds = 600;
    int m_leftDecimals = 0;
    int m_rightDecimals = 2;
};

} // namespace ec::ui
