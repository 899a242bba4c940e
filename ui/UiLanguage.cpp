#include "UiLanguage.h"

#include <QCoreApplication>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace ec::ui {

UiLanguage::UiLanguage(QObject* parent)
    : QObject(parent)
{}

UiLanguage::~UiLanguage()
{
    removeTranslators();
}

QStringList UiLanguage::available()
{
    return {QStringLiteral("en"), QStringLiteral("ko")};
}

QString UiLanguage::systemDefault()
{
    return QLocale::system().language() == QLocale::Korean ? QStringLiteral("ko") : QStringLiteral("en");
}

QString UiLanguage::normalize(const QString& code)
{
    const QString c = code.trimmed().toLower();
    if (c.isEmpty() || c == QLatin1String("system"))
        return systemDefault();
    if (c.startsWith(QLatin1String("ko")))
        return QStringLiteral("ko");
    if (c.startsWith(QLatin1String("en")))
        return QStringLiteral("en");
    return {};
}

QString UiLanguage::nativeName(const QString& code)
{
    return normalize(code) == QLatin1String("ko") ? QStringLiteral("한국어") : QStringLiteral("English");
}

QLocale UiLanguage::locale() const
{
    return m_current == QLatin1String("ko") ? QLocale(QLocale::Korean, QLocale::SouthKorea)
                                            : QLocale(QLocale::English, QLocale::UnitedStates);
}

void UiLanguage::removeTranslators()
{
    for (QTranslator** t : {&m_appTranslator, &m_qtTranslator}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
}

bool UiLanguage::apply(const QString& code)
{
    const QString language = normalize(code);
    if (language.isEmpty())
        return false;
    if (language == m_current)
        return true;

    removeTranslators();
    m_current = language;
    QLocale::setDefault(locale());

    // The English texts are the sources, but the English catalog is installed too so that
    // every switch sends the LanguageChange event (and plural forms come out right).
    m_appTranslator = new QTranslator;
    if (m_appTranslator->load(QStringLiteral(":/i18n/embedding-console_") + language))
        QCoreApplication::installTranslator(m_appTranslator);
    if (language != QLatin1String("en")) {
        m_qtTranslator = new QTranslator;
        if (m_qtTranslator->load(locale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
            QCoreApplication::installTranslator(m_qtTranslator);
    }
    applyFont();
    Q_EMIT changed(m_current);
    return true;
}

void UiLanguage::applyFont()
{
    // Hangul set in a Latin UI font falls back glyph by glyph, and widths come out a little
    // short (clipped button texts). A Korean UI font with its own Latin glyphs avoids that.
    if (!qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        return;
    if (!m_originalFont)
        m_originalFont = QGuiApplication::font();
    QFont font = *m_originalFont;
    const QString korean = QStringLiteral("Noto Sans CJK KR");
    if (m_current == QLatin1String("ko") && QFontDatabase::hasFamily(korean))
        font.setFamilies(QStringList{korean} + m_originalFont->families());
    QGuiApplication::setFont(font);
}

} // namespace ec::ui
