#include "CliApplication.h"

#include "CommandRegistry.h"
#include "CommonOptions.h"
#include "store/Database.h"
#include "util/Logging.h"
#include "util/Secrets.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

namespace ec {

void CliContext::fail(const QString& message) const
{
    err << "embedctl: " << scrubSecrets(message, config.secrets()) << Qt::endl;
}

CliApplication::CliApplication()
    : m_commands(createCommands())
{
    QCoreApplication::setApplicationName(QStringLiteral("embedctl"));
    QCoreApplication::setOrganizationName(QStringLiteral("EmbeddingConsole"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EC_VERSION));
    // What a DBA sees in pg_stat_activity unless the URL names the application.
    DatabaseConnection::setDefaultApplicationName(QStringLiteral("embedctl"));
}

CliApplication::~CliApplication() = default;

CliCommand* CliApplication::find(const QString& name) const
{
    for (const auto& command : m_commands) {
        if (command->name() == name)
            return command.get();
    }
    return nullptr;
}

void CliApplication::printUsage(QTextStream& out) const
{
    out << "Usage: embedctl <command> [options]\n\n"
           "Keeps the embeddings of a catalog table up to date (see `embedctl <command> --help`).\n\n"
           "Commands:\n";
    for (const auto& command : m_commands)
        out << "  " << command->name().leftJustified(12) << command->summary() << '\n';
    out << "\nExit codes of run, retry and demo: 0 all done, 1 the run failed, 2 some items failed,\n"
           "3 another --exclusive run holds the lock, 4 stopped (Ctrl-C, SIGTERM), 5 aborted (a second\n"
           "Ctrl-C); a third signal ends at once with 128 + the signal.\n";
    out.flush();
}

int CliApplication::run(const QStringList& arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString commandName = arguments.value(1);
    if (commandName.isEmpty() || commandName == QLatin1String("help") ||
        commandName == QLatin1String("--help") || commandName == QLatin1String("-h")) {
        printUsage(out);
        return commandName.isEmpty() ? ExitError : ExitOk;
    }
    if (commandName == QLatin1String("--version")) {
        out << "embedctl " << QCoreApplication::applicationVersion() << Qt::endl;
        return ExitOk;
    }
    CliCommand* command = find(commandName);
    if (!command) {
        err << "embedctl: unknown command \"" << commandName << "\" (see embedctl --help)" << Qt::endl;
        return ExitError;
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(command->summary());
    parser.addHelpOption();
    CommonOptions::add(parser);
    command->addOptions(parser);
    QStringList commandArguments = arguments;
    commandArguments.removeAt(1);
    commandArguments[0] = arguments.value(0) + QLatin1Char(' ') + commandName;
    if (!parser.parse(commandArguments)) {
        err << "embedctl " << commandName << ": " << parser.errorText() << Qt::endl;
        return ExitError;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        out << parser.helpText();
        return ExitOk;
    }

    AppConfig config;
    CliContext context{parser, config, out, err};
    context.json = parser.isSet(QStringLiteral("json"));
    context.quiet = parser.isSet(QStringLiteral("quiet"));
    context.verbose = parser.isSet(QStringLiteral("verbose"));
    if (context.quiet)
        QLoggingCategory::setFilterRules(QStringLiteral("ec.*.info=false\nec.*.warning=false"));
    else if (context.verbose)
        QLoggingCategory::setFilterRules(QStringLiteral("ec.*.debug=true"));

    QString error;
    if (!CommonOptions::apply(parser, config, &error)) {
        context.fail(error);
        return ExitError;
    }
    const int code = command->execute(context);
    out.flush();
    err.flush();
    return code;
}

} // namespace ec
