// The man page and the bash completion are generated from the parsers behind --help: every
// option any `embedctl <command> --help` lists must appear in the command's section of
// embedctl(1) and in the command's completion. The options are read from --help here with a
// parser of the test's own, not CliDocs'.
#include "RunSession.h"
#include "config/AppConfig.h"
#include "ops/PrometheusExposition.h"

#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace ec;

namespace {

struct Output
{
    int exitCode = -1;
    QString out;
    QString err;
};

Output embedctl(const QStringList& arguments, const QByteArray& input = QByteArray())
{
    QProcess process;
    process.start(QStringLiteral(EC_EMBEDCTL), arguments);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    Output result;
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("timed out");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

/// The commands `embedctl --help` lists (help and completion left out).
QStringList commands()
{
    const Output usage = embedctl({QStringLiteral("--help")});
    QStringList names;
    bool inList = false;
    for (const QString& line : usage.out.split(QLatin1Char('\n'))) {
        if (line == QLatin1String("Commands:")) {
            inList = true;
            continue;
        }
        if (inList && line.trimmed().isEmpty())
            break;
        if (inList) {
            const QString name = line.trimmed().section(QLatin1Char(' '), 0, 0);
            if (name != QLatin1String("help") && name != QLatin1String("completion"))
                names << name;
        }
    }
    return names;
}

/// Every "--long" and "-s" option name of a --help text's option block.
QStringList helpOptions(const QString& help)
{
    QStringList names;
    static const QRegularExpression optionLine(QStringLiteral("^  (-[^ ,]+(?:, -[^ ,]+)?)"));
    for (const QString& line : help.split(QLatin1Char('\n'))) {
        const auto match = optionLine.match(line);
        if (!match.hasMatch())
            continue;
        for (QString name : match.captured(1).split(QStringLiteral(", ")))
            names << name.remove(QLatin1Char(','));
    }
    return names;
}

/// The roff text of one `.SH` section of a man page.
QString manSection(const QString& page, const QString& heading)
{
    const int start = page.indexOf(QStringLiteral(".SH ") + heading + QLatin1Char('\n'));
    if (start < 0)
        return QString();
    const int end = page.indexOf(QStringLiteral("\n.SH "), start + 1);
    return page.mid(start, end < 0 ? -1 : end - start);
}

QString roff(const QString& option)
{
    return QString(option).replace(QLatin1Char('-'), QLatin1String("\\-"));
}

} // namespace

class TestCliDocs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyHelpOptionIsInManPageAndCompletion()
    {
        const QStringList names = commands();
        QVERIFY2(names.size() >= 10, qPrintable(names.join(QLatin1Char(' '))));
        QVERIFY(names.contains(QStringLiteral("run")));
        const Output man = embedctl({QStringLiteral("help"), QStringLiteral("--man")});
        QCOMPARE(man.exitCode, 0);
        const Output completion = embedctl({QStringLiteral("completion"), QStringLiteral("bash")});
        QCOMPARE(completion.exitCode, 0);
        const QString common = manSection(man.out, QStringLiteral("COMMON OPTIONS"));
        QVERIFY(!common.isEmpty());
        int checked = 0;
        for (const QString& command : names) {
            const Output help = embedctl({command, QStringLiteral("--help")});
            QCOMPARE(help.exitCode, 0);
            const QStringList options = helpOptions(help.out);
            QVERIFY2(options.contains(QStringLiteral("--db")), qPrintable(command));
            const QString section =
                manSection(man.out, QStringLiteral("\"EMBEDCTL %1\"").arg(roff(command.toUpper())));
            QVERIFY2(!section.isEmpty(), qPrintable(QStringLiteral("no man section for ") + command));
            // The command's case in the completion: "        run)\n … opts=\"…\" ;;"
            const int caseStart = completion.out.indexOf(QStringLiteral("\n        %1)\n").arg(command));
            QVERIFY2(caseStart >= 0, qPrintable(QStringLiteral("no completion for ") + command));
            const int optsStart = completion.out.indexOf(QStringLiteral("opts=\""), caseStart);
            const QStringList completed =
                completion.out
                    .mid(optsStart + 6,
                         completion.out.indexOf(QLatin1Char('"'), optsStart + 6) - optsStart - 6)
                    .split(QLatin1Char(' '));
            for (const QString& option : options) {
                const QString label = QStringLiteral("\\fB%1\\fR").arg(roff(option));
                QVERIFY2(section.contains(label) || common.contains(label),
                         qPrintable(QStringLiteral("%1 %2 is not in embedctl(1)").arg(command, option)));
                QVERIFY2(completed.contains(option),
                         qPrintable(QStringLiteral("%1 %2 is not in the completion").arg(command, option)));
                ++checked;
            }
            // Nothing in the completion that --help does not list.
            for (const QString& option : completed)
                QVERIFY2(options.contains(option),
                         qPrintable(QStringLiteral("%1: completion offers %2").arg(command, option)));
        }
        QVERIFY(checked > 100);
    }

