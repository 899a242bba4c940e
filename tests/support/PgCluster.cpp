#include "PgCluster.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QFile>
#include <QProcessEnvironment>
#include <QUrl>

#include <libpq-fe.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ec::test {

namespace {

QString readFile(const QString& path)
{
    QFile file(path);
    if (path.isEmpty() || !file.open(QIODevice::ReadOnly))
        return QString();
    return QString::fromUtf8(file.readAll()).trimmed();
}

QString fixtureFile(const char* envName, const QString& fallbackDir, const QString& name)
{
    const QString env = QProcessEnvironment::systemEnvironment().value(QString::fromLatin1(envName));
    const QString urlFile =
        env.isEmpty() ? QStringLiteral(EC_BINARY_DIR) + fallbackDir + QStringLiteral("/url") : env;
    if (name == QLatin1String("url"))
        return urlFile;
    return urlFile.left(urlFile.lastIndexOf(QLatin1Char('/')) + 1) + name;
}

struct Connection
{
    PGconn* conn = nullptr;
    ~Connection()
    {
        if (conn)
            PQfinish(conn);
    }
};

bool connect(Connection& c, const QString& url, QString* error)
{
    c.conn = PQconnectdb(url.toUtf8().constData());
    if (PQstatus(c.conn) != CONNECTION_OK) {
        if (error)
            *error = QString::fromUtf8(PQerrorMessage(c.conn)).trimmed();
        return false;
    }
    // PGlite keeps prepared statements across sessions; harmless elsewhere.
    PQclear(PQexec(c.conn, "DISCARD ALL"));
    return true;
}

} // namespace

QString PgCluster::url()
{
    return readFile(fixtureFile("EC_PG_URL_FILE", QStringLiteral("/pg-test"), QStringLiteral("url")));
}

QString PgCluster::authUrl()
{
    return readFile(fixtureFile("EC_PG_URL_FILE", QStringLiteral("/pg-test"), QStringLiteral("auth_url")));
}

QString PgCluster::authPassword()
{
    return readFile(
        fixtureFile("EC_PG_URL_FILE", QStringLiteral("/pg-test"), QStringLiteral("auth_password")));
}

int PgCluster::port()
{
    const QString u = url();
    return u.isEmpty() ? 0 : QUrl(u).port();
}

QString PgCluster::pgliteUrl()
{
    return readFile(fixtureFile("EC_PGLITE_URL_FILE", QStringLiteral("/pglite-test"), QStringLiteral("url")));
}

QString PgCluster::withDatabase(const QString& url, const QString& database)
{
    QUrl u(url);
    u.setPath(QLatin1Char('/') + database);
    return u.toString();
}

QString PgCluster::uniqueName(const QString& prefix)
{
    static QAtomicInteger<int> counter(0);
    return QStringLiteral("%1_%2_%3")
        .arg(prefix.toLower())
        .arg(QCoreApplication::applicationPid())
        .arg(counter.fetchAndAddRelaxed(1) + 1);
}

bool PgCluster::exec(const QString& url, const QString& sql, QString* error)
{
    Connection c;
    if (!connect(c, url, error))
        return false;
    PGresult* result = PQexec(c.conn, sql.toUtf8().constData());
    const ExecStatusType status = PQresultStatus(result);
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    if (!ok && error)
        *error = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
    PQclear(result);
    return ok;
}

std::optional<QStringList> PgCluster::queryRow(const QString& url, const QString& sql, QString* error)
{
    Connection c;
    if (!connect(c, url, error))
        return std::nullopt;
    PGresult* result = PQexec(c.conn, sql.toUtf8().constData());
    if (PQresultStatus(result) != PGRES_TUPLES_OK || PQntuples(result) < 1) {
        if (error)
            *error = QString::fromUtf8(PQresultErrorMessage(result)).trimmed();
        PQclear(result);
        return std::nullopt;
    }
    QStringList row;
    for (int i = 0; i < PQnfields(result); ++i)
        row << (PQgetisnull(result, 0, i) ? QString() : QString::fromUtf8(PQgetvalue(result, 0, i)));
    PQclear(result);
    return row;
}

int PgCluster::unusedPort()
{
    // Bind port 0 on loopback, read the port the kernel chose, close: nothing listens there.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return 1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    int port = 1;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(fd);
    return port;
}

ScratchDatabase::ScratchDatabase(const QString& prefix, const QString& createOptions, const QString& adminUrl)
    : m_admin(adminUrl.isEmpty() ? PgCluster::url() : adminUrl)
{
    const QString& admin = m_admin;
    if (admin.isEmpty()) {
        m_error = QStringLiteral("no PostgreSQL test cluster (run through ctest: fixture 'postgres')");
        return;
    }
    m_name = PgCluster::uniqueName(prefix);
    if (!PgCluster::exec(admin, QStringLiteral("CREATE DATABASE %1 %2").arg(m_name, createOptions), &m_error))
        return;
    m_url = PgCluster::withDatabase(admin, m_name);
}

ScratchDatabase::~ScratchDatabase()
{
    if (m_url.isEmpty())
        return;
    PgCluster::exec(m_admin, QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_name));
}

} // namespace ec::test
