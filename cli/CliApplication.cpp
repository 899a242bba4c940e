#include "CliApplication.h"

#include "CliDocs.h"
#include "CommandRegistry.h"
#include "CommonOptions.h"
#include "store/Database.h"
#include "util/BuildInfo.h"
#include "util/Logging.h"
#include "util/Secrets.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
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
    QCoreApplication::setApplicationVersion(BuildInfo::version());
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
        out << "  " << command->name().leftJustified(14) << command->summary() << '\n';
    out << "  " << QStringLiteral("help").leftJustified(14)
        << "This list; `help COMMAND` a command's options; `help --man` the man page (roff).\n"
        << "  " << QStringLiteral("completion").leftJustified(14)
        << "`completion bash` prints the bash completion script.\n";
    out << "\nExit codes of run, retry and demo: 0 all done, 1 the run failed, 2 some items failed,\n"
           "3 another --exclusive run holds the lock, 4 stopped (Ctrl-C, SIGTERM), 5 aborted (a second\n"
           "Ctrl-C); a third signal ends at once with 128 + the signal.\n";
    out.flush();
}

void CliApplication::setUpParser(CliCommand& command, QCommandLineParser& parser)
{
    parser.setApplicationDescription(command.summary());
    parser.addHelpOption();
    CommonOptions::add(parser);
    command.addOptions(parser);
}

QVector<CommandDoc> CliApplication::commandDocs() const
{
    QVector<CommandDoc> docs;
    for (const auto& command : m_commands) {
        QCommandLineParser parser;
        setUpParser(*command, parser);
        CommandDoc doc;
        doc.name = command->name();
        doc.summary = command->summary();
        doc.usage = QStringLiteral("embedctl %1 [options]").arg(doc.name);
        doc.options = CliDocs::parseHelpText(parser.helpText());
        docs.append(doc);
    }
    return docs;
}

int CliApplication::help(const QStringList& arguments, QTextStream& out, QTextStream& err)
{
    // embedctl help --man-from-help PROGRAM < help-text: the man page of another program of the
    // package (embedding-console) from its own --help output, read on stdin (the build does it).
    const int fromHelp = int(arguments.indexOf(QStringLiteral("--man-from-help")));
    if (fromHelp >= 0) {
        const QString program = arguments.value(fromHelp + 1);
        if (program.isEmpty()) {
            err << "embedctl help: usage: embedctl help --man-from-help PROGRAM < HELP-TEXT" << Qt::endl;
            return ExitError;
        }
        QTextStream in(stdin);
        const QString text = in.readAll();
        // QCommandLineParser's text: "Usage: …", then the description, then "Options:".
        const QString description = text.section(QLatin1Char('\n'), 1, 1).trimmed();
        QString summary = description.section(QLatin1String(": "), 1).trimmed();
        if (summary.endsWith(QLatin1Char('.')))
            summary.chop(1);
        out << CliDocs::programManPage(program, summary.isEmpty() ? description : summary, description,
                                       CliDocs::parseHelpText(text), BuildInfo::version(), manDate());
        return ExitOk;
    }
    // embedctl help [--man] [COMMAND]
    const bool man = arguments.contains(QLatin1String("--man"));
    QStringList rest = arguments.mid(2);
    rest.removeAll(QStringLiteral("--man"));
    if (rest.size() > 1 || (!rest.isEmpty() && rest.first().startsWith(QLatin1Char('-')))) {
        err << "embedctl help: usage: embedctl help [--man] [COMMAND]" << Qt::endl;
        return ExitError;
    }
    const QString date = manDate();
    if (rest.isEmpty()) {
        if (!man) {
            printUsage(out);
            return ExitOk;
        }
        QCommandLineParser commonParser;
        commonParser.addHelpOption();
        CommonOptions::add(commonParser);
        out << CliDocs::embedctlManPage(commandDocs(), CliDocs::parseHelpText(commonParser.helpText()),
                                        BuildInfo::version(), date);
        return ExitOk;
    }
    CliCommand* command = find(rest.first());
    if (!command) {
        err << "embedctl: unknown command \"" << rest.first() << "\" (see embedctl --help)" << Qt::endl;
        return ExitError;
    }
    QCommandLineParser parser;
    setUpParser(*command, parser);
    if (man) {
        out << CliDocs::programManPage(QStringLiteral("embedctl-") + command->name(), command->summary(),
                                       command->summary() + QStringLiteral(" See embedctl(1)."),
                                       CliDocs::parseHelpText(parser.helpText()), BuildInfo::version(), date);
    } else {
        out << parser.helpText();
    }
    return ExitOk;
}

QString CliApplication::manDate()
{
    // Reproducible builds: SOURCE_DATE_EPOCH fixes the date printed in the man page.
    bool ok = false;
    const qint64 epoch = qEnvironmentVariable("SOURCE_DATE_EPOCH").toLongLong(&ok);
    const QDate date = ok ? QDateTime::fromSecsSinceEpoch(epoch, Qt::UTC).date() : QDate::currentDate();
    return date.toString(Qt::ISODate);
}

int CliApplication::run(const QStringList& arguments)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString commandName = arguments.value(1);
    if (commandName.isEmpty() || commandName == QLatin1String("--help") ||
        commandName == QLatin1String("-h")) {
        printUsage(out);
        return commandName.isEmpty() ? ExitError : ExitOk;
    }
    if (commandName == QLatin1String("help"))
        return help(arguments, out, err);
    if (commandName == QLatin1String("completion")) {
        if (arguments.size() != 3 || arguments.value(2) != QLatin1String("bash")) {
            err << "embedctl completion: usage: embedctl completion bash" << Qt::endl;
            return ExitError;
        }
        out << CliDocs::bashCompletion(commandDocs());
        return ExitOk;
    }
    if (commandName == QLatin1String("--version") || commandName == QLatin1String("-V")) {
        out << "embedctl " << BuildInfo::version() << "\ngit commit " << BuildInfo::gitCommit() << "\nQt "
            << BuildInfo::qtVersion() << " (built with " << QT_VERSION_STR << ")" << Qt::endl;
        return ExitOk;
    }
    CliCommand* command = find(commandName);
    if (!command) {
        err << "embedctl: unknown command \"" << commandName << "\" (see embedctl --help)" << Qt::endl;
        return ExitError;
    }

    QCommandLineParser parser;
    setUpParser(*command, parser);
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
