// The operator tools on the PostgreSQL 15 fixture: a ai_items-shaped table with a real[] column.
#include "OpsCatalogSuite.h"
#include "PgCluster.h"

#include <QTest>

#include <memory>

namespace ec::test {

class OpsCatalogPostgres : public OpsCatalogSuite
{
    Q_OBJECT

protected:
    bool postgres() const override { return true; }
    QString databaseUrl(QString* why) override
    {
        if (PgCluster::url().isEmpty()) {
            *why = QStringLiteral("no PostgreSQL fixture (run through ctest)");
            return QString();
        }
        m_database = std::make_unique<ScratchDatabase>(QStringLiteral("ops"));
        if (!m_database->isValid()) {
            *why = m_database->error();
            return QString();
        }
        return m_database->url();
    }

private:
    std::unique_ptr<ScratchDatabase> m_database;
};

} // namespace ec::test

QTEST_GUILESS_MAIN(ec::test::OpsCatalogPostgres)
#include "tst_ops_catalog_postgres.moc"
