// The operator tools on an SQLite catalog (BLOB vectors), through the classes and embedctl.
#include "OpsCatalogSuite.h"

#include <QTemporaryDir>
#include <QTest>

namespace ec::test {

class OpsCatalogSqlite : public OpsCatalogSuite
{
    Q_OBJECT

protected:
    bool postgres() const override { return false; }
    QString databaseUrl(QString* why) override
    {
        if (!m_dir.isValid()) {
            *why = QStringLiteral("no temporary directory");
            return QString();
        }
        return QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("ops.db"));
    }

private:
    QTemporaryDir m_dir;
};

} // namespace ec::test

QTEST_GUILESS_MAIN(ec::test::OpsCatalogSqlite)
#include "tst_ops_catalog_sqlite.moc"
