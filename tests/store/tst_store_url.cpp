// DatabaseUrl and PgPass: parsing (libpq's own parser: URLs and key=value strings), validation,
// the options handed to the connection, password sources and redaction.
#include "store/Database.h"
#include "store/DatabaseUrl.h"
#include "store/PgPass.h"
#include "util/Secrets.h"

#include <libpq-fe.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace ec;

namespace {

/// The conninfo Qt's QPSQL driver builds from a DatabaseUrl (qsql_psql.cpp, Qt 6.4: the
/// fields quoted, the connect options appended with every ';' turned into a space), read back
/// by libpq: what the server would be asked for.
QMap<QString, QString> asLibpqReadsIt(const DatabaseUrl& url)
{
    QString conninfo;
    if (!url.host().isEmpty())
        conninfo += QStringLiteral("host=") + DatabaseUrl::quoteConninfoValue(url.host());
    if (!url.database().isEmpty())
        conninfo += QStringLiteral(" dbname=") + DatabaseUrl::quoteConninfoValue(url.database());
    if (!url.user().isEmpty())
        conninfo += QStringLiteral(" user=") + DatabaseUrl::quoteConninfoValue(url.user());
    if (!url.password.isEmpty())
        conninfo += QStringLiteral(" password=") + DatabaseUrl::quoteConninfoValue(url.password);
    conninfo += QLatin1Char(' ') +
                url.connectOptions(QStringLiteral("embedctl")).replace(QLatin1Char(';'), QLatin1Char(' '));
    QMap<QString, QString> values;
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.toUtf8().constData(), &error);
    if (!options) {
        values.insert(QStringLiteral("<error>"), QString::fromUtf8(error));
        PQfreemem(error);
        return values;
    }
    for (PQconninfoOption* o = options; o->keyword; ++o) {
        if (o->val)
            values.insert(QString::fromUtf8(o->keyword), QString::fromUtf8(o->val));
    }
    PQconninfoFree(options);
    return values;
}

} // namespace

class TestStoreUrl : public QObject
{
    Q_OBJECT

private:
    QProcessEnvironment cleanEnv() const
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("USER"), QStringLiteral("osuser"));
        env.insert(QStringLiteral("PGPASSFILE"), m_dir.filePath(QStringLiteral("absent.pgpass")));
        return env;
    }

    QString writePgPass(const QString& name, const QByteArray& content, QFile::Permissions permissions)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return QString();
        file.write(content);
        file.close();
        file.setPermissions(permissions);
        return path;
    }

    QTemporaryDir m_dir;

