#pragma once
// The operator tools on a real catalog, written once and run on SQLite (BLOB vectors) and on
// the PostgreSQL 15 fixture (a ai_items-shaped table with a real[] column).
//
// Every test builds its own ai_items-shaped table whose titles are texts of the tokenizer's golden
// corpus (tests/tokenizer/golden), so the exact token count of every pending text is known
// from the reference tokenizer, independently of the code under test. The catalog mixes
// pending items (missing, outdated, other model), repeated texts, texts whose vector the
// persistent cache holds, unchanged texts, current items and an empty text.

#include "config/AppConfig.h"
#include "store/Database.h"

#include <QHash>
#include <QObject>
#include <QSqlDatabase>
#include <QStringList>
#include <QVector>

#include <memory>

namespace ec::test {

/// A corpus text and its token count according to the reference tokenizer.
struct GoldenText
{
    QString name;
    QString text;
    int tokens = 0;
};

/// What the test knows about the catalog it built, in terms of golden texts.
struct CatalogPlan
{
    enum class Kind {
        Missing,    ///< pending: no vector
        Duplicate,  ///< pending: no vector, text of an earlier Missing row
        Cached,     ///< pending: no vector, text of a Current row (the cache holds it)
        Unchanged,  ///< pending (outdated) but its text still hashes to its vector's
        OtherModel, ///< pending: vector of text-embedding-ada-002
        Current,    ///< not pending
        Empty,      ///< pending: empty text, never sent
    };
    struct Row
    {
        QString id;
        QString text; ///< the title; summary and tags are NULL
        int tokens = 0;
        Kind kind = Kind::Missing;
    };
    QVector<Row> rows;

    QVector<Row> ofKind(Kind kind) const;
    QStringList idsOf(Kind kind) const;
    bool isPending(const Row& row) const { return row.kind != Kind::Current; }
};

class OpsCatalogSuite : public QObject
{
    Q_OBJECT

public:
    static constexpr int kDims = 8;
    static QString model() { return QStringLiteral("text-embedding-3-small"); }
    static QString otherModel() { return QStringLiteral("text-embedding-ada-002"); }

protected:
    virtual bool postgres() const = 0;
    /// The suite's database URL; empty (with why) skips the suite.
    virtual QString databaseUrl(QString* why) = 0;

    /// The configuration of a table of this suite's database.
    AppConfig configFor(const QString& table) const;
    /// A new table in the plan's shape; QVERIFY-style failures come back as false + error.
    bool buildCatalog(const QString& table, CatalogPlan* plan, QString* error);
    /// Every row of table and of the console's state and reset tables, as text, in id order.
    QString dump(const QString& table, QString* error) const;
    /// Runs embedctl with args (plus --db, --table, --dimensions); stdin is a pipe, closed.
    struct CliResult
    {
        int exitCode = -1;
        QByteArray out;
        QByteArray err;
    };
    CliResult embedctl(const QString& table, const QStringList& args) const;
    QVariant scalar(const QString& sql, QString* error) const;

    static QVector<GoldenText> goldenTexts();
    static QString embedctlPath();

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void estimateEqualsTheReferenceTokenSum();
    void estimateCliReportsTheSeedKeys();
    void estimateOfAnEmptyPendingSetIsZero();
    void estimateJobRunsOffTheCallersThread();
    void estimateJobCanBeCancelled();
    void duplicatesFindEveryGroup();
    void dupesCliAndJobAgree();
    void resetDryRunCountsAndChangesNothing();
    void resetWithoutYesRefusesOnAPipe();
    void resetYesChangesExactlyTheMatchingRowsAndRecordsIt();
    void resetThenRunReembedsExactlyTheResetRows();
    void failuresCliListsSkippedItems();
    void statusPrometheusPassesPromtool();

private:
    QString newTable();
    std::unique_ptr<DatabaseConnection> m_connection;
    QString m_url;
    QString m_home; ///< HOME/XDG dirs for embedctl, so no user settings leak in
    int m_tables = 0;
};

} // namespace ec::test
