#include "ConsoleApplication.h"

#include "MainWindow.h"
#include "ScreenshotTour.h"
#include "UiBenchmark.h"
#include "UiLanguage.h"

#include "config/SettingsFile.h"
#include "ops/DemoEnvironment.h"
#include "store/Database.h"
#include "util/BuildInfo.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>

#include <cstdio>

namespace ec::ui {

ConsoleApplication::ConsoleApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("EmbeddingConsole"));
    QCoreApplication::setApplicationName(QStringLiteral("embedding-console"));
    QCoreApplication::setApplicationVersion(BuildInfo::version());
    if (qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
        QGuiApplication::setDesktopFileName(QStringLiteral("embedding-console"));
        QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/embedding-console.png")));
    }
}

bool ConsoleApplication::wantsTextOnly(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v" || arg == "--version" ||
            arg == "-?")
            return true;
    }
    return false;
}

bool ConsoleApplication::hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

int ConsoleApplication::run(const QStringList& arguments)
{
    // What a DBA sees in pg_stat_activity unless the URL names the application.
    DatabaseConnection::setDefaultApplicationName(QStringLiteral("embedding-console"));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Embedding Console: the operator's desktop console."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption langOption(
        QStringLiteral("lang"), QStringLiteral("Interface language: ko or en."), QStringLiteral("ko|en"));
    const QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("Database URL for this session."),
                                      QStringLiteral("url"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QStringLiteral("Work on a temporary demo catalog with the built-in simulator."));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"), QStringLiteral("Render every main view into DIR as PNG and exit."),
        QStringLiteral("dir"));
    const QCommandLineOption benchmarkOption(
        QStringLiteral("benchmark-ui"),
        QStringLiteral("Measure the UI event-loop stalls during a simulated run."));
    const QCommandLineOption itemsOption(
        QStringLiteral("items"), QStringLiteral("Items of the benchmark's demo catalog (default 20000)."),
        QStringLiteral("n"), QStringLiteral("20000"));
    parser.addOptions({langOption, dbOption, demoOption, screenshotOption, benchmarkOption, itemsOption});
    parser.process(arguments);

    const bool sandboxed =
        parser.isSet(screenshotOption) || parser.isSet(benchmarkOption) || parser.isSet(demoOption);
    // Scripted and demo sessions keep their settings in a throwaway place.
    QTemporaryDir settingsDir;
    if (sandboxed)
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());

    auto settings = openSettingsFile();
    QString languageSetting =
        settings->value(QStringLiteral("ui/language"), QStringLiteral("system")).toString();
    if (parser.isSet(langOption)) {
        languageSetting = UiLanguage::normalize(parser.value(langOption));
        if (languageSetting.isEmpty()) {
            err << "embedding-console: --lang takes ko or en" << Qt::endl;
            return 2;
        }
    }
    UiLanguage language;
    if (!language.apply(languageSetting))
        language.apply(QStringLiteral("system"));

    if (parser.isSet(screenshotOption))
        return ScreenshotTour(&language, parser.value(screenshotOption)).run(err);

    if (parser.isSet(benchmarkOption)) {
        UiBenchmarkOptions options;
        options.items = qMax(100, parser.value(itemsOption).toInt());
        return UiBenchmark(&language, options).run(out, err);
    }

    WindowOptions options;
    options.languageSetting = languageSetting;
    options.apiKeyFromEnvironment = apiKeyInEnvironment();
    options.persistSettings = !sandboxed;
    AppConfig config = loadConfig(*settings);
    if (parser.isSet(dbOption))
        config.databaseUrl = parser.value(dbOption);

    DemoEnvironment demo;
    if (parser.isSet(demoOption)) {
        DemoSetup setup;
        setup.failRate = 0.02;
        setup.latencyMs = 80;
        QString error;
        if (!demo.start(setup, &error)) {
            err << "embedding-console: cannot prepare the demo: " << error << Qt::endl;
            return 1;
        }
        config = demo.config();
    }

    MainWindow window(config, &language, options);
    window.show();
    return QApplication::exec();
}

} // namespace ec::ui
