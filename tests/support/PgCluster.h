#pragma once
// Test access to the database servers the CTest fixtures start (tests/fixtures.cmake):
// the throwaway PostgreSQL 15 cluster and PGlite with pgvector. Suites skip themselves when
// the fixture's URL file is missing (a plain `./tst_x` outside ctest).
//
// ScratchDatabase gives a suite a database of its own on the cluster (CREATE DATABASE with a
// name unique to the process), dropped again when it goes out of scope, so suites running in
// parallel (ctest -j2) never see each other's tables. PGlite has a single database and a
// single session: suites there use unique table names (uniqueName()) and one connection.
// Admin statements go through libpq directly, independent of the code under test.

#include <QString>
#include <QStringList>

#include <optional>

namespace ec::test {

class PgCluster
{
public:
    /// postgresql://postgres@127.0.0.1:PORT/postgres (trust), or empty without the fixture.
    static QString url();
    /// The same server for role ec_auth, which must give authPassword().
    static QString authUrl();
    static QString authPassword();
    /// The port the cluster listens on (0 without the fixture).
    static int port();
    /// postgresql://postgres:postgres@127.0.0.1:PORT/postgres for PGlite, or empty.
    static QString pgliteUrl();

    /// `url` with its database name replaced.
    static QString withDatabase(const QString& url, const QString& database);
    /// A name unique to this process and call: "<prefix>_<pid>_<n>", lower case.
    static QString uniqueName(const QString& prefix);

    /// Runs sql (one or more statements) over a short libpq connection; false with error.
    static bool exec(const QString& url, const QString& sql, QString* error = nullptr);
    /// The first row of a query's result as text (NULL as a null QString), nullopt on error.
    static std::optional<QStringList> queryRow(const QString& url, const QString& sql,
                                               QString* error = nullptr);

    /// A free loopback port nothing listens on (for "server down" tests).
    static int unusedPort();
};

/// A database of its own on the test cluster, dropped on destruction.
class ScratchDatabase
{
public:
    /// createOptions follow CREATE DATABASE name (e.g. "ENCODING 'SQL_ASCII' TEMPLATE template0");
    /// adminUrl: another server than the fixture's cluster.
    explicit ScratchDatabase(const QString& prefix, const QString& createOptions = QString(),
                             const QString& adminUrl = QString());
    ~ScratchDatabase();
    ScratchDatabase(const ScratchDatabase&) = delete;
    ScratchDatabase& operator=(const ScratchDatabase&) = delete;

    bool isValid() const { return !m_url.isEmpty(); }
    QString error() const { return m_error; }
    QString name() const { return m_name; }
    QString url() const { return m_url; }

private:
    QString m_name;
    QString m_url;
    QString m_admin;
    QString m_error;
};

} // namespace ec::test
