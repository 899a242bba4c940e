#pragma once
// A two-column list of captioned figures ("Embedded   12,345"), each row addressed by a
// key. The value labels are named "figure_<key>" so tests and screenshots can find them.

#include <QHash>
#include <QWidget>

class QGridLayout;
class QLabel;

namespace ec::ui {

class FigureGrid : public QWidget
{
    Q_OBJECT
public:
    explicit FigureGrid(QWidget* parent = nullptr);

    /// Adds a row (in order); captions and values are set later.
    void addRow(const QString& key);
    /// Adds a full-width widget (a progress bar) below the rows added so far.
    void addWidget(QWidget* widget);
    void setCaption(const QString& key, const QString& caption);
    void setValue(const QString& key, const QString& value, const QString& toolTip = {});
    QString value(const QString& key) const;

private:
    struct Row
    {
        QLabel* caption = nullptr;
        QLabel* value = nullptr;
    };
    QGridLayout* m_layout = nullptr;
    QHash<QString, Row> m_rows;
};

} // namespace ec::ui
