#pragma once
// A strip that tells the operator something is wrong and what to do about it: a message that
// wraps, and up to two buttons ("Retry", "Set key…"). Hidden until shown; its colours come
// from the palette, so it reads on light and dark themes.

#include <QColor>
#include <QFrame>

class QLabel;
class QPushButton;

namespace ec::ui {

class NoticeBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Warning, Error };

    explicit NoticeBanner(QWidget* parent = nullptr);

    /// Shows the message; the buttons keep their texts (set with setActions).
    void showMessage(Level level, const QString& message);
    /// Texts of the first and second button; an empty text hides that button.
    void setActions(const QString& first, const QString& second = {});
    QString message() const;
    Level level() const { return m_level; }
    QPushButton* firstButton() const { return m_first; }
    QPushButton* secondButton() const { return m_second; }

Q_SIGNALS:
    void firstTriggered();
    void secondTriggered();

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QColor accent() const;
    void applyIcon();

    Level m_level = Level::Warning;
    QLabel* m_icon = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_first = nullptr;
    QPushButton* m_second = nullptr;
};

} // namespace ec::ui