    void manPagesRenderWithoutWarnings()
    {
        const QString groff = QStandardPaths::findExecutable(QStringLiteral("groff"));
        if (groff.isEmpty())
            QSKIP("groff is not installed");
        QList<QStringList> pages{{QStringLiteral("help"), QStringLiteral("--man")},
                                 {QStringLiteral("help"), QStringLiteral("--man"), QStringLiteral("run")}};
        for (const QStringList& arguments : pages) {
            const Output man = embedctl(arguments);
            QCOMPARE(man.exitCode, 0);
            QProcess render;
            render.start(groff, {QStringLiteral("-man"), QStringLiteral("-Tutf8"), QStringLiteral("-ww"),
                                 QStringLiteral("-z")});
            render.write(man.out.toUtf8());
            render.closeWriteChannel();
            QVERIFY(render.waitForFinished(30000));
            const QString warnings = QString::fromUtf8(render.readAllStandardError());
            QVERIFY2(warnings.isEmpty(), qPrintable(warnings));
            QCOMPARE(render.exitCode(), 0);
        }
    }

    void completionWorksInBash()
    {
        const QString bash = QStandardPaths::findExecutable(QStringLiteral("bash"));
        if (bash.isEmpty())
            QSKIP("bash is not installed");
        const Output completion = embedctl({QStringLiteral("completion"), QStringLiteral("bash")});
        QTemporaryDir dir;
        QFile script(dir.filePath(QStringLiteral("embedctl")));
        QVERIFY(script.open(QIODevice::WriteOnly));
        script.write(completion.out.toUtf8());
        script.close();
        QProcess shell;
        shell.start(bash, {QStringLiteral("-c"),
                           QStringLiteral(". '%1'; COMP_WORDS=(embedctl run --metrics-p); COMP_CWORD=2; "
                                          "_embedctl; echo \"${COMPREPLY[*]}\"; "
                                          "COMP_WORDS=(embedctl du); COMP_CWORD=1; _embedctl; "
                                          "echo \"${COMPREPLY[*]}\"")
                               .arg(script.fileName())});
        QVERIFY(shell.waitForFinished(30000));
        QCOMPARE(QString::fromUtf8(shell.readAllStandardError()), QString());
        QCOMPARE(QString::fromUtf8(shell.readAllStandardOutput()), QStringLiteral("--metrics-port\ndupes\n"));
    }

    void consolePageFromItsHelp()
    {
        const QByteArray help = "Usage: embedding-console [options]\n"
                                "Embedding Console: the operator's desktop console.\n\n"
                                "Options:\n"
                                "  -h, --help          Displays help on commandline options.\n"
                                "  --lang <ko|en>      Interface language: ko or en.\n"
                                "  --demo              Work on a temporary demo catalog with the built-in\n"
                                "                      simulator.\n";
        const Output man = embedctl(
            {QStringLiteral("help"), QStringLiteral("--man-from-help"), QStringLiteral("embedding-console")},
            help);
        QCOMPARE(man.exitCode, 0);
        QVERIFY(man.out.contains(QStringLiteral(".TH EMBEDDING\\-CONSOLE 1")));
        QVERIFY(man.out.contains(QStringLiteral("embedding\\-console \\- the operator's desktop console\n")));
        QVERIFY(man.out.contains(QStringLiteral("\\fB\\-\\-lang\\fR \\fIko|en\\fR\nInterface language")));
        QVERIFY(man.out.contains(
            QStringLiteral("Work on a temporary demo catalog with the built\\-in simulator.")));
    }