private Q_SLOTS:
    void sqliteAbsolutePath()
    {
        QString error;
        const auto url =
            DatabaseUrl::parse(QStringLiteral("sqlite:///var/data/catalog.db"), &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        QVERIFY(url->isSqlite());
        QCOMPARE(url->path, QStringLiteral("/var/data/catalog.db"));
        QCOMPARE(url->redacted(), QStringLiteral("sqlite:///var/data/catalog.db"));
    }

    void rejectsBadUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("empty") << QString() << QStringLiteral("empty");
        QTest::newRow("relative sqlite")
            << QStringLiteral("sqlite://catalog.db") << QStringLiteral("absolute");
        QTest::newRow("sqlite dir") << QStringLiteral("sqlite:///tmp/") << QStringLiteral("absolute");
        QTest::newRow("no scheme") << QStringLiteral("/tmp/catalog.db") << QStringLiteral("sqlite:///");
        QTest::newRow("mysql") << QStringLiteral("mysql://u@h/db") << QStringLiteral("unknown scheme");
        QTest::newRow("bad sslmode") << QStringLiteral("postgresql://u@h/db?sslmode=maybe")
                                     << QStringLiteral("sslmode");
        QTest::newRow("unknown option")
            << QStringLiteral("postgresql://u@h/db?pool=5") << QStringLiteral("\"pool\"");
        QTest::newRow("unknown keyword") << QStringLiteral("host=h pool=5") << QStringLiteral("\"pool\"");
        QTest::newRow("port zero") << QStringLiteral("postgresql://u@h:0/db") << QStringLiteral("port");
        QTest::newRow("second port") << QStringLiteral("postgresql://u@h1:5432,h2:99999/db")
                                     << QStringLiteral("port");
        QTest::newRow("keyword port") << QStringLiteral("host=h port=x") << QStringLiteral("port");
        QTest::newRow("missing =") << QStringLiteral("host=h port") << QStringLiteral("\"=\"");
        QTest::newRow("unterminated quote")
            << QStringLiteral("host=h options='-c x=1") << QStringLiteral("unterminated");
        QTest::newRow("bad discard_all")
            << QStringLiteral("postgresql://u@h/db?discard_all=maybe") << QStringLiteral("discard_all");
        QTest::newRow("bad connect_timeout") << QStringLiteral("postgresql://u@h/db?connect_timeout=soon")
                                             << QStringLiteral("connect_timeout");
        QTest::newRow("bad keepalives_idle")
            << QStringLiteral("host=h keepalives_idle=-1") << QStringLiteral("keepalives_idle");
        QTest::newRow("semicolon") << QStringLiteral("postgresql://u@h/db?options=-c%20search_path%3Da%3Bb")
                                   << QStringLiteral("';'");
    }
    void rejectsBadUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, mentions);
        QString error;
        QVERIFY(!DatabaseUrl::parse(url, &error, cleanEnv()));
        QVERIFY2(error.contains(mentions), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
        QVERIFY(error.startsWith(QLatin1String("invalid database URL")));
    }

    void postgresFullUrl()
    {
        QString error;
        const auto url = DatabaseUrl::parse(
            QStringLiteral(
                "postgresql://alice:s%40cret%3Apw@db.example:6543/catalog?sslmode=require&connect_timeout=3"),
            &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        QVERIFY(url->isPostgres());
        QCOMPARE(url->user(), QStringLiteral("alice"));
        QCOMPARE(url->password, QStringLiteral("s@cret:pw"));
        QCOMPARE(url->passwordSource, DatabaseUrl::PasswordSource::Url);
        QCOMPARE(url->host(), QStringLiteral("db.example"));
        QCOMPARE(url->port(), 6543);
        QCOMPARE(url->database(), QStringLiteral("catalog"));
        QCOMPARE(url->sslmode(), QStringLiteral("require"));
        QCOMPARE(url->connectTimeoutSeconds(), 3);
        QVERIFY(!url->redacted().contains(QLatin1String("s@cret")));
        QVERIFY(!url->redacted().contains(QLatin1String("cret")));
        QVERIFY(url->redacted().contains(QLatin1String("***")));
        const QString options = url->connectOptions(QStringLiteral("embedding-console"));
        QVERIFY(options.contains(QLatin1String("sslmode='require'")));
        QVERIFY(options.contains(QLatin1String("fallback_application_name='embedding-console'")));
        QVERIFY(!options.contains(QLatin1String("cret")));
    }

    void postgresDefaults()
    {
        QString error;
        const auto url = DatabaseUrl::parse(QStringLiteral("postgres://db.example"), &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->port(), 5432);
        QCOMPARE(url->effectiveUser(), QStringLiteral("osuser"));
        QCOMPARE(url->effectiveDatabase(), QStringLiteral("osuser"));
        QCOMPARE(url->passwordSource, DatabaseUrl::PasswordSource::None);
        QVERIFY(url->password.isEmpty());
    }

    void errorsNeverShowThePassword()
    {
        QString error;
        QVERIFY(!DatabaseUrl::parse(QStringLiteral("postgresql://u:hunter2secret@h:notaport/db"), &error,
                                    cleanEnv()));
        QVERIFY(!error.isEmpty());
        QVERIFY2(!error.contains(QLatin1String("hunter2")), qPrintable(error));
        QVERIFY(!DatabaseUrl::parse(QStringLiteral("postgresql://u:hunter2secret@h/db?sslmode=x"), &error,
                                    cleanEnv()));
        QVERIFY2(!error.contains(QLatin1String("hunter2")), qPrintable(error));
    }

    void passwordFromEnvironment()
    {
        QProcessEnvironment env = cleanEnv();
        env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("from-env"));
        QString error;
        auto url = DatabaseUrl::parse(QStringLiteral("postgresql://bob@h/db"), &error, env);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->password, QStringLiteral("from-env"));
        QCOMPARE(url->passwordSource, DatabaseUrl::PasswordSource::Environment);
        QVERIFY(!url->redacted().contains(QLatin1String("from-env")));
        // The URL's own password wins.
        url = DatabaseUrl::parse(QStringLiteral("postgresql://bob:inurl@h/db"), &error, env);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->password, QStringLiteral("inurl"));
    }

    void pgpassLineSplitting()
    {
        QCOMPARE(PgPass::splitLine(QStringLiteral("h:5432:db:u:pw")),
                 (QStringList{QStringLiteral("h"), QStringLiteral("5432"), QStringLiteral("db"),
                              QStringLiteral("u"), QStringLiteral("pw")}));
        QCOMPARE(PgPass::splitLine(QStringLiteral("h\\:x:*:db:u:p\\\\w:with:colons")).value(0),
                 QStringLiteral("h:x"));
        QCOMPARE(PgPass::splitLine(QStringLiteral("h\\:x:*:db:u:p\\\\w:with:colons")).value(4),
                 QStringLiteral("p\\w:with:colons"));
        QVERIFY(PgPass::splitLine(QStringLiteral("# h:1:d:u:p")).isEmpty());
        QVERIFY(PgPass::splitLine(QStringLiteral("h:1:d:u")).isEmpty());
    }

    void pgpassLookup()
    {
        const QString path = writePgPass(QStringLiteral("lookup.pgpass"),
                                         "# comment line\n"
                                         "other:5432:*:*:wrong-host\n"
                                         "db.example:6543:catalog:alice:exact\n"
                                         "db.example:*:*:alice:any-port-db\n"
                                         "*:*:*:*:fallback\n",
                                         QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(PgPass::lookup(path, QStringLiteral("db.example"), 6543, QStringLiteral("catalog"),
                                QStringLiteral("alice")),
                 std::optional<QString>(QStringLiteral("exact")));
        QCOMPARE(PgPass::lookup(path, QStringLiteral("db.example"), 5432, QStringLiteral("other"),
                                QStringLiteral("alice")),
                 std::optional<QString>(QStringLiteral("any-port-db")));
        QCOMPARE(PgPass::lookup(path, QStringLiteral("elsewhere"), 5432, QStringLiteral("x"),
                                QStringLiteral("bob")),
                 std::optional<QString>(QStringLiteral("fallback")));
        // An empty host is the local socket, looked up as localhost.
        const QString local = writePgPass(QStringLiteral("local.pgpass"), "localhost:5432:*:*:socket\n",
                                          QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(PgPass::lookup(local, QString(), 5432, QStringLiteral("d"), QStringLiteral("u")),
                 std::optional<QString>(QStringLiteral("socket")));
        QVERIFY(
            !PgPass::lookup(local, QStringLiteral("remote"), 5432, QStringLiteral("d"), QStringLiteral("u")));
    }

    void pgpassTooOpenIsIgnored()
    {
        const QString path =
            writePgPass(QStringLiteral("open.pgpass"), "*:*:*:*:visible\n",
                        QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("group or world access")));
        QVERIFY(!PgPass::lookup(path, QStringLiteral("h"), 5432, QStringLiteral("d"), QStringLiteral("u")));
    }

    void pgpassThroughUrl()
    {
        const QString path = writePgPass(QStringLiteral("url.pgpass"), "h:5433:shop:carol:from\\:file\n",
                                         QFile::ReadOwner | QFile::WriteOwner);
        QProcessEnvironment env = cleanEnv();
        env.insert(QStringLiteral("PGPASSFILE"), path);
        QString error;
        auto url = DatabaseUrl::parse(QStringLiteral("postgresql://carol@h:5433/shop"), &error, env);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->password, QStringLiteral("from:file"));
        QCOMPARE(url->passwordSource, DatabaseUrl::PasswordSource::PasswordFile);
        QVERIFY(!url->redacted().contains(QLatin1String("file")));
        // PGPASSWORD comes before the file.
        env.insert(QStringLiteral("PGPASSWORD"), QStringLiteral("env-first"));
        url = DatabaseUrl::parse(QStringLiteral("postgresql://carol@h:5433/shop"), &error, env);
        QCOMPARE(url->password, QStringLiteral("env-first"));
        QCOMPARE(PgPass::defaultPath(env), path);
    }

    void acceptedForms_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("extraKey");
        QTest::addColumn<QString>("extraValue");
        QTest::newRow("postgres scheme")
            << QStringLiteral("postgres://u@h/db") << QStringLiteral("h") << 5432 << QStringLiteral("db")
            << QStringLiteral("u") << QString() << QString();
        QTest::newRow("scheme case") << QStringLiteral("PostgreSQL://u@h:6000/db") << QStringLiteral("h")
                                     << 6000 << QStringLiteral("db") << QStringLiteral("u") << QString()
                                     << QString();
        QTest::newRow("multi-host")
            << QStringLiteral("postgresql://u@h1:5433,h2:5434/db?target_session_attrs=read-write")
            << QStringLiteral("h1,h2") << 5433 << QStringLiteral("db") << QStringLiteral("u")
            << QStringLiteral("target_session_attrs") << QStringLiteral("read-write");
        QTest::newRow("socket dir") << QStringLiteral("postgresql:///db?host=/var/run/postgresql")
                                    << QStringLiteral("/var/run/postgresql") << 5432 << QStringLiteral("db")
                                    << QString() << QString() << QString();
        QTest::newRow("ipv6") << QStringLiteral("postgresql://[::1]:6543/db") << QStringLiteral("::1") << 6543
                              << QStringLiteral("db") << QString() << QString() << QString();
        QTest::newRow("service") << QStringLiteral("postgresql://?service=catalog") << QString() << 5432
                                 << QString() << QString() << QStringLiteral("service")
                                 << QStringLiteral("catalog");
        QTest::newRow("options")
            << QStringLiteral(
                   "postgresql://u@h/db?options=-c%20statement_timeout%3D5000&application_name=probe")
            << QStringLiteral("h") << 5432 << QStringLiteral("db") << QStringLiteral("u")
            << QStringLiteral("options") << QStringLiteral("-c statement_timeout=5000");
        QTest::newRow("sslmode and certificates")
            << QStringLiteral(
                   "postgresql://u@h/db?sslmode=verify-full&sslrootcert=/etc/ca.pem&sslcert=/c.pem&"
                   "sslkey=/k.pem")
            << QStringLiteral("h") << 5432 << QStringLiteral("db") << QStringLiteral("u")
            << QStringLiteral("sslrootcert") << QStringLiteral("/etc/ca.pem");
        QTest::newRow("key=value") << QStringLiteral(
                                          "host=h port=6543 dbname=catalog user=alice sslmode=require")
                                   << QStringLiteral("h") << 6543 << QStringLiteral("catalog")
                                   << QStringLiteral("alice") << QStringLiteral("sslmode")
                                   << QStringLiteral("require");
        QTest::newRow("key=value quoted")
            << QStringLiteral(
                   "host = h dbname='my db' options='-c statement_timeout=5000' keepalives_idle=30")
            << QStringLiteral("h") << 5432 << QStringLiteral("my db") << QString()
            << QStringLiteral("options") << QStringLiteral("-c statement_timeout=5000");
        QTest::newRow("key=value service")
            << QStringLiteral("service=catalog") << QString() << 5432 << QString() << QString()
            << QStringLiteral("service") << QStringLiteral("catalog");
    }
    void acceptedForms()
    {
        QFETCH(QString, text);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(QString, database);
        QFETCH(QString, user);
        QFETCH(QString, extraKey);
        QFETCH(QString, extraValue);
        QString error;
        const auto url = DatabaseUrl::parse(text, &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        QVERIFY(url->isPostgres());
        QCOMPARE(url->host(), host);
        QCOMPARE(url->port(), port);
        QCOMPARE(url->database(), database);
        QCOMPARE(url->user(), user);
        if (!extraKey.isEmpty())
            QCOMPARE(url->parameter(extraKey), extraValue);
        // What libpq is asked for is what the URL said.
        const auto asked = asLibpqReadsIt(*url);
        QVERIFY2(!asked.contains(QStringLiteral("<error>")),
                 qPrintable(asked.value(QStringLiteral("<error>"))));
        for (const auto& [key, value] : url->parameters)
            QCOMPARE(asked.value(key), value);
        // The redacted form reads back the same (and is a URL even for a key=value string).
        const auto again = DatabaseUrl::parse(url->redacted(), &error, cleanEnv());
        QVERIFY2(again, qPrintable(url->redacted() + QStringLiteral(": ") + error));
        QCOMPARE(again->parameters, url->parameters);
    }

    void optionsWithSpacesSurviveQt()
    {
        QString error;
        const auto url = DatabaseUrl::parse(
            QStringLiteral("postgresql://u:p%27w%5C%3Bd@h/db?options=-c%20statement_timeout%3D5000%20-c%20"
                           "lock_timeout%3D'2s'&application_name=it%27s%20me"),
            &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        const auto asked = asLibpqReadsIt(*url);
        QCOMPARE(asked.value(QStringLiteral("options")),
                 QStringLiteral("-c statement_timeout=5000 -c lock_timeout='2s'"));
        QCOMPARE(asked.value(QStringLiteral("application_name")), QStringLiteral("it's me"));
        QCOMPARE(asked.value(QStringLiteral("password")), QStringLiteral("p'w\\;d"));
        QCOMPARE(url->applicationName(QStringLiteral("embedctl")), QStringLiteral("it's me"));
    }

    void defaultsUnlessTheUrlSetsThem()
    {
        QString error;
        auto url = DatabaseUrl::parse(QStringLiteral("postgresql://u@h/db"), &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        auto asked = asLibpqReadsIt(*url);
        QCOMPARE(asked.value(QStringLiteral("connect_timeout")), QStringLiteral("10"));
        QCOMPARE(asked.value(QStringLiteral("keepalives")), QStringLiteral("1"));
        QCOMPARE(asked.value(QStringLiteral("keepalives_idle")), QStringLiteral("10"));
        QCOMPARE(asked.value(QStringLiteral("keepalives_interval")), QStringLiteral("5"));
        QCOMPARE(asked.value(QStringLiteral("keepalives_count")), QStringLiteral("3"));
        QCOMPARE(asked.value(QStringLiteral("fallback_application_name")), QStringLiteral("embedctl"));
        QVERIFY(!asked.contains(QStringLiteral("application_name")));
        QCOMPARE(url->connectTimeoutSeconds(), 10);
        QCOMPARE(url->applicationName(QStringLiteral("embedctl")), QStringLiteral("embedctl"));

        url = DatabaseUrl::parse(
            QStringLiteral("host=h keepalives=0 keepalives_idle=60 connect_timeout=2 application_name=probe"),
            &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        asked = asLibpqReadsIt(*url);
        QCOMPARE(asked.value(QStringLiteral("keepalives")), QStringLiteral("0"));
        QCOMPARE(asked.value(QStringLiteral("keepalives_idle")), QStringLiteral("60"));
        QCOMPARE(asked.value(QStringLiteral("connect_timeout")), QStringLiteral("2"));
        QCOMPARE(asked.value(QStringLiteral("application_name")), QStringLiteral("probe"));
        QCOMPARE(url->connectTimeoutSeconds(), 2);
        QCOMPARE(url->connectOptions(QStringLiteral("x")).count(QStringLiteral("keepalives_idle=")), 1);
    }

    void discardAllIsOurs()
    {
        QString error;
        auto url = DatabaseUrl::parse(QStringLiteral("postgresql://u@h/db?discard_all=1&sslmode=disable"),
                                      &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->discardAll, DatabaseUrl::DiscardAll::Always);
        QVERIFY(!url->hasParameter(QStringLiteral("discard_all")));
        QCOMPARE(url->sslmode(), QStringLiteral("disable"));
        url = DatabaseUrl::parse(QStringLiteral("postgresql://u@h/db?discard_all=0"), &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->discardAll, DatabaseUrl::DiscardAll::Never);
        url = DatabaseUrl::parse(QStringLiteral("host=h discard_all = 'off' dbname=d"), &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->discardAll, DatabaseUrl::DiscardAll::Never);
        QCOMPARE(url->database(), QStringLiteral("d"));
        QVERIFY(!url->connectOptions(QString()).contains(QLatin1String("discard_all")));
    }

    void serviceAndMultiHostLeaveThePasswordFileToLibpq()
    {
        const QString path = writePgPass(QStringLiteral("svc.pgpass"), "*:*:*:*:from-file\n",
                                         QFile::ReadOwner | QFile::WriteOwner);
        QProcessEnvironment env = cleanEnv();
        env.insert(QStringLiteral("PGPASSFILE"), path);
        QString error;
        auto url = DatabaseUrl::parse(QStringLiteral("postgresql://u@h/db"), &error, env);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->passwordSource, DatabaseUrl::PasswordSource::PasswordFile);
        url = DatabaseUrl::parse(QStringLiteral("service=catalog"), &error, env);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->passwordSource, DatabaseUrl::PasswordSource::None);
        QCOMPARE(url->location(), QStringLiteral("service \"catalog\""));
        url = DatabaseUrl::parse(QStringLiteral("postgresql://u@h1,h2:5433/db"), &error, env);
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->passwordSource, DatabaseUrl::PasswordSource::None);
        QCOMPARE(url->location(), QStringLiteral("h1:5432,h2:5433/db")); // libpq: h1 on the default port
    }

    void passwordNeverInRedacted_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("url") << QStringLiteral("postgresql://alice:Hunter2pw@h/db");
        QTest::newRow("query") << QStringLiteral(
            "postgresql://alice@h/db?password=Hunter2pw&sslmode=require");
        QTest::newRow("multi-host") << QStringLiteral("postgresql://alice:Hunter2pw@h1:5432,h2:5433/db");
        QTest::newRow("key=value") << QStringLiteral("host=h user=alice password='Hunter2pw' dbname=db");
        QTest::newRow("sslpassword") << QStringLiteral("postgresql://alice@h/db?sslpassword=Hunter2pw");
    }
    void passwordNeverInRedacted()
    {
        QFETCH(QString, text);
        QString error;
        const auto url = DatabaseUrl::parse(text, &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        QVERIFY2(!url->redacted().contains(QLatin1String("Hunter2")), qPrintable(url->redacted()));
        QVERIFY2(url->redacted().contains(QLatin1String("***")), qPrintable(url->redacted()));
        QVERIFY(!url->location().contains(QLatin1String("Hunter2")));
        QVERIFY(!url->connectOptions(QString()).contains(QLatin1String("Hunter2")) ||
                text.contains(QLatin1String("sslpassword")));
        // The text helpers used for saved settings and printed URLs agree.
        QVERIFY2(!redactUrl(text).contains(QLatin1String("Hunter2")), qPrintable(redactUrl(text)));
        if (!text.contains(QLatin1String("sslpassword")) && !text.contains(QLatin1String("?password"))) {
            QCOMPARE(databaseUrlPassword(text), QStringLiteral("Hunter2pw"));
            QVERIFY2(!withoutDatabasePassword(text).contains(QLatin1String("Hunter2")),
                     qPrintable(withoutDatabasePassword(text)));
        }
    }

    void libpqErrorsNeverShowThePassword_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("bad percent in password") << QStringLiteral("postgresql://u:Hunter2%zzpw@h/db");
        QTest::newRow("bad percent query") << QStringLiteral("postgresql://u@h/db?password=Hunter2%zz");
        QTest::newRow("unterminated") << QStringLiteral("host=h password='Hunter2pw");
        QTest::newRow("no =") << QStringLiteral("host=h password Hunter2pw");
        QTest::newRow("bad port") << QStringLiteral("host=h password=Hunter2pw port=x");
    }
    void libpqErrorsNeverShowThePassword()
    {
        QFETCH(QString, text);
        QString error;
        QVERIFY(!DatabaseUrl::parse(text, &error, cleanEnv()));
        QVERIFY(error.startsWith(QLatin1String("invalid database URL")));
        QVERIFY2(!error.contains(QLatin1String("Hunter2")), qPrintable(error));
        QVERIFY(!error.contains(QLatin1Char('\n')));
    }

    void connectErrorsAreOneLine_data()
    {
        QTest::addColumn<QString>("driverText");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("refused") << QStringLiteral(
                                        "connection to server at \"127.0.0.1\", port 1 failed: Connection "
                                        "refused\n\tIs the server running on that host?\n")
                                 << QStringLiteral("connection refused");
        QTest::newRow("auth") << QStringLiteral(
                                     "connection to server failed: FATAL:  password authentication failed "
                                     "for user \"u\"\n")
                              << QStringLiteral("authentication failed");
        QTest::newRow("db") << QStringLiteral("FATAL:  database \"nope\" does not exist\n")
                            << QStringLiteral("does not exist");
    }
    void connectErrorsAreOneLine()
    {
        QFETCH(QString, driverText);
        QFETCH(QString, mentions);
        const auto url = DatabaseUrl::parse(QStringLiteral("postgresql://u:topsecret@127.0.0.1:1/nope"),
                                            nullptr, cleanEnv());
        QVERIFY(url);
        const QString message = DatabaseConnection::describeConnectError(*url, driverText);
        QVERIFY2(message.contains(mentions), qPrintable(message));
        QVERIFY(!message.contains(QLatin1Char('\n')));
        QVERIFY(!message.contains(QLatin1String("topsecret")));
    }
};

QTEST_GUILESS_MAIN(TestStoreUrl)
#include "tst_store_url.moc"
