#pragma once
// A seed-shaped catalog for a pipeline test, on SQLite (a temp file) or on the PostgreSQL test
// cluster (a scratch database of its own), filled with texts the test controls.

#include "config/AppConfig.h"

#include <QTemporaryDir>

#include <memory>
#include <optional>

namespace ec::test {

class ScratchDatabase;

class PipelineCatalog
{
public:
    /// backend: "sqlite" or "postgres". False from isValid() when the backend is unavailable.
    explicit PipelineCatalog(const QString& backend);
    ~PipelineCatalog();

    bool isValid() const { return !m_url.isEmpty(); }
    QString error() const { return m_error; }
    bool postgres() const { return m_postgres; }
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
    QString m_url;
    QString m_error;
    QTemporaryDir m_dir;
    std::unique_ptr<ScratchDatabase> m_scratch;
};

} // namespace ec::test
