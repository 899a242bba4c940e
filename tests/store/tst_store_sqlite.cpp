// The item store on SQLite: BLOB vectors, TEXT JSON tags, text and INTEGER ids, plus what
// only SQLite has (the embedded default catalog, untyped columns, WAL).
#include "StoreSuite.h"

#include "util/ProcessStats.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace ec;
using namespace ec::test;

class TestStoreSqlite : public StoreSuite
{
    Q_OBJECT

protected:
    Backend backend() const override
    {
        Backend b;
        b.postgres = false;
        b.embeddingType = QStringLiteral("BLOB");
        b.kind = VectorColumnKind::SqliteBlob;
        b.idTypes = {QStringLiteral("TEXT"), QStringLiteral("INTEGER")};
        return b;
    }
    QString databaseUrl(QString* why) const override
    {
        if (!m_dir.isValid())
            *why = QStringLiteral("no temporary directory");
        return m_dir.isValid() ? QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("catalog.db"))
                               : QString();
    }

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void createsTheParentDirectoryAndUsesWal()
    {
        const QString path = m_dir.filePath(QStringLiteral("nested/deeper/catalog.db"));
        QString error;
        auto connection = DatabaseConnection::open(QStringLiteral("sqlite://") + path, QString(), &error);
        QVERIFY2(connection, qPrintable(error));
        QVERIFY(QFile::exists(path));
        QSqlQuery q(connection->database());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA busy_timeout")) && q.next());
        QVERIFY(q.value(0).toInt() >= 1000);
        QVERIFY(connection->serverVersion().startsWith(QLatin1String("SQLite 3.")));
    }

    void notADatabaseIsAClearError()
    {
        const QString path = m_dir.filePath(QStringLiteral("text.db"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        QString error;
        QVERIFY(!DatabaseConnection::open(QStringLiteral("sqlite://") + path, QString(), &error));
        QVERIFY2(error.contains(path) && !error.contains(QLatin1Char('\n')), qPrintable(error));
    }

    void untypedColumnsAndPlainTags()
    {
        QString error;
        auto connection = connect(&error);
        QVERIFY2(connection, qPrintable(error));
        const QString table = newTable(QStringLiteral("untyped"));
        {
            QSqlDatabase db = connection->database();
            QVERIFY2(
                exec(db,
                     QStringLiteral("CREATE TABLE %1 (id, title, summary, tags, embedding, embedding_model, "
                                    "embedding_updated_at, updated_at)")
                         .arg(table),
                     &error),
                qPrintable(error));
            QVERIFY2(
                exec(db,
                     QStringLiteral("INSERT INTO %1 VALUES ('a', 'T', NULL, 'plain words', NULL, NULL, NULL, "
                                    "'2024-01-01 10:00:00')")
                         .arg(table),
                     &error),
                qPrintable(error));
        }
        auto store = ItemStore::attach(std::move(connection), spec(table), &error);
        QVERIFY2(store, qPrintable(error));
        QCOMPARE(int(store->schema().vectorKind), int(VectorColumnKind::SqliteBlob));
        QCOMPARE(int(store->schema().tagsKind), int(TagsKind::PlainText));
        const auto item = store->item(QStringLiteral("a"), embedding(), &error);
        QVERIFY2(item, qPrintable(error));
        QCOMPARE(item->tags, QStringList{QStringLiteral("plain words")});
        // SQLite's own datetime text (no T, no zone) is read as UTC.
        QCOMPARE(item->updatedAt, QDateTime(QDate(2024, 1, 1), QTime(10, 0), Qt::UTC));
    }

    void pagingKeepsMemoryFlat()
    {
#if defined(__SANITIZE_ADDRESS__)
        QSKIP("AddressSanitizer keeps freed memory in quarantine: RSS says nothing here");
#endif
        // 12,000 rows of 4 KB each: loading them all would take ~100 MB as QString.
        QString error;
        auto connection = connect(&error);
        QVERIFY2(connection, qPrintable(error));
        const QString table = newTable(QStringLiteral("fat"));
        {
            QSqlDatabase db = connection->database();
            QVERIFY2(createTable(db, table, QStringLiteral("INTEGER"), &error), qPrintable(error));
            QVERIFY2(
                exec(db,
                     QStringLiteral(
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12000) "
                         "INSERT INTO %1 (id, title, summary, updated_at) "
                         "SELECT i, 'Title ' || i, printf('%.4000c', 'x') || i, "
                         "'2024-01-01T00:00:00.000Z' FROM n")
                         .arg(table),
                     &error),
                qPrintable(error));
        }
        auto store = ItemStore::attach(std::move(connection), spec(table), &error);
        QVERIFY2(store, qPrintable(error));
        PendingQuery q;
        q.model = model();
        q.limit = 200;
        const qint64 before = ProcessStats::current().rssBytes;
        qint64 peak = before;
        qint64 rows = 0;
        for (;;) {
            const QVector<CatalogItem> page = store->pendingPage(q, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            if (page.isEmpty())
                break;
            rows += page.size();
            peak = qMax(peak, ProcessStats::current().rssBytes);
            q.afterId = page.last().id;
        }
        QCOMPARE(rows, qint64(12000));
        const qint64 growthMb = (peak - before) / (1024 * 1024);
        qInfo("paging 12000 rows x 4 KB: RSS grew by %lld MB", growthMb);
        QVERIFY2(growthMb < 40, qPrintable(QStringLiteral("RSS grew by %1 MB").arg(growthMb)));
    }

    void demoCatalogInBulk()
    {
        DemoSummary summary;
        checkDemoCatalogInBulk(&summary);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(summary.longTexts >= 2 && summary.emptyTexts >= 2);
    }
};

QTEST_GUILESS_MAIN(TestStoreSqlite)
#include "tst_store_sqlite.moc"
