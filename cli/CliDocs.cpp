#include "CliDocs.h"

#include <QRegularExpression>
#include <QSet>

namespace ec {

namespace CliDocs {

QVector<OptionDoc> parseHelpText(const QString& helpText)
{
    // QCommandLineParser lists each option as "  -v, --verbose <value>  Description" (names
    // indented by two spaces, two or more spaces before the description) and wraps long
    // descriptions onto lines indented further; a long name may stand alone on its line.
    QVector<OptionDoc> options;
    bool inOptions = false;
    const QStringList lines = helpText.split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (line == QLatin1String("Options:")) {
            inOptions = true;
            continue;
        }
        if (!inOptions)
            continue;
        if (line.trimmed().isEmpty()) {
            inOptions = false; // the "Arguments:" block or the end
            continue;
        }
        const bool optionLine = line.startsWith(QLatin1String("  -"));
        if (!optionLine) {
            if (!options.isEmpty()) {
                QString& description = options.last().description;
                if (!description.isEmpty())
                    description += QLatin1Char(' ');
                description += line.trimmed();
            }
            continue;
        }
        const QString body = line.mid(2);
        const int gap = body.indexOf(QLatin1String("  "));
        const QString names = gap < 0 ? body.trimmed() : body.left(gap);
        OptionDoc option;
        option.description = gap < 0 ? QString() : body.mid(gap).trimmed();
        const int valueStart = names.indexOf(QLatin1String(" <"));
        if (valueStart >= 0)
            option.valueName = names.mid(valueStart + 2).chopped(1);
        const QString nameList = valueStart >= 0 ? names.left(valueStart) : names;
        for (const QString& name : nameList.split(QLatin1String(", "), Qt::SkipEmptyParts))
            option.names << name.trimmed();
        options.append(option);
    }
    return options;
}

QString roffEscape(const QString& text)
{
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        if (c == QLatin1Char('\\'))
            out += QLatin1String("\\e");
        else if (c == QLatin1Char('-'))
            out += QLatin1String("\\-");
        else if (c.unicode() > 127)
            out += QStringLiteral("\\[u%1]").arg(
                QString::number(c.unicode(), 16).toUpper().rightJustified(4, QLatin1Char('0')));
        else
            out += c;
    }
    // A line of roff text must not start with a control character.
    if (out.startsWith(QLatin1Char('.')) || out.startsWith(QLatin1Char('\'')))
        out.prepend(QLatin1String("\\&"));
    return out;
}

namespace {

QString optionLabel(const OptionDoc& option)
{
    QStringList names;
    for (const QString& name : option.names)
        names << QStringLiteral("\\fB%1\\fR").arg(roffEscape(name));
    QString label = names.join(QLatin1String(", "));
    if (!option.valueName.isEmpty())
        label += QStringLiteral(" \\fI%1\\fR").arg(roffEscape(option.valueName));
    return label;
}

QString optionList(const QVector<OptionDoc>& options)
{
    QString out;
    for (const OptionDoc& option : options)
        out += QStringLiteral(".TP\n%1\n%2\n").arg(optionLabel(option), roffEscape(option.description));
    return out;
}

bool sameOption(const OptionDoc& a, const OptionDoc& b)
{
    return a.names == b.names;
}

QString header(const QString& program, const QString& version, const QString& date)
{
    return QStringLiteral(".\\\" Generated from the program's own option definitions; do not edit.\n"
                          ".TH %1 1 \"%2\" \"%3 %4\" \"User Commands\"\n")
        .arg(program.toUpper().replace(QLatin1Char('-'), QLatin1String("\\-")), date, program, version);
}

} // namespace