    void versionNamesCommitAndQt()
    {
        const Output version = embedctl({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        const QStringList lines = version.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3);
        QVERIFY2(
            QRegularExpression(QStringLiteral("^embedctl \\d+\\.\\d+\\.\\d+$")).match(lines[0]).hasMatch(),
            qPrintable(lines[0]));
        QVERIFY2(QRegularExpression(QStringLiteral("^git commit ([0-9a-f]{12}(-dirty)?|unknown)$"))
                     .match(lines[1])
                     .hasMatch(),
                 qPrintable(lines[1]));
        QVERIFY2(lines[2].startsWith(QStringLiteral("Qt %1 ").arg(QString::fromLatin1(qVersion()))),
                 qPrintable(lines[2]));
    }

    void unknownHelpTopicFails()
    {
        const Output help = embedctl({QStringLiteral("help"), QStringLiteral("no-such-command")});
        QCOMPARE(help.exitCode, 1);
        QVERIFY(help.err.contains(QStringLiteral("unknown command")));
        QCOMPARE(embedctl({QStringLiteral("completion"), QStringLiteral("zsh")}).exitCode, 1);
    }

    void apiKeyFromSystemdCredentials()
    {
        QTemporaryDir credentials;
        QFile key(credentials.filePath(QStringLiteral("openai-api-key")));
        QVERIFY(key.open(QIODevice::WriteOnly));
        key.write("sk-from-credential\n");
        key.close();
        QProcessEnvironment env;
        env.insert(QStringLiteral("OPENAI_API_KEY"), QStringLiteral("sk-from-environment"));
        env.insert(QStringLiteral("CREDENTIALS_DIRECTORY"), credentials.path());
        AppConfig config;
        config.applyEnvironment(env);
        QCOMPARE(config.api.apiKey, QStringLiteral("sk-from-credential"));
        QVERIFY(config.secrets().contains(QStringLiteral("sk-from-credential")));

        // No credential file: the environment's key stays.
        QTemporaryDir empty;
        env.insert(QStringLiteral("CREDENTIALS_DIRECTORY"), empty.path());
        AppConfig fallback;
        fallback.applyEnvironment(env);
        QCOMPARE(fallback.api.apiKey, QStringLiteral("sk-from-environment"));
    }

    void workerLabelOnEverySample()
    {
        const QByteArray text = "# HELP a_total A.\n# TYPE a_total counter\na_total 3\n"
                                "b{reason=\"missing\"} 1\nc_bucket{le=\"+Inf\"} 2\nd{} 4\n";
        QCOMPARE(
            PrometheusExposition::withLabel(text, "worker", QStringLiteral("db1-\"2\"")),
            QByteArray("# HELP a_total A.\n# TYPE a_total counter\na_total{worker=\"db1-\\\"2\\\"\"} 3\n"
                       "b{worker=\"db1-\\\"2\\\"\",reason=\"missing\"} 1\n"
                       "c_bucket{worker=\"db1-\\\"2\\\"\",le=\"+Inf\"} 2\nd{worker=\"db1-\\\"2\\\"\"} 4\n"));
    }

    void intervals()
    {
        QCOMPARE(RunSession::parseInterval(QStringLiteral("60s")), 60000);
        QCOMPARE(RunSession::parseInterval(QStringLiteral("90")), 90000);
        QCOMPARE(RunSession::parseInterval(QStringLiteral("5m")), 300000);
        QCOMPARE(RunSession::parseInterval(QStringLiteral("1h")), 3600000);
        QCOMPARE(RunSession::parseInterval(QStringLiteral("250ms")), 250);
        QCOMPARE(RunSession::parseInterval(QStringLiteral("1.5s")), 1500);
        QCOMPARE(RunSession::parseInterval(QStringLiteral("0s")), 0);
        QCOMPARE(RunSession::parseInterval(QStringLiteral("-1s")), 0);
        QCOMPARE(RunSession::parseInterval(QStringLiteral("soon")), 0);
        QCOMPARE(RunSession::parseInterval(QStringLiteral("2d")), 0);
    }
};

QTEST_GUILESS_MAIN(TestCliDocs)
#include "tst_cli_docs.moc"
