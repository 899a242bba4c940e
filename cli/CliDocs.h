#pragma once
// embedctl's man page and bash completion, generated from the very parsers that print
// `embedctl <command> --help`: each command's QCommandLineParser (common options + its own) is
// built as for a run, and its help text is read back into OptionDoc entries. A new option
// therefore shows in --help, the man page and the completion at once; nothing to keep in step.

#include <QString>
#include <QStringList>
#include <QVector>

namespace ec {

/// One option as `--help` lists it.
struct OptionDoc
{
    QStringList names; ///< "-v", "--verbose"
    QString valueName; ///< "url" for `--db <url>`; empty for a flag
    QString description;
};

/// One page or section: a program or an embedctl command.
struct CommandDoc
{
    QString name;    ///< "run"
    QString summary; ///< one line
    QString usage;   ///< "embedctl run [options]"
    QVector<OptionDoc> options;
};

namespace CliDocs {

/// The options of a QCommandLineParser::helpText() (the "Options:" block, wrapped
/// descriptions joined).
QVector<OptionDoc> parseHelpText(const QString& helpText);

/// Man page embedctl(1): synopsis, the common options once, then one section per command with
/// its own options, exit codes, environment and files. `date` is "YYYY-MM-DD".
QString embedctlManPage(const QVector<CommandDoc>& commands, const QVector<OptionDoc>& common,
                        const QString& version, const QString& date);

/// Man page for one program from its help text (embedding-console(1)).
QString programManPage(const QString& program, const QString& summary, const QString& description,
                       const QVector<OptionDoc>& options, const QString& version, const QString& date);

/// A bash completion script for embedctl: the commands, then each command's options.
QString bashCompletion(const QVector<CommandDoc>& commands);

/// Text escaped for roff (backslashes, leading dots and quotes, hyphens of option names).
QString roffEscape(const QString& text);

} // namespace CliDocs

} // namespace ec