QString embedctlManPage(const QVector<CommandDoc>& commands, const QVector<OptionDoc>& common,
                        const QString& version, const QString& date)
{
    QString page = header(QStringLiteral("embedctl"), version, date);
    page +=
        QStringLiteral(".SH NAME\nembedctl \\- keep the vector embeddings of a catalog table up to date\n");
    page += QStringLiteral(".SH SYNOPSIS\n.B embedctl\n.I command\n.RI [ options ]\n.br\n"
                           ".B embedctl \\-\\-version\n.br\n.B embedctl help\n.RI [ command ]\n"
                           ".br\n.B embedctl completion bash\n");
    page += QStringLiteral(
        ".SH DESCRIPTION\n"
        ".B embedctl\n"
        "embeds the rows of a PostgreSQL or SQLite catalog table (ai_items by default) through an\n"
        "OpenAI\\-compatible /v1/embeddings endpoint, and reports on them: status, cost estimates,\n"
        "duplicates, failures. Several workers may run at once against one PostgreSQL database: they\n"
        "share the work through leases (FOR UPDATE SKIP LOCKED). Without a configured endpoint or key,\n"
        ".B embedctl demo\n"
        "and\n"
        ".B embedctl run \\-\\-simulate\n"
        "use a built\\-in simulator of the API.\n"
        ".PP\n"
        "Settings come from, in order: built\\-in defaults, the settings file (\\fB\\-\\-config\\fR, else\n"
        "the console's own settings), the environment, then the options given.\n");
    page += QStringLiteral(".SH COMMON OPTIONS\nEvery command accepts these.\n") + optionList(common);
    for (const CommandDoc& command : commands) {
        page += QStringLiteral(".SH \"EMBEDCTL %1\"\n").arg(roffEscape(command.name).toUpper());
        page +=
            QStringLiteral(".B %1\n.PP\n%2\n").arg(roffEscape(command.usage), roffEscape(command.summary));
        QVector<OptionDoc> own;
        for (const OptionDoc& option : command.options) {
            bool isCommon = false;
            for (const OptionDoc& c : common)
                isCommon = isCommon || sameOption(c, option);
            if (!isCommon)
                own.append(option);
        }
        if (own.isEmpty())
            page += QStringLiteral(".PP\nNo options besides the common ones.\n");
        else
            page += optionList(own);
    }
    page += QStringLiteral(
        ".SH \"EXIT STATUS\"\n"
        ".TP\n.B 0\nall done\n"
        ".TP\n.B 1\nthe command or the run failed (bad input, database, API)\n"
        ".TP\n.B 2\nthe run finished but some items failed (see \\fBembedctl failures\\fR)\n"
        ".TP\n.B 3\n\\fB\\-\\-exclusive\\fR: another exclusive run holds the lock\n"
        ".TP\n.B 4\nstopped by SIGINT or SIGTERM: the requests in flight were finished and written\n"
        ".TP\n.B 5\naborted by a second SIGINT\n"
        ".PP\nA third signal ends the process at once with 128 + the signal number.\n"
        ".SH ENVIRONMENT\n"
        ".TP\n.B EMBEDCTL_DB\nthe database URL (like \\fB\\-\\-db\\fR)\n"
        ".TP\n.B OPENAI_API_KEY\nthe API key; \\fBAZURE_OPENAI_API_KEY\\fR for Azure OpenAI\n"
        ".TP\n.B OPENAI_BASE_URL\nthe endpoint (like \\fB\\-\\-api\\-base\\fR); "
        "\\fBAZURE_OPENAI_ENDPOINT\\fR for Azure OpenAI\n"
        ".TP\n.B EMBEDCTL_WEBHOOK_URL\nthe webhook for alerts (like \\fB\\-\\-webhook\\fR)\n"
        ".TP\n.B CREDENTIALS_DIRECTORY\nset by systemd's \\fBLoadCredential=\\fR: the API key is read from\n"
        "the file \\fIopenai\\-api\\-key\\fR in it, the database URL from \\fIembedctl\\-db\\fR\n"
        ".SH FILES\n"
        ".TP\n.I /etc/embedctl/embedctl.conf\n"
        "the settings of the packaged systemd units (\\fB\\-\\-config\\fR); its keys are documented in it\n"
        ".TP\n.I ~/.config/EmbeddingConsole/embedding\\-console.conf\n"
        "the console's settings, read when no \\fB\\-\\-config\\fR is given\n"
        ".TP\n.I /usr/share/doc/embedding\\-console/\n"
        "operations guide, systemd and cron examples\n"
        ".SH \"SEE ALSO\"\n"
        ".BR embedding\\-console (1),\n"
        ".BR systemd.exec (5),\n"
        ".BR crontab (5)\n");
    return page;
}

