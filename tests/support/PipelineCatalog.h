#pragma once
// A ai_items-shaped catalog for a pipeline test, filled with texts the test controls: on SQLite (a
// temp file, BLOB vectors), on the PostgreSQL test cluster (a scratch database of its own,
// real[] vectors) or on PGlite (a schema of its own in PGlite's one database, pgvector
// vector(64) vectors). On PGlite the test's own statements see that schema first, so they name
// tables plainly; configurations name them through table().

#include "config/AppConfig.h"

#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace ec::test {

class ScratchDatabase;

class PipelineCatalog
{
public:
    /// backend: "sqlite", "postgres", "postgres-sql_ascii" (a database of encoding SQL_ASCII,
    /// which stores text bytes unchecked) or "pglite". serverUrl: another PostgreSQL server than
    /// the fixture's cluster. False from isValid() when the backend is unavailable.
    explicit PipelineCatalog(const QString& backend, const QString& serverUrl = QString());
    ~PipelineCatalog();

    bool isValid() const { return !m_url.isEmpty(); }
    QString error() const { return m_error; }
    /// PostgreSQL or PGlite.
    bool postgres() const { return m_postgres; }
    /// A table of this catalog as a configuration names it (schema-qualified on PGlite).
    QString table(const QString& name) const;
    QString url() const { return m_url; }

    /// Creates `table` with `items` rows whose titles are "<titlePrefix><n % distinct>", so
    /// there are `items - distinct` exact duplicate texts; ids "item-000001"….
    bool create(int items, int distinct, const QString& table = QStringLiteral("ai_items"),
                const QString& titlePrefix = QStringLiteral("Product "));
    /// Runs one statement on the catalog (test set-up and inspection, not the code under test).
    bool exec(const QString& sql);
    /// The first column of the first row of a query.
    std::optional<QString> scalar(const QString& sql);
    qint64 count(const QString& where, const QString& table = QStringLiteral("ai_items"));

    /// The backend's SQL expression for the current time, as the catalog's timestamp columns hold it.
    QString now() const;

    /// A configuration pointing at this catalog.
    AppConfig config() const;

private:
    QString m_backend;
    bool m_postgres = false;
    QString m_schema; ///< PGlite: the schema holding this catalog's tables
    QString m_url;
    QString m_error;
    QTemporaryDir m_dir;
    std::unique_ptr<ScratchDatabase> m_scratch;
};

} // namespace ec::test
