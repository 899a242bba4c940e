#pragma once
// A live line chart over a sliding time window. Points are appended as they come and the
// oldest ones dropped, so the chart is never rebuilt: no flicker, constant cost per update.
// The x axis is seconds since the run started; each series sits on the left or the right
// value axis, whose ranges follow the visible points.

#include <QChartView>
#include <QColor>
#include <QVector>

class QLineSeries;
class QValueAxis;

namespace ec::ui {

class TimeSeriesChart : public QChartView
{
    Q_OBJECT
public:
    enum class Axis { Left, Right };

    explicit TimeSeriesChart(QWidget* parent = nullptr);

    /// Adds a series and returns its index for append() and setSeriesName().
    int addSeries(const QColor& color, Axis axis = Axis::Left);
    void setSeriesName(int series, const QString& name);
    void setTitle(const QString& title);
    void setAxisTitles(const QString& left, const QString& right = {});
    /// Decimals of the value axis labels (left, right); negative: as many as the ticks need.
    /// Axes without decimals show at least 0…5.
    void setLabelDecimals(int left, int right = 0);

    /// Adds one point per series at `seconds` (values in addSeries() order).
    void append(double seconds, const QVector<double>& values);
    /// Removes every point (a new run starts).
    void clear();

    /// How many seconds stay visible (default 600).
    void setWindowSeconds(double seconds);
    int pointCount(int series) const;
    double lastValue(int series) const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void applyFonts();

    struct Track
    {
        QLineSeries* series = nullptr;
        Axis axis = Axis::Left;
    };
    void updateRanges(double now);

    QValueAxis* m_timeAxis = nullptr;
    QValueAxis* m_leftAxis = nullptr;
    QValueAxis* m_rightAxis = nullptr;
    QVector<Track> m_tracks;
    double m_windowSeconds = 600;
    int m_leftDecimals = 0;
    int m_rightDecimals = 2;
};

} // namespace ec::ui
