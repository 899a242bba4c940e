// DatabaseUrl and PgPass: parsing, validation, password sources and redaction.
#include "store/Database.h"
#include "store/DatabaseUrl.h"
#include "store/PgPass.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace ec;

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
            << QStringLiteral("postgresql://u@h/db?pool=5") << QStringLiteral("unknown option");
        QTest::newRow("path") << QStringLiteral("postgresql://u@h/db/extra")
                              << QStringLiteral("database name");
        QTest::newRow("port zero") << QStringLiteral("postgresql://u@h:0/db") << QStringLiteral("port");
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
        QCOMPARE(url->user, QStringLiteral("alice"));
        QCOMPARE(url->password, QStringLiteral("s@cret:pw"));
        QCOMPARE(url->passwordSource, DatabaseUrl::PasswordSource::Url);
        QCOMPARE(url->host, QStringLiteral("db.example"));
        QCOMPARE(url->port, 6543);
        QCOMPARE(url->database, QStringLiteral("catalog"));
        QCOMPARE(url->sslmode, QStringLiteral("require"));
        QCOMPARE(url->connectTimeoutSeconds, 3);
        QVERIFY(!url->redacted().contains(QLatin1String("s@cret")));
        QVERIFY(!url->redacted().contains(QLatin1String("cret")));
        QVERIFY(url->redacted().contains(QLatin1String("***")));
        const QString options = url->connectOptions(QStringLiteral("embedding-console"));
        QVERIFY(options.contains(QLatin1String("sslmode=require")));
        QVERIFY(options.contains(QLatin1String("application_name=embedding-console")));
        QVERIFY(!options.contains(QLatin1String("cret")));
    }

    void postgresDefaults()
    {
        QString error;
        const auto url = DatabaseUrl::parse(QStringLiteral("postgres://db.example"), &error, cleanEnv());
        QVERIFY2(url, qPrintable(error));
        QCOMPARE(url->port, 5432);
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
