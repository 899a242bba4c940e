#pragma once
// The console's language: Korean or English, chosen at start-up (default: the system
// locale) and switchable at runtime. Installing a translator makes Qt send a
// QEvent::LanguageChange to every widget, which re-reads its texts. In Korean the UI font
// becomes Noto Sans CJK KR when it is installed (fonts-noto-cjk).

#include <QFont>
#include <QLocale>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

class QTranslator;

namespace ec::ui {

class UiLanguage : public QObject
{
    Q_OBJECT
public:
    explicit UiLanguage(QObject* parent = nullptr);
    ~UiLanguage() override;

    /// The language codes the console ships: "en" and "ko".
    static QStringList available();
    /// "ko" when the system locale is Korean, otherwise "en".
    static QString systemDefault();
    /// Maps "ko", "ko_KR", "Korean"… to "ko", "en*" to "en"; empty or "system" to systemDefault();
    /// an empty string for anything else.
    static QString normalize(const QString& code);
    /// The language's own name ("한국어", "English"), for menus.
    static QString nativeName(const QString& code);

    /// Installs the translations of code (after normalize()); false for an unknown code.
    bool apply(const QString& code);
    QString current() const { return m_current; }
    /// The locale numbers and dates are written in.
    QLocale locale() const;

Q_SIGNALS:
    void changed(const QString& code);

private:
    void removeTranslators();
    void applyFont();

    QTranslator* m_appTranslator = nullptr;
    QTranslator* m_qtTranslator = nullptr;
    QString m_current;
    std::optional<QFont> m_originalFont;
};

} // namespace ec::ui