QString programManPage(const QString& program, const QString& summary, const QString& description,
                       const QVector<OptionDoc>& options, const QString& version, const QString& date)
{
    QString page = header(program, version, date);
    page += QStringLiteral(".SH NAME\n%1 \\- %2\n").arg(roffEscape(program), roffEscape(summary));
    page += QStringLiteral(".SH SYNOPSIS\n.B %1\n.RI [ options ]\n").arg(roffEscape(program));
    page += QStringLiteral(".SH DESCRIPTION\n%1\n").arg(roffEscape(description));
    page += QStringLiteral(".SH OPTIONS\n") + optionList(options);
    page += QStringLiteral(".SH \"SEE ALSO\"\n.BR embedctl (1)\n");
    return page;
}

QString bashCompletion(const QVector<CommandDoc>& commands)
{
    QStringList names;
    for (const CommandDoc& command : commands)
        names << command.name;
    QString script =
        QStringLiteral("# bash completion for embedctl(1).\n"
                       "# Generated by `embedctl completion bash` from the option definitions behind --help; "
                       "do not edit.\n"
                       "_embedctl()\n"
                       "{\n"
                       "    local cur prev cword\n"
                       "    cur=\"${COMP_WORDS[COMP_CWORD]}\"\n"
                       "    prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                       "    cword=$COMP_CWORD\n"
                       "    local commands=\"%1 help completion\"\n"
                       "    if [[ $cword -eq 1 ]]; then\n"
                       "        COMPREPLY=($(compgen -W \"$commands --help --version\" -- \"$cur\"))\n"
                       "        return 0\n"
                       "    fi\n"
                       "    local opts=\"\"\n"
                       "    case \"${COMP_WORDS[1]}\" in\n")
            .arg(names.join(QLatin1Char(' ')));
    for (const CommandDoc& command : commands) {
        QStringList all, files, valued;
        for (const OptionDoc& option : command.options) {
            all << option.names;
            if (option.valueName.isEmpty())
                continue;
            const bool file = option.valueName == QLatin1String("file") ||
                              option.valueName == QLatin1String("path") ||
                              option.valueName == QLatin1String("dir");
            (file ? files : valued) << option.names;
        }
        script += QStringLiteral("        %1)\n").arg(command.name);
        if (!files.isEmpty() || !valued.isEmpty()) {
            script += QStringLiteral("            case \"$prev\" in\n");
            if (!files.isEmpty())
                script +=
                    QStringLiteral("                %1) COMPREPLY=($(compgen -f -- \"$cur\")); return 0 ;;\n")
                        .arg(files.join(QLatin1Char('|')));
            if (!valued.isEmpty())
                script +=
                    QStringLiteral("                %1) return 0 ;;\n").arg(valued.join(QLatin1Char('|')));
            script += QStringLiteral("            esac\n");
        }
        script += QStringLiteral("            opts=\"%1\" ;;\n").arg(all.join(QLatin1Char(' ')));
    }
    script += QStringLiteral("        help) opts=\"--man $commands\" ;;\n"
                             "        completion) opts=\"bash\" ;;\n"
                             "    esac\n"
                             "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
                             "    return 0\n"
                             "}\n"
                             "complete -F _embedctl embedctl\n");
    return script;
}

} // namespace CliDocs

} // namespace ec
