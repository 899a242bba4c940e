// The write side of the item store against a real database: SQLite, PostgreSQL 15 (real[]
// column) or PGlite (pgvector vector(N) column), chosen by EC_STOREWRITE_BACKEND.

#include "PgCluster.h"
#include "store/Database.h"
#include "store/ExclusiveLock.h"
#include "store/FailureLog.h"
#include "store/LeaseManager.h"
#include "store/Migrations.h"
#include "store/ResetService.h"
#include "store/RunLog.h"
#include "store/SchemaInspector.h"
#include "store/SqlDialect.h"
#include "store/StateStore.h"
#include "store/VectorCodec.h"
#include "store/VectorWriter.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSemaphore>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUuid>

#include <barrier>
#include <cfloat>
#include <cstring>
#include <memory>

using namespace ec;

namespace {

enum class Backend { Sqlite, Postgres, Pglite };

Backend backendFromEnvironment()
{
    const QString name = qEnvironmentVariable("EC_STOREWRITE_BACKEND", QStringLiteral("sqlite"));
    if (name == QLatin1String("postgres"))
        return Backend::Postgres;
    if (name == QLatin1String("pglite"))
        return Backend::Pglite;
    return Backend::Sqlite;
}

constexpr int kDims = 16;
const QString kModel = QStringLiteral("text-embedding-3-small");
const QString kOtherModel = QStringLiteral("text-embedding-ada-002");

/// A vector whose floats need every digit: tiny, huge, negative zero, subnormal, random.
QVector<float> trickyVector(quint32 seed)
{
    QRandomGenerator random(seed);
    QVector<float> v(kDims);
    for (int i = 0; i < kDims; ++i)
        v[i] = float(random.generateDouble() * 2.0 - 1.0) / float(1 + random.bounded(1000));
    v[0] = 0.1f;
    v[1] = -0.0f;
    v[2] = FLT_MIN;
    v[3] = 0.333333343f;
    v[4] = -FLT_MAX / 3.0f;
    v[5] = 1.0e-40f; // subnormal
    v[6] = float(seed) + 0.5f;
    return v;
}

bool bitEqual(const QVector<float>& a, const QVector<float>& b)
{
    if (a.size() != b.size())
        return false;
    return a.isEmpty() || std::memcmp(a.constData(), b.constData(), sizeof(float) * a.size()) == 0;
}

QByteArray hashFor(int i)
{
    return QByteArray::number(i).rightJustified(64, '0');
}

} // namespace

class StoreWriteTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();

    void writeRoundTripsBitExact_data();
    void writeRoundTripsBitExact();
    void writeRecordsStateAndClearsFailuresAndLeases();
    void writeIgnoresMissingIdsAndKeepsLastDuplicate();
    void writeRejectsBadVectorsBeforeTouchingTheTable();
    void writeIsOneTransaction_data();
    void writeIsOneTransaction();
    void copyAndValuesWriteIdenticalRows();
    void writeWorksWithTextIds();
    void writeBareWritesOnlyTheVectors();
    void writeOneUpdatePerRowWritesExactVectors();
    void markCurrentTouchesOnlyTimestampsAndState();

    void cacheLookupHonoursModelDimensionsAndRows();

    void failuresBackOffAndPark();
    void failuresRetryAndClear();

    void runLifecycle();
    void markInterruptedFindsStaleRuns();
    void markInterruptedFindsDeadLocalWorkers();

    void leasesAreExclusiveAndExpiredOnesAreStolen();
    void claimSkipsRowsLockedByAnotherClaim();
    void concurrentWorkersNeverWriteAnItemTwice();
    void claimTakesOnlyItemsStillPending();

    void exclusiveLockRefusesSecondHolder();
    void exclusiveLockFreesOnDisconnect();

    void resetCountsAndListsMatchingRows();
    void resetChangesExactlyTheMatchingRowsAndRecordsIt();
    void resetIsOneTransaction();

private:
    bool postgres() const { return m_backend != Backend::Sqlite; }
    QSqlDatabase db() const { return m_conn->database(); }
    /// Opens one more connection to the same database (same schema search path).
    std::unique_ptr<DatabaseConnection> openSecond(QString* error) const;
    void exec(const QString& sql);
    void exec(QSqlDatabase database, const QString& sql);
    /// Recreates the operator's table with count rows (titles "item i", no vectors).
    void createItems(int count, IdKind kind);
    CatalogSchema inspect();
    QString idOf(int i) const { return m_ids.at(i); }
    QVector<VectorWrite> rowsFor(int first, int count, quint32 seed = 0) const;
    struct Stored
    {
        QVector<float> vector;
        bool hasVector = false;
        QString model;
        QDateTime embeddedAt;
    };
    Stored stored(const QString& id);
    qint64 scalar(const QString& sql);
    qint64 countWhere(const QString& table, const QString& condition);
    QString idLiteral(const QString& id) const;
    void installFailingTrigger(const QString& table, const QString& failOnId);
    void ageTimestamp(const QString& table, const QString& column, const QString& where, int secondsAgo);
    QVector<VectorWriter::Method> methods() const;

    Backend m_backend = Backend::Sqlite;
    QTemporaryDir m_dir;
    QString m_url;
    std::unique_ptr<test::ScratchDatabase> m_scratch; ///< PostgreSQL: this run's database
    QString m_schemaName;                             ///< PGlite: this run's schema
    std::unique_ptr<DatabaseConnection> m_conn;
    TableSpec m_spec;
    CatalogSchema m_schema;
    QStringList m_ids;
    IdKind m_idKind = IdKind::BigInt;
};

void StoreWriteTest::initTestCase()
{
    m_backend = backendFromEnvironment();
    m_spec.table = QStringLiteral("sw_items");
    switch (m_backend) {
    case Backend::Sqlite:
        QVERIFY(m_dir.isValid());
        m_url = QStringLiteral("sqlite://") + m_dir.filePath(QStringLiteral("catalog.db"));
        break;
    case Backend::Postgres:
        if (test::PgCluster::url().isEmpty())
            QSKIP("no PostgreSQL fixture (run through ctest)");
        m_scratch = std::make_unique<test::ScratchDatabase>(QStringLiteral("storewrite"));
        QVERIFY2(m_scratch->isValid(), qPrintable(m_scratch->error()));
        m_url = m_scratch->url();
        break;
    case Backend::Pglite:
        m_url = test::PgCluster::pgliteUrl();
        if (m_url.isEmpty())
            QSKIP("no PGlite fixture (run through ctest)");
        break;
    }
    QString error;
    m_conn = DatabaseConnection::open(m_url, QString(), &error);
    QVERIFY2(m_conn, qPrintable(error));
    if (m_backend == Backend::Pglite) {
        // one database shared with other suites: this run's tables live in a schema of its own
        m_schemaName = test::PgCluster::uniqueName(QStringLiteral("storewrite"));
        exec(QStringLiteral("CREATE EXTENSION IF NOT EXISTS vector SCHEMA public"));
        exec(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schemaName));
        exec(QStringLiteral("CREATE SCHEMA %1").arg(m_schemaName));
        exec(QStringLiteral("SET search_path TO %1, public").arg(m_schemaName));
    }
    QSqlDatabase database = db();
    QVERIFY2(Migrations::apply(database, postgres(), SqlDialect::catalogKey(m_spec.table), &error),
             qPrintable(error));
}

void StoreWriteTest::cleanupTestCase()
{
    if (m_conn && !m_schemaName.isEmpty())
        exec(QStringLiteral("DROP SCHEMA IF EXISTS %1 CASCADE").arg(m_schemaName));
    m_conn.reset();
    m_scratch.reset();
}

void StoreWriteTest::init()
{
    for (const char* table : {"embedding_item_state", "embedding_leases", "embedding_failures",
                              "embedding_runs", "embedding_resets"})
        exec(QStringLiteral("DELETE FROM ") + QLatin1String(table));
    createItems(40, m_backend == Backend::Pglite     ? IdKind::Uuid
                    : m_backend == Backend::Postgres ? IdKind::BigInt
                                                     : IdKind::BigInt);
}

std::unique_ptr<DatabaseConnection> StoreWriteTest::openSecond(QString* error) const
{
    auto second = DatabaseConnection::open(m_url, QString(), error);
    if (second && !m_schemaName.isEmpty()) {
        QSqlQuery query(second->database());
        if (!query.exec(QStringLiteral("SET search_path TO %1, public").arg(m_schemaName))) {
            *error = query.lastError().text();
            return nullptr;
        }
    }
    return second;
}

void StoreWriteTest::exec(const QString& sql)
{
    exec(db(), sql);
}

void StoreWriteTest::exec(QSqlDatabase database, const QString& sql)
{
    QSqlQuery query(database);
    QVERIFY2(query.exec(sql), qPrintable(sql + QStringLiteral(": ") + query.lastError().text()));
}

void StoreWriteTest::createItems(int count, IdKind kind)
{
    m_idKind = kind;
    exec(QStringLiteral("DROP TABLE IF EXISTS sw_items"));
    QString idType;
    QString vectorType;
    if (m_backend == Backend::Sqlite) {
        idType = kind == IdKind::BigInt ? QStringLiteral("INTEGER") : QStringLiteral("TEXT");
        exec(QStringLiteral(
                 "CREATE TABLE sw_items (id %1 PRIMARY KEY, title TEXT NOT NULL, summary TEXT, tags TEXT, "
                 "embedding BLOB, embedding_model TEXT, embedding_updated_at TEXT, updated_at TEXT)")
                 .arg(idType));
    } else {
        idType = kind == IdKind::BigInt ? QStringLiteral("bigint")
                 : kind == IdKind::Uuid ? QStringLiteral("uuid")
                                        : QStringLiteral("text");
        vectorType =
            m_backend == Backend::Pglite ? QStringLiteral("vector(%1)").arg(kDims) : QStringLiteral("real[]");
        exec(QStringLiteral(
                 "CREATE TABLE sw_items (id %1 PRIMARY KEY, title text NOT NULL, summary text, "
                 "tags text[], embedding %2, embedding_model text, embedding_updated_at timestamptz, "
                 "updated_at timestamptz NOT NULL DEFAULT now())")
                 .arg(idType, vectorType));
    }
    m_ids.clear();
    QSqlQuery insert(db());
    QVERIFY(insert.prepare(
        QStringLiteral(
            "INSERT INTO sw_items (id, title, summary, updated_at) VALUES (%1, :title, :summary, %2)")
            .arg(SqlDialect(postgres()).idParam(QStringLiteral(":id"), kind), SqlDialect(postgres()).now())));
    QVERIFY(db().transaction());
    for (int i = 0; i < count; ++i) {
        QString id;
        switch (kind) {
        case IdKind::BigInt:
            id = QString::number(1000 + i * 7);
            break;
        case IdKind::Uuid:
            id = QUuid::createUuidV5(QUuid(), QString::number(i)).toString(QUuid::WithoutBraces);
            break;
        case IdKind::Text:
            id = QStringLiteral("item-%1 '\"x").arg(i, 3, 10, QLatin1Char('0'));
            break;
        }
        m_ids << id;
        insert.bindValue(QStringLiteral(":id"), SqlDialect::idValue(id, kind));
        insert.bindValue(QStringLiteral(":title"), QStringLiteral("item %1").arg(i));
        insert.bindValue(QStringLiteral(":summary"), QStringLiteral("summary of %1").arg(i));
        QVERIFY2(insert.exec(), qPrintable(insert.lastError().text()));
    }
    QVERIFY(db().commit());
    m_schema = inspect();
}

CatalogSchema StoreWriteTest::inspect()
{
    QString error;
    QSqlDatabase database = db();
    const std::optional<CatalogSchema> schema =
        SchemaInspector::inspect(database, postgres(), m_spec, m_conn->serverVersion(), &error);
    if (!schema) {
        qWarning() << "schema inspection failed:" << error;
        return CatalogSchema();
    }
    return *schema;
}

QVector<VectorWrite> StoreWriteTest::rowsFor(int first, int count, quint32 seed) const
{
    QVector<VectorWrite> rows;
    for (int i = first; i < first + count; ++i) {
        VectorWrite row;
        row.itemId = idOf(i);
        row.vector = trickyVector(seed + quint32(i));
        row.contentHash = hashFor(i + int(seed));
        row.tokens = 10 + i;
        row.truncated = i % 3 == 0;
        rows.append(row);
    }
    return rows;
}

StoreWriteTest::Stored StoreWriteTest::stored(const QString& id)
{
    const SqlDialect sql(postgres());
    QSqlQuery query(db());
    query.prepare(QStringLiteral("SELECT %1, embedding_model, %2 FROM sw_items WHERE id = %3")
                      .arg(sql.vectorSelect(QStringLiteral("embedding"), m_schema.vectorKind),
                           sql.timestampSelect(QStringLiteral("embedding_updated_at")),
                           sql.idParam(QStringLiteral(":id"), m_idKind)));
    query.bindValue(QStringLiteral(":id"), SqlDialect::idValue(id, m_idKind));
    Stored result;
    if (!query.exec() || !query.next()) {
        qWarning() << "cannot read item" << id << query.lastError().text();
        return result;
    }
    const std::optional<QVector<float>> vector = VectorCodec(m_schema.vectorKind).decode(query.value(0));
    result.hasVector = vector.has_value();
    if (vector)
        result.vector = *vector;
    result.model = query.value(1).toString();
    result.embeddedAt = sql.readTimestamp(query.value(2));
    return result;
}

qint64 StoreWriteTest::scalar(const QString& sql)
{
    QSqlQuery query(db());
    if (!query.exec(sql) || !query.next()) {
        qWarning() << sql << query.lastError().text();
        return -1;
    }
    return query.value(0).toLongLong();
}

qint64 StoreWriteTest::countWhere(const QString& table, const QString& condition)
{
    return scalar(QStringLiteral("SELECT count(*) FROM %1 WHERE %2").arg(table, condition));
}

QString StoreWriteTest::idLiteral(const QString& id) const
{
    QString quoted = id;
    quoted.replace(QLatin1Char('\''), QStringLiteral("''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

void StoreWriteTest::installFailingTrigger(const QString& table, const QString& failOnId)
{
    if (m_backend == Backend::Sqlite) {
        const QString when = table == QLatin1String("sw_items")
                                 ? QStringLiteral("NEW.id = %1")
                                       .arg(m_idKind == IdKind::BigInt ? failOnId : idLiteral(failOnId))
                                 : QStringLiteral("1");
        const QString event =
            table == QLatin1String("sw_items") ? QStringLiteral("UPDATE") : QStringLiteral("INSERT");
        exec(QStringLiteral("CREATE TRIGGER sw_fail BEFORE %1 ON %2 FOR EACH ROW WHEN %3 "
                            "BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
                 .arg(event, table, when));
        return;
    }
    const QString condition = table == QLatin1String("sw_items")
                                  ? QStringLiteral("NEW.id::text = %1").arg(idLiteral(failOnId))
                                  : QStringLiteral("true");
    exec(QStringLiteral("CREATE OR REPLACE FUNCTION sw_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                        "IF %1 THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$")
             .arg(condition));
    exec(QStringLiteral("CREATE TRIGGER sw_fail BEFORE %1 ON %2 FOR EACH ROW EXECUTE FUNCTION sw_fail()")
             .arg(table == QLatin1String("sw_items") ? QStringLiteral("UPDATE") : QStringLiteral("INSERT"),
                  table));
}

void StoreWriteTest::ageTimestamp(const QString& table, const QString& column, const QString& where,
                                  int secondsAgo)
{
    const SqlDialect sql(postgres());
    exec(QStringLiteral("UPDATE %1 SET %2 = %3 WHERE %4")
             .arg(table, column, sql.nowPlusSeconds(QString::number(-secondsAgo)), where));
}

QVector<VectorWriter::Method> StoreWriteTest::methods() const
{
    switch (m_backend) {
    case Backend::Sqlite:
        return {VectorWriter::Method::Prepared};
    case Backend::Postgres:
        return {VectorWriter::Method::Copy, VectorWriter::Method::Values};
    case Backend::Pglite:
        return {VectorWriter::Method::Values};
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// VectorWriter

void StoreWriteTest::writeRoundTripsBitExact_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<int>("chunkRows");
    for (VectorWriter::Method method : methods()) {
        const QByteArray name = VectorWriter::methodName(method).toLatin1();
        QTest::newRow(name.constData()) << int(method) << 250;
        if (method == VectorWriter::Method::Values)
            QTest::newRow("values, chunks of 7") << int(method) << 7;
    }
}

void StoreWriteTest::writeRoundTripsBitExact()
{
    QFETCH(int, method);
    QFETCH(int, chunkRows);
    VectorWriter writer(db(), m_spec, m_schema);
    writer.setMethod(VectorWriter::Method(method));
    writer.setValuesChunkRows(chunkRows);
    QCOMPARE(writer.effectiveMethod(), VectorWriter::Method(method));

    const QVector<VectorWrite> rows = rowsFor(0, 30);
    QString error;
    QVERIFY2(writer.write(rows, kModel, kDims, &error), qPrintable(error));
    QCOMPARE(writer.lastAffectedRows(), qint64(30));

    for (const VectorWrite& row : rows) {
        const Stored s = stored(row.itemId);
        QVERIFY2(s.hasVector, qPrintable(row.itemId));
        QVERIFY2(bitEqual(s.vector, row.vector), qPrintable(row.itemId));
        QCOMPARE(s.model, kModel);
        QVERIFY(s.embeddedAt.isValid());
        QVERIFY(qAbs(s.embeddedAt.secsTo(QDateTime::currentDateTimeUtc())) < 120);
    }
    // rows beyond the written ones are untouched
    for (int i = 30; i < m_ids.size(); ++i)
        QVERIFY(!stored(idOf(i)).hasVector);
}

void StoreWriteTest::writeRecordsStateAndClearsFailuresAndLeases()
{
    const QVector<VectorWrite> rows = rowsFor(0, 5);
    FailureLog failures(db(), m_spec, m_schema);
    LeaseManager leases(db(), m_spec, m_schema);
    QString error;
    QVector<FailureRecord> records;
    for (int i = 0; i < 6; ++i)
        records.append(FailureRecord{idOf(i), 0, 500, QStringLiteral("server_error"), QStringLiteral("boom"),
                                     false, false});
    QVERIFY2(failures.record(records, RunSettings(), &error), qPrintable(error));
    QCOMPARE(leases
                 .claim(QVector<QString>(m_ids.begin(), m_ids.begin() + 6), QStringLiteral("someone"), 1, 300,
                        &error)
                 .size(),
             6);
    // an older state row for item 0 is replaced
    exec(
        QStringLiteral(
            "INSERT INTO embedding_item_state (item_table, item_id, content_hash, model, dimensions, tokens, "
            "truncated, embedded_at) VALUES (%4, %1, 'old', 'old-model', 3, 1, %2, %3)")
            .arg(idLiteral(idOf(0)), SqlDialect(postgres()).boolean(false), SqlDialect(postgres()).now(),
                 SqlDialect::catalogLiteral(m_spec.table)));

    VectorWriter writer(db(), m_spec, m_schema);
    QVERIFY2(writer.write(rows, kModel, kDims, &error), qPrintable(error));

    QSqlQuery query(db());
    QVERIFY(query.exec(QStringLiteral("SELECT item_id, content_hash, model, dimensions, tokens, truncated "
                                      "FROM embedding_item_state")));
    QHash<QString, QStringList> state;
    while (query.next()) {
        state.insert(query.value(0).toString(),
                     {query.value(1).toString(), query.value(2).toString(), query.value(3).toString(),
                      query.value(4).toString(),
                      query.value(5).toBool() ? QStringLiteral("t") : QStringLiteral("f")});
    }
    QCOMPARE(state.size(), 5);
    for (const VectorWrite& row : rows) {
        QCOMPARE(state.value(row.itemId),
                 QStringList({QString::fromLatin1(row.contentHash), kModel, QString::number(kDims),
                              QString::number(row.tokens),
                              row.truncated ? QStringLiteral("t") : QStringLiteral("f")}));
    }
    // item 5 failed and was leased but not written: its records stay
    QCOMPARE(countWhere(QStringLiteral("embedding_failures"), QStringLiteral("1 = 1")), qint64(1));
    QCOMPARE(
        countWhere(QStringLiteral("embedding_failures"), QStringLiteral("item_id = ") + idLiteral(idOf(5))),
        qint64(1));
    QCOMPARE(countWhere(QStringLiteral("embedding_leases"), QStringLiteral("1 = 1")), qint64(1));
    QCOMPARE(
        countWhere(QStringLiteral("embedding_leases"), QStringLiteral("item_id = ") + idLiteral(idOf(5))),
        qint64(1));
}

void StoreWriteTest::writeIgnoresMissingIdsAndKeepsLastDuplicate()
{
    QVector<VectorWrite> rows = rowsFor(0, 3);
    VectorWrite missing = rows.at(0);
    missing.itemId = m_idKind == IdKind::Uuid ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                              : QStringLiteral("999999");
    VectorWrite duplicate = rows.at(1);
    duplicate.vector = trickyVector(4242);
    duplicate.contentHash = "dup";
    rows << missing << duplicate;

    VectorWriter writer(db(), m_spec, m_schema);
    QString error;
    QVERIFY2(writer.write(rows, kModel, kDims, &error), qPrintable(error));
    QCOMPARE(writer.lastAffectedRows(), qint64(3));
    QVERIFY(bitEqual(stored(idOf(1)).vector, duplicate.vector));
    QCOMPARE(countWhere(QStringLiteral("embedding_item_state"), QStringLiteral("1 = 1")), qint64(3));
    QCOMPARE(countWhere(QStringLiteral("embedding_item_state"), QStringLiteral("content_hash = 'dup'")),
             qint64(1));
    QCOMPARE(countWhere(QStringLiteral("embedding_item_state"),
                        QStringLiteral("item_id = ") + idLiteral(missing.itemId)),
             qint64(0));
}

void StoreWriteTest::writeRejectsBadVectorsBeforeTouchingTheTable()
{
    VectorWriter writer(db(), m_spec, m_schema);
    QString error;
    QVector<VectorWrite> rows = rowsFor(0, 4);
    rows[2].vector.removeLast();
    QVERIFY(!writer.write(rows, kModel, kDims, &error));
    QVERIFY2(error.contains(QLatin1String("dimensions")), qPrintable(error));

    rows = rowsFor(0, 4);
    rows[3].vector[5] = std::numeric_limits<float>::quiet_NaN();
    QVERIFY(!writer.write(rows, kModel, kDims, &error));
    QVERIFY2(error.contains(QLatin1String("non-finite")), qPrintable(error));
    QCOMPARE(countWhere(QStringLiteral("sw_items"), QStringLiteral("embedding IS NOT NULL")), qint64(0));
}

void StoreWriteTest::writeIsOneTransaction_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<QString>("table");
    for (VectorWriter::Method method : methods()) {
        const QString name = VectorWriter::methodName(method);
        QTest::newRow(qPrintable(name + QStringLiteral(": operator row fails")))
            << int(method) << QStringLiteral("sw_items");
        QTest::newRow(qPrintable(name + QStringLiteral(": state row fails")))
            << int(method) << QStringLiteral("embedding_item_state");
    }
}

void StoreWriteTest::writeIsOneTransaction()
{
    QFETCH(int, method);
    QFETCH(QString, table);
    // The failure strikes in the middle of the batch (row 20 of 30; with chunks of 4 rows the
    // Values method has committed nothing but has run five statements before it).
    installFailingTrigger(table, idOf(20));
    FailureLog failures(db(), m_spec, m_schema);
    QString error;
    QVERIFY(failures.record({FailureRecord{idOf(2), 0, 500, QString(), QStringLiteral("x"), false, false}},
                            RunSettings(), &error));

    VectorWriter writer(db(), m_spec, m_schema);
    writer.setMethod(VectorWriter::Method(method));
    writer.setValuesChunkRows(4);
    QVERIFY(!writer.write(rowsFor(0, 30), kModel, kDims, &error));
    QVERIFY2(error.contains(QLatin1String("injected failure")), qPrintable(error));

    QCOMPARE(countWhere(QStringLiteral("sw_items"), QStringLiteral("embedding IS NOT NULL")), qint64(0));
    QCOMPARE(countWhere(QStringLiteral("sw_items"), QStringLiteral("embedding_model IS NOT NULL")),
             qint64(0));
    QCOMPARE(countWhere(QStringLiteral("embedding_item_state"), QStringLiteral("1 = 1")), qint64(0));
    QCOMPARE(countWhere(QStringLiteral("embedding_failures"), QStringLiteral("1 = 1")), qint64(1));

    // the connection is usable afterwards and the next write succeeds
    exec(QStringLiteral("DROP TRIGGER sw_fail") + (postgres() ? QStringLiteral(" ON ") + table : QString()));
    QVERIFY2(writer.write(rowsFor(0, 30), kModel, kDims, &error), qPrintable(error));
    QCOMPARE(countWhere(QStringLiteral("sw_items"), QStringLiteral("embedding IS NOT NULL")), qint64(30));
}

void StoreWriteTest::copyAndValuesWriteIdenticalRows()
{
    if (m_backend != Backend::Postgres)
        QSKIP("COPY exists on real PostgreSQL only");
    const QVector<VectorWrite> rows = rowsFor(0, 40, 77);
    auto snapshot = [&] {
        QSqlQuery query(db());
        query.exec(
            QStringLiteral("SELECT t.id, CAST(t.embedding AS text), t.embedding_model, s.content_hash, "
                           "s.model, s.dimensions, s.tokens, s.truncated FROM sw_items t "
                           "JOIN embedding_item_state s ON s.item_id = CAST(t.id AS text) ORDER BY t.id"));
        QStringList lines;
        while (query.next()) {
            QStringList fields;
            for (int i = 0; i < 8; ++i)
                fields << query.value(i).toString();
            lines << fields.join(QLatin1Char('|'));
        }
        return lines;
    };
    VectorWriter copy(db(), m_spec, m_schema);
    copy.setMethod(VectorWriter::Method::Copy);
    QString error;
    QVERIFY2(copy.write(rows, kModel, kDims, &error), qPrintable(error));
    const QStringList viaCopy = snapshot();
    QCOMPARE(viaCopy.size(), 40);

    exec(QStringLiteral("UPDATE sw_items SET embedding = NULL, embedding_model = NULL"));
    exec(QStringLiteral("DELETE FROM embedding_item_state"));
    VectorWriter values(db(), m_spec, m_schema);
    values.setMethod(VectorWriter::Method::Values);
    values.setValuesChunkRows(9);
    QVERIFY2(values.write(rows, kModel, kDims, &error), qPrintable(error));
    QCOMPARE(snapshot(), viaCopy);
}

void StoreWriteTest::writeWorksWithTextIds()
{
    createItems(12, IdKind::Text);
    QCOMPARE(m_schema.idKind, IdKind::Text);
    for (VectorWriter::Method method : methods()) {
        exec(QStringLiteral("UPDATE sw_items SET embedding = NULL"));
        VectorWriter writer(db(), m_spec, m_schema);
        writer.setMethod(method);
        QString error;
        const QVector<VectorWrite> rows = rowsFor(0, 12, 5);
        QVERIFY2(writer.write(rows, kModel, kDims, &error), qPrintable(error));
        QCOMPARE(writer.lastAffectedRows(), qint64(12));
        for (const VectorWrite& row : rows)
            QVERIFY2(bitEqual(stored(row.itemId).vector, row.vector), qPrintable(row.itemId));
    }
}

void StoreWriteTest::writeBareWritesOnlyTheVectors()
{
    for (VectorWriter::Method method : methods()) {
        exec(QStringLiteral("UPDATE sw_items SET embedding = NULL, embedding_model = NULL"));
        VectorWriter writer(db(), m_spec, m_schema);
        writer.setMethod(method);
        QString error;
        const QVector<VectorWrite> rows = rowsFor(0, 10, 9);
        QVERIFY2(writer.writeBare(rows, kModel, kDims, &error), qPrintable(error));
        QCOMPARE(writer.lastAffectedRows(), qint64(10));
        for (const VectorWrite& row : rows) {
            const Stored s = stored(row.itemId);
            QVERIFY(bitEqual(s.vector, row.vector));
            QCOMPARE(s.model, kModel);
        }
        QCOMPARE(countWhere(QStringLiteral("embedding_item_state"), QStringLiteral("1 = 1")), qint64(0));
    }
}

void StoreWriteTest::writeOneUpdatePerRowWritesExactVectors()
{
    // The benchmark's second baseline (the original design's way) must write what the bulk writers write.
    exec(QStringLiteral("UPDATE sw_items SET embedding = NULL, embedding_model = NULL"));
    VectorWriter writer(db(), m_spec, m_schema);
    QString error;
    const QVector<VectorWrite> rows = rowsFor(0, 7);
    QVERIFY2(writer.writeOneUpdatePerRow(rows, kModel, &error), qPrintable(error));
    QCOMPARE(writer.lastAffectedRows(), qint64(7));
    for (const VectorWrite& row : rows) {
        const Stored s = stored(row.itemId);
        QVERIFY(bitEqual(s.vector, row.vector));
        QCOMPARE(s.model, kModel);
    }
    QCOMPARE(countWhere(QStringLiteral("embedding_item_state"), QStringLiteral("1 = 1")), qint64(0));
}

void StoreWriteTest::markCurrentTouchesOnlyTimestampsAndState()
{
    VectorWriter writer(db(), m_spec, m_schema);
    QString error;
    const QVector<VectorWrite> rows = rowsFor(0, 6);
    QVERIFY2(writer.write(rows, kModel, kDims, &error), qPrintable(error));
    // the vectors were made an hour ago and the rows were updated since
    ageTimestamp(QStringLiteral("sw_items"), QStringLiteral("embedding_updated_at"), QStringLiteral("1 = 1"),
                 3600);
    ageTimestamp(QStringLiteral("embedding_item_state"), QStringLiteral("embedded_at"),
                 QStringLiteral("1 = 1"), 3600);
    ageTimestamp(QStringLiteral("sw_items"), QStringLiteral("updated_at"), QStringLiteral("1 = 1"), 60);
    FailureLog failures(db(), m_spec, m_schema);
    LeaseManager leases(db(), m_spec, m_schema);
    QVERIFY(
        failures.record({FailureRecord{idOf(1), 0, 0, QStringLiteral("timeout"), QString(), false, false}},
                        RunSettings(), &error));
    QCOMPARE(leases.claim({idOf(1), idOf(2)}, QStringLiteral("w"), 1, 300, &error).size(), 2);

    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-5);
    QVERIFY2(writer.markCurrent({idOf(0), idOf(1), idOf(2)}, &error), qPrintable(error));
    QCOMPARE(writer.lastAffectedRows(), qint64(3));

    const SqlDialect sql(postgres());
    for (int i = 0; i < 6; ++i) {
        const Stored s = stored(idOf(i));
        QVERIFY(bitEqual(s.vector, rows.at(i).vector));
        QCOMPARE(s.model, kModel);
        QCOMPARE(s.embeddedAt > before, i < 3);
    }
    QCOMPARE(countWhere(QStringLiteral("embedding_item_state"),
                        sql.comparableTimestamp(QStringLiteral("embedded_at")) + QStringLiteral(" > ") +
                            sql.comparableTimestamp(sql.nowPlusSeconds(QStringLiteral("-600")))),
             qint64(3));
    QCOMPARE(countWhere(QStringLiteral("embedding_failures"), QStringLiteral("1 = 1")), qint64(0));
    QCOMPARE(countWhere(QStringLiteral("embedding_leases"), QStringLiteral("1 = 1")), qint64(0));
    // pending "outdated" is over for the marked rows: embedded-at is after updated-at again
    QCOMPARE(countWhere(QStringLiteral("sw_items"),
                        sql.comparableTimestamp(QStringLiteral("embedding_updated_at")) +
                            QStringLiteral(" >= ") + sql.comparableTimestamp(QStringLiteral("updated_at"))),
             qint64(3));
}

// ---------------------------------------------------------------------------------------------
// StateStore

void StoreWriteTest::cacheLookupHonoursModelDimensionsAndRows()
{
    VectorWriter writer(db(), m_spec, m_schema);
    QString error;
    const QVector<VectorWrite> rows = rowsFor(0, 4);
    QVERIFY2(writer.write(rows, kModel, kDims, &error), qPrintable(error));
    StateStore cache(db(), m_spec, m_schema);

    const QVector<QByteArray> wanted = {rows[0].contentHash, rows[1].contentHash, rows[2].contentHash,
                                        rows[3].contentHash, QByteArray("not-there")};
    QHash<QByteArray, QVector<float>> found = cache.lookup(wanted, kModel, kDims, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(found.size(), 4);
    for (const VectorWrite& row : rows)
        QVERIFY(bitEqual(found.value(row.contentHash), row.vector));

    QVERIFY(cache.lookup(wanted, QStringLiteral("text-embedding-3-large"), kDims, &error).isEmpty());
    QVERIFY(cache.lookup(wanted, kModel, kDims / 2, &error).isEmpty());

    // a NULLed row or a row re-embedded by another model no longer serves its hash
    exec(QStringLiteral("UPDATE sw_items SET embedding = NULL WHERE id = ") +
         (m_idKind == IdKind::BigInt ? idOf(0) : idLiteral(idOf(0))));
    exec(QStringLiteral("UPDATE sw_items SET embedding_model = 'other' WHERE id = ") +
         (m_idKind == IdKind::BigInt ? idOf(1) : idLiteral(idOf(1))));
    found = cache.lookup(wanted, kModel, kDims, &error);
    QCOMPARE(QSet<QByteArray>(found.keyBegin(), found.keyEnd()),
             QSet<QByteArray>({rows[2].contentHash, rows[3].contentHash}));

    // the same text hashed for two items: either vector serves it
    QVector<VectorWrite> twin = rowsFor(10, 1);
    twin[0].contentHash = rows[2].contentHash;
    twin[0].vector = rows[2].vector;
    QVERIFY(writer.write(twin, kModel, kDims, &error));
    QCOMPARE(cache.lookup({rows[2].contentHash}, kModel, kDims, &error).size(), 1);
}

// ---------------------------------------------------------------------------------------------
// FailureLog

void StoreWriteTest::failuresBackOffAndPark()
{
    FailureLog log(db(), m_spec, m_schema);
    RunSettings settings;
    settings.failureBackoffSeconds = 100;
    settings.maxPermanentFailures = 3;
    QCOMPARE(FailureLog::backoffSeconds(1, settings), qint64(100));
    QCOMPARE(FailureLog::backoffSeconds(4, settings), qint64(800));
    QCOMPARE(FailureLog::backoffSeconds(40, settings), FailureLog::kMaxBackoffSeconds);

    const QString transient = idOf(0);
    const QString permanent = idOf(1);
    const QString skipped = idOf(2);
    QString error;
    auto entryOf = [&](const QString& id) {
        for (const FailureEntry& entry : log.list(0, false, &error)) {
            if (entry.itemId == id)
                return entry;
        }
        return FailureEntry();
    };

    QVERIFY2(log.record({FailureRecord{transient, 7, 503, QStringLiteral("server_error"),
                                       QStringLiteral("try later"), false, false},
                         FailureRecord{permanent, 7, 400, QStringLiteral("invalid_request_error"),
                                       QStringLiteral("bad input"), true, false},
                         FailureRecord{skipped, 7, 0, QStringLiteral("empty_text"),
                                       QStringLiteral("nothing to send"), false, true}},
                        settings, &error),
             qPrintable(error));
    FailureEntry first = entryOf(transient);
    QCOMPARE(first.attempts, 1);
    QCOMPARE(first.httpStatus, 503);
    QCOMPARE(first.errorCode, QStringLiteral("server_error"));
    QCOMPARE(first.message, QStringLiteral("try later"));
    QCOMPARE(first.title, QStringLiteral("item 0"));
    QCOMPARE(first.runId, qint64(7));
    QVERIFY(!first.parked);
    QVERIFY(qAbs(first.lastSeen.secsTo(first.nextRetryAt) - 100) <= 1);
    QVERIFY(!entryOf(permanent).parked);
    QVERIFY(entryOf(skipped).parked);
    QVERIFY(entryOf(skipped).skipped);

    ageTimestamp(QStringLiteral("embedding_failures"), QStringLiteral("first_seen"), QStringLiteral("1 = 1"),
                 1000);
    for (int round = 2; round <= 3; ++round) {
        QVERIFY(log.record({FailureRecord{transient, 8, 429, QStringLiteral("rate_limit"),
                                          QStringLiteral("slow down"), false, false},
                            FailureRecord{permanent, 8, 400, QStringLiteral("invalid_request_error"),
                                          QStringLiteral("bad input %1").arg(round), true, false}},
                           settings, &error));
        const FailureEntry t = entryOf(transient);
        QCOMPARE(t.attempts, round);
        QCOMPARE(t.runId, qint64(8));
        QCOMPARE(t.httpStatus, 429);
        QVERIFY2(qAbs(t.lastSeen.secsTo(t.nextRetryAt) - (100 << (round - 1))) <= 1,
                 qPrintable(t.nextRetryAt.toString(Qt::ISODate)));
        QVERIFY(t.firstSeen.secsTo(t.lastSeen) >= 990); // first_seen kept
        QVERIFY(!t.parked);
        QCOMPARE(entryOf(permanent).parked, round >= 3);
        QCOMPARE(entryOf(permanent).message, QStringLiteral("bad input %1").arg(round));
    }
    QCOMPARE(log.list(8, false, &error).size(), 2);
    QCOMPARE(log.list(7, false, &error).size(), 1);
    const QVector<FailureEntry> parked = log.list(0, true, &error);
    QCOMPARE(parked.size(), 2);
    for (const FailureEntry& entry : parked)
        QVERIFY(entry.itemId == permanent || entry.itemId == skipped);
}

void StoreWriteTest::failuresRetryAndClear()
{
    FailureLog log(db(), m_spec, m_schema);
    RunSettings settings;
    settings.maxPermanentFailures = 1;
    QString error;
    QVector<FailureRecord> records;
    for (int i = 0; i < 4; ++i)
        records.append(FailureRecord{idOf(i), 1, 404, QStringLiteral("model_not_found"), QStringLiteral("m"),
                                     true, false});
    QVERIFY(log.record(records, settings, &error));
    QCOMPARE(log.list(0, true, &error).size(), 4);

    QCOMPARE(log.retry({idOf(0), idOf(1)}, &error), 2);
    QCOMPARE(log.list(0, true, &error).size(), 2);
    QCOMPARE(countWhere(QStringLiteral("embedding_failures"), QStringLiteral("next_retry_at IS NULL")),
             qint64(2));
    QCOMPARE(countWhere(QStringLiteral("embedding_failures"), QStringLiteral("permanent_attempts = 0")),
             qint64(2));
    QCOMPARE(countWhere(QStringLiteral("embedding_failures"), QStringLiteral("attempts = 1")), qint64(4));

    // a retried item that fails permanently again is parked again
    QVERIFY(log.record({records[0]}, settings, &error));
    QCOMPARE(log.list(0, true, &error).size(), 3);

    QCOMPARE(log.retry({}, &error), 4);
    QCOMPARE(log.list(0, true, &error).size(), 0);

    QCOMPARE(log.clear({idOf(3)}, &error), 1);
    QCOMPARE(log.clear({}, &error), 0);
    QCOMPARE(log.list(0, false, &error).size(), 3);
    QCOMPARE(log.clearAll(&error), 3);
    QCOMPARE(log.list(0, false, &error).size(), 0);
}

// ---------------------------------------------------------------------------------------------
// RunLog

void StoreWriteTest::runLifecycle()
{
    QCOMPARE(runStatusFromName(runStatusName(RunStatus::Stopped)), RunStatus::Stopped);
    RunLog log(db(), postgres());
    RunRecord run;
    run.total = 120;
    run.configJson = QStringLiteral("{\"model\":\"m\"}");
    QString error;
    const qint64 id = log.start(run, &error);
    QVERIFY2(id > 0, qPrintable(error));
    QCOMPARE(run.id, id);
    QVERIFY(run.startedAt.isValid());
    QCOMPARE(run.worker, RunLog::localWorker());

    run.processed = 100;
    run.succeeded = 90;
    run.failed = 4;
    run.skipped = 1;
    run.deduped = 3;
    run.unchanged = 2;
    run.cached = 5;
    run.apiInputs = 80;
    run.apiRequests = 2;
    run.tokens = 12345;
    run.costUsd = 0.25;
    QVERIFY2(log.update(run, &error), qPrintable(error));
    std::optional<RunRecord> read = log.get(id, &error);
    QVERIFY(read);
    QCOMPARE(read->status, RunStatus::Running);
    QCOMPARE(read->processed, qint64(100));
    QCOMPARE(read->succeeded, qint64(90));
    QCOMPARE(read->failed, qint64(4));
    QCOMPARE(read->skipped, qint64(1));
    QCOMPARE(read->deduped, qint64(3));
    QCOMPARE(read->unchanged, qint64(2));
    QCOMPARE(read->cached, qint64(5));
    QCOMPARE(read->apiInputs, qint64(80));
    QCOMPARE(read->apiRequests, qint64(2));
    QCOMPARE(read->tokens, qint64(12345));
    QCOMPARE(read->costUsd, 0.25);
    QCOMPARE(read->total, qint64(120));
    QCOMPARE(read->configJson, run.configJson);
    QVERIFY(read->heartbeatAt >= read->startedAt);
    QVERIFY(!read->finishedAt.isValid());

    QVERIFY2(log.finish(id, RunStatus::Failed, QStringLiteral("the API key was refused"), &error),
             qPrintable(error));
    read = log.get(id, &error);
    QCOMPARE(read->status, RunStatus::Failed);
    QCOMPARE(read->error, QStringLiteral("the API key was refused"));
    QVERIFY(read->finishedAt.isValid());

    RunRecord second;
    QVERIFY(log.start(second, &error) > id);
    QVERIFY(log.finish(second.id, RunStatus::Completed, QString(), &error));
    const QVector<RunRecord> runs = log.list(10, &error);
    QCOMPARE(runs.size(), 2);
    QCOMPARE(runs[0].id, second.id);
    QCOMPARE(runs[0].status, RunStatus::Completed);
    QVERIFY(runs[0].error.isEmpty());
    QCOMPARE(runs[1].id, id);
    QCOMPARE(log.list(1, &error).size(), 1);
    QVERIFY(!log.get(id + 1000, &error));
    QVERIFY(!log.update(RunRecord{}, &error));
}

void StoreWriteTest::markInterruptedFindsStaleRuns()
{
    RunLog log(db(), postgres());
    QString error;
    RunRecord stale;
    RunRecord fresh;
    RunRecord done;
    QVERIFY(log.start(stale, &error) > 0);
    QVERIFY(log.start(fresh, &error) > 0);
    QVERIFY(log.start(done, &error) > 0);
    QVERIFY(log.finish(done.id, RunStatus::Completed, QString(), &error));
    ageTimestamp(QStringLiteral("embedding_runs"), QStringLiteral("heartbeat_at"),
                 QStringLiteral("id IN (%1, %2)").arg(stale.id).arg(done.id), 600);

    QCOMPARE(log.markInterrupted(120, &error), 1);
    QCOMPARE(log.get(stale.id)->status, RunStatus::Interrupted);
    QVERIFY(log.get(stale.id)->finishedAt.isValid());
    QCOMPARE(log.get(fresh.id)->status, RunStatus::Running);
    QCOMPARE(log.get(done.id)->status, RunStatus::Completed);
    QCOMPARE(log.markInterrupted(120, &error), 0);
}

void StoreWriteTest::markInterruptedFindsDeadLocalWorkers()
{
    if (m_backend != Backend::Sqlite)
        QSKIP("workers are checked by process id on SQLite only");
    // a process of this host that has ended (and been reaped): its id is free
    QProcess ended;
    ended.start(QStringLiteral("true"), QStringList());
    QVERIFY(ended.waitForStarted());
    const qint64 pid = ended.processId();
    QVERIFY(ended.waitForFinished());

    RunLog log(db(), postgres());
    QString error;
    RunRecord dead;
    dead.worker = QSysInfo::machineHostName() + QStringLiteral(":") + QString::number(pid);
    RunRecord alive; // this process
    RunRecord elsewhere;
    elsewhere.worker = QStringLiteral("another-host:") + QString::number(pid);
    QVERIFY(log.start(dead, &error) > 0);
    QVERIFY(log.start(alive, &error) > 0);
    QVERIFY(log.start(elsewhere, &error) > 0);
    QCOMPARE(log.markInterrupted(3600, &error), 1);
    QCOMPARE(log.get(dead.id)->status, RunStatus::Interrupted);
    QCOMPARE(log.get(alive.id)->status, RunStatus::Running);
    QCOMPARE(log.get(elsewhere.id)->status, RunStatus::Running);
}

// ---------------------------------------------------------------------------------------------
// LeaseManager

void StoreWriteTest::leasesAreExclusiveAndExpiredOnesAreStolen()
{
    LeaseManager leases(db(), m_spec, m_schema);
    QString error;
    const QString a = LeaseManager::ownerName(1);
    const QString b = QStringLiteral("other-host:1:2");
    const QVector<QString> first = {idOf(0), idOf(1), idOf(2), idOf(3)};
    QVector<QString> got = leases.claim(first, a, 1, 300, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    std::sort(got.begin(), got.end());
    QVector<QString> expected = first;
    std::sort(expected.begin(), expected.end());
    QCOMPARE(got, expected);

    // b gets only what a does not hold; unknown ids are never leased
    const QString unknown = m_idKind == IdKind::Uuid ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                                     : QStringLiteral("424242");
    got = leases.claim({idOf(2), idOf(3), idOf(4), unknown}, b, 2, 300, &error);
    QCOMPARE(got, QVector<QString>({idOf(4)}));
    QCOMPARE(leases.countLeasedByOthers(b, &error), qint64(4));

    // a re-claiming its own items renews them
    QCOMPARE(leases.claim({idOf(0)}, a, 1, 300, &error), QVector<QString>({idOf(0)}));

    // a's lease of item 3 expires: b steals it, a can no longer renew it
    ageTimestamp(QStringLiteral("embedding_leases"), QStringLiteral("expires_at"),
                 QStringLiteral("item_id = ") + idLiteral(idOf(3)), 5);
    QCOMPARE(leases.claim({idOf(2), idOf(3)}, b, 2, 300, &error), QVector<QString>({idOf(3)}));
    QCOMPARE(
        countWhere(QStringLiteral("embedding_leases"),
                   QStringLiteral("owner = '%1' AND run_id = 2 AND item_id = %2").arg(b, idLiteral(idOf(3)))),
        qint64(1));

    QCOMPARE(leases.renew(a, 600, &error), 3);
    QCOMPARE(leases.release(a, {idOf(0), idOf(4)}, &error), 1); // item 4 is b's
    QCOMPARE(leases.release(a, &error), 2);
    QCOMPARE(leases.release(b, &error), 2);
    QCOMPARE(countWhere(QStringLiteral("embedding_leases"), QStringLiteral("1 = 1")), qint64(0));
}

void StoreWriteTest::claimSkipsRowsLockedByAnotherClaim()
{
    if (m_backend == Backend::Pglite)
        QSKIP("PGlite serves one session at a time");
    if (m_backend == Backend::Sqlite)
        QSKIP("SQLite has no row locks (one writer at a time)");
    QString error;
    auto second = openSecond(&error);
    QVERIFY2(second, qPrintable(error));
    // another session holds item 1's row lock (as a claim in progress does)
    QSqlDatabase other = second->database();
    QVERIFY(other.transaction());
    exec(other, QStringLiteral("SELECT id FROM sw_items WHERE id = %1 FOR UPDATE").arg(idOf(1)));

    LeaseManager leases(db(), m_spec, m_schema);
    QVector<QString> got = leases.claim({idOf(0), idOf(1), idOf(2)}, QStringLiteral("a"), 1, 300, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    std::sort(got.begin(), got.end());
    QCOMPARE(got, QVector<QString>({idOf(0), idOf(2)}));
    QVERIFY(other.rollback());
    QCOMPARE(leases.claim({idOf(1)}, QStringLiteral("a"), 1, 300, &error), QVector<QString>({idOf(1)}));
}

namespace {

/// A worker as the pipeline runs one, on its own connection and thread: reads the first
/// pending ids (a page that goes stale as others write), claims them, writes their vectors
/// (which gives the leases back), and again until nothing is pending. In the first round
/// every worker reads its page before any of them claims (firstPageRead), so all of them
/// contend for the same ids at least once, however the threads are scheduled.
class Worker : public QThread
{
public:
    Worker(QString url, QString schemaName, TableSpec spec, QString owner, QSemaphore* ready, QSemaphore* go,
           std::barrier<>* firstPageRead)
        : m_url(std::move(url))
        , m_schemaName(std::move(schemaName))
        , m_spec(std::move(spec))
        , m_owner(std::move(owner))
        , m_ready(ready)
        , m_go(go)
        , m_firstPageRead(firstPageRead)
    {}
    QStringList written;
    QVector<QString> firstPage; ///< the ids read in the contended first round
    QVector<QString> firstWon;  ///< those of them this worker's first claim won
    QString error;

protected:
    void run() override
    {
        auto connection = DatabaseConnection::open(m_url, QString(), &error);
        std::optional<CatalogSchema> schema;
        if (connection) {
            if (!m_schemaName.isEmpty()) {
                QSqlQuery query(connection->database());
                query.exec(QStringLiteral("SET search_path TO %1, public").arg(m_schemaName));
            }
            QSqlDatabase database = connection->database();
            schema = SchemaInspector::inspect(database, connection->isPostgres(), m_spec,
                                              connection->serverVersion(), &error);
        }
        m_ready->release(); // set up (or failed): the workers start claiming together
        m_go->acquire();
        if (schema)
            work(connection->database(), *schema);
        else
            m_firstPageRead->arrive_and_drop();
    }

private:
    void work(QSqlDatabase db, const CatalogSchema& schema)
    {
        const SqlDialect sql(schema.postgres);
        LeaseManager leases(db, m_spec, schema);
        leases.setStillPendingFor(kModel, kDims);
        VectorWriter writer(db, m_spec, schema);
        for (int round = 0; round < 5000 && error.isEmpty(); ++round) {
            QVector<QString> page;
            {
                QSqlQuery query(db);
                if (!query.exec(
                        QStringLiteral("SELECT %1 FROM sw_items WHERE embedding IS NULL ORDER BY id LIMIT 8")
                            .arg(sql.idAsText(QStringLiteral("id"))))) {
                    error = query.lastError().text();
                    if (round == 0)
                        m_firstPageRead->arrive_and_drop();
                    return;
                }
                while (query.next())
                    page.append(query.value(0).toString());
            }
            if (round == 0) {
                firstPage = page;
                m_firstPageRead->arrive_and_wait();
            }
            if (page.isEmpty())
                return;
            const QVector<QString> won = leases.claim(page, m_owner, 1, 300, &error);
            if (round == 0)
                firstWon = won;
            QVector<VectorWrite> rows;
            for (const QString& id : won) {
                VectorWrite row;
                row.itemId = id;
                row.vector = trickyVector(qHash(id));
                row.contentHash = QCryptographicHash::hash(id.toUtf8(), QCryptographicHash::Sha256).toHex();
                rows.append(row);
                written.append(id);
            }
            if (!rows.isEmpty() && !writer.write(rows, kModel, kDims, &error))
                return;
        }
    }

    QString m_url;
    QString m_schemaName;
    TableSpec m_spec;
    QString m_owner;
    QSemaphore* m_ready;
    QSemaphore* m_go;
    std::barrier<>* m_firstPageRead;
};

} // namespace

void StoreWriteTest::concurrentWorkersNeverWriteAnItemTwice()
{
    if (m_backend == Backend::Pglite)
        QSKIP("PGlite serves one session at a time");
    createItems(240, m_idKind);
    QSemaphore ready;
    QSemaphore go;
    std::barrier<> firstPageRead(3);
    std::vector<std::unique_ptr<Worker>> workers;
    for (int i = 0; i < 3; ++i)
        workers.push_back(std::make_unique<Worker>(
            m_url, m_schemaName, m_spec, QStringLiteral("worker-%1").arg(i), &ready, &go, &firstPageRead));
    for (auto& worker : workers)
        worker->start();
    QVERIFY(ready.tryAcquire(3, 60000));
    go.release(3);
    for (auto& worker : workers)
        QVERIFY(worker->wait(120000));
    QStringList all;
    for (auto& worker : workers) {
        QVERIFY2(worker->error.isEmpty(), qPrintable(worker->error));
        all += worker->written;
    }
    QCOMPARE(all.size(), m_ids.size()); // every item written once: none twice, none missed
    QCOMPARE(QSet<QString>(all.begin(), all.end()), QSet<QString>(m_ids.begin(), m_ids.end()));
    QCOMPARE(countWhere(QStringLiteral("sw_items"), QStringLiteral("embedding IS NULL")), qint64(0));
    QCOMPARE(countWhere(QStringLiteral("embedding_leases"), QStringLiteral("1 = 1")), qint64(0));
    // The first round was contended: all three read the same page before any claimed it, and
    // each of its ids went to exactly one of them.
    QVector<QString> firstWon;
    for (auto& worker : workers) {
        QCOMPARE(worker->firstPage, workers.front()->firstPage);
        firstWon += worker->firstWon;
    }
    QCOMPARE(firstWon.size(), 8);
    QCOMPARE(QSet<QString>(firstWon.begin(), firstWon.end()),
             QSet<QString>(workers.front()->firstPage.begin(), workers.front()->firstPage.end()));
}

void StoreWriteTest::claimTakesOnlyItemsStillPending()
{
    LeaseManager leases(db(), m_spec, m_schema);
    leases.setStillPendingFor(kModel, kDims);
    VectorWriter writer(db(), m_spec, m_schema);
    QString error;
    // item 0 was written by another worker after this one read its page
    QVERIFY(writer.write(rowsFor(0, 1), kModel, kDims, &error));
    // item 1 carries a vector of another model, item 2 one that is older than its row
    QVERIFY(writer.write(rowsFor(1, 1), kOtherModel, kDims, &error));
    QVERIFY(writer.write(rowsFor(2, 1), kModel, kDims, &error));
    ageTimestamp(QStringLiteral("sw_items"), QStringLiteral("embedding_updated_at"),
                 QStringLiteral("id = ") + (m_idKind == IdKind::BigInt ? idOf(2) : idLiteral(idOf(2))), 600);
    QVector<QString> got =
        leases.claim({idOf(0), idOf(1), idOf(2), idOf(3)}, QStringLiteral("me"), 1, 300, &error);
    std::sort(got.begin(), got.end());
    QVector<QString> expected = {idOf(1), idOf(2), idOf(3)};
    std::sort(expected.begin(), expected.end());
    QCOMPARE(got, expected);
}

// ---------------------------------------------------------------------------------------------
// ExclusiveLock

void StoreWriteTest::exclusiveLockRefusesSecondHolder()
{
    if (m_backend == Backend::Pglite)
        QSKIP("PGlite serves one session at a time");
    QString error;
    auto second = openSecond(&error);
    QVERIFY2(second, qPrintable(error));
    ExclusiveLock mine(db(), m_spec, m_schema);
    ExclusiveLock theirs(second->database(), m_spec, m_schema);
    QVERIFY2(mine.tryAcquire(&error), qPrintable(error));
    QVERIFY(mine.isHeld());
    QVERIFY(mine.tryAcquire(&error)); // again: still ours
    QVERIFY(!theirs.tryAcquire(&error));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!theirs.isHeld());
    const QString holder = theirs.holderDescription();
    if (postgres()) {
        const qint64 pid = scalar(QStringLiteral("SELECT pg_backend_pid()"));
        QVERIFY2(holder.contains(QString::number(pid)), qPrintable(holder));
    } else {
        QVERIFY2(holder.contains(QString::number(QCoreApplication::applicationPid())), qPrintable(holder));
    }
    // another table is another lock
    TableSpec otherTable = m_spec;
    otherTable.table = QStringLiteral("sw_other");
    ExclusiveLock unrelated(second->database(), otherTable, m_schema);
    QVERIFY(unrelated.tryAcquire(&error));
    unrelated.release();

    mine.release();
    QVERIFY(!mine.isHeld());
    QVERIFY(theirs.tryAcquire(&error));
    QVERIFY(!mine.tryAcquire(&error));
    theirs.release();
}

void StoreWriteTest::exclusiveLockFreesOnDisconnect()
{
    if (m_backend == Backend::Pglite)
        QSKIP("PGlite serves one session at a time");
    QString error;
    ExclusiveLock mine(db(), m_spec, m_schema);
    if (postgres()) {
        auto second = openSecond(&error);
        QVERIFY2(second, qPrintable(error));
        auto theirs = std::make_unique<ExclusiveLock>(second->database(), m_spec, m_schema);
        QVERIFY(theirs->tryAcquire(&error));
        QVERIFY(!mine.tryAcquire(&error));
        // the holder's connection goes away without releasing (as when its process dies)
        second->database().close();
        QTRY_VERIFY_WITH_TIMEOUT(mine.tryAcquire(&error), 20000);
        theirs.reset();
        mine.release();
        return;
    }
    // SQLite: the holder is another process, killed while holding the lock file.
    QProcess holder;
    holder.setProgram(QCoreApplication::applicationFilePath());
    holder.setArguments({QStringLiteral("--hold-lock"), m_conn->database().databaseName(), m_spec.table});
    holder.start();
    QVERIFY(holder.waitForReadyRead(20000));
    QCOMPARE(holder.readLine().trimmed(), QByteArray("locked"));
    QVERIFY(!mine.tryAcquire(&error));
    QVERIFY2(mine.holderDescription().contains(QString::number(holder.processId())),
             qPrintable(mine.holderDescription()));
    holder.kill();
    QVERIFY(holder.waitForFinished(20000));
    QVERIFY2(mine.tryAcquire(&error), qPrintable(error));
    mine.release();
}

// ---------------------------------------------------------------------------------------------
// ResetService

void StoreWriteTest::resetCountsAndListsMatchingRows()
{
    VectorWriter writer(db(), m_spec, m_schema);
    QString error;
    QVERIFY(writer.write(rowsFor(0, 10), kModel, kDims, &error));
    QVERIFY(writer.write(rowsFor(10, 10), kOtherModel, kDims, &error));
    ageTimestamp(QStringLiteral("sw_items"), QStringLiteral("embedding_updated_at"),
                 QStringLiteral("embedding_model = '%1'").arg(kOtherModel), 7200);
    ResetService reset(db(), m_spec, m_schema);

    QVERIFY(!reset.countAffected(ResetCriteria{}));
    QVERIFY(!reset.countAffected(ResetCriteria{}).error().isEmpty());

    ResetCriteria otherModel;
    otherModel.modelNot = kModel;
    QCOMPARE(reset.countAffected(otherModel).valueOr(-1), qint64(10));
    ResetCriteria before;
    before.before = QDateTime::currentDateTimeUtc().addSecs(-3600);
    QCOMPARE(reset.countAffected(before).valueOr(-1), qint64(10));
    before.before = QDateTime::currentDateTimeUtc().addSecs(3600);
    QCOMPARE(reset.countAffected(before).valueOr(-1), qint64(20));
    ResetCriteria some;
    some.ids = {idOf(0), idOf(15), idOf(30)}; // item 30 has no vector: nothing to reset
    QCOMPARE(reset.countAffected(some).valueOr(-1), qint64(2));
    some.modelNot = kModel; // criteria combine: every one must hold
    QCOMPARE(reset.countAffected(some).valueOr(-1), qint64(1));

    // keyset pages over the affected rows, in id order
    QStringList paged;
    QString after;
    for (;;) {
        const Result<QVector<CatalogItem>> fetched = reset.affectedItems(otherModel, after, 3);
        QVERIFY2(fetched, qPrintable(fetched.error()));
        const QVector<CatalogItem>& page = *fetched;
        if (page.isEmpty())
            break;
        QVERIFY(page.size() <= 3);
        for (const CatalogItem& item : page) {
            paged << item.id;
            QCOMPARE(item.title, QStringLiteral("item %1").arg(m_ids.indexOf(item.id)));
            QCOMPARE(item.summary, QStringLiteral("summary of %1").arg(m_ids.indexOf(item.id)));
        }
        after = page.last().id;
    }
    QStringList expected = QStringList(m_ids.mid(10, 10));
    if (m_idKind == IdKind::BigInt)
        std::sort(expected.begin(), expected.end(),
                  [](const QString& l, const QString& r) { return l.toLongLong() < r.toLongLong(); });
    else
        std::sort(expected.begin(), expected.end());
    QCOMPARE(paged, expected);
    QCOMPARE(reset.affectedItems(otherModel, QString(), 100)->size(), 10);
    QVERIFY(!reset.affectedItems(ResetCriteria{}, QString(), 100));
}

void StoreWriteTest::resetChangesExactlyTheMatchingRowsAndRecordsIt()
{
    VectorWriter writer(db(), m_spec, m_schema);
    QString error;
    QVERIFY(writer.write(rowsFor(0, 10), kModel, kDims, &error));
    QVERIFY(writer.write(rowsFor(10, 10), kOtherModel, kDims, &error));
    auto snapshot = [&] {
        QVector<Stored> all;
        for (const QString& id : m_ids)
            all.append(stored(id));
        return all;
    };
    const QVector<Stored> before = snapshot();

    ResetService reset(db(), m_spec, m_schema);
    ResetCriteria criteria;
    criteria.modelNot = kModel;
    criteria.ids = QStringList(m_ids.mid(5, 10)); // items 5–14: of these, 10–14 are of the other model
    const Result<qint64> changed = reset.reset(criteria, QStringLiteral("operator o'brien"));
    QVERIFY2(changed.valueOr(-1) == 5, qPrintable(changed.error()));

    const QVector<Stored> after = snapshot();
    for (int i = 0; i < m_ids.size(); ++i) {
        if (i >= 10 && i < 15) {
            QVERIFY(!after[i].hasVector);
            QVERIFY(!after[i].embeddedAt.isValid());
            QCOMPARE(after[i].model, kOtherModel); // the original design's recovery SQL keeps the model
        } else {
            QCOMPARE(after[i].hasVector, before[i].hasVector);
            QVERIFY(bitEqual(after[i].vector, before[i].vector));
            QCOMPARE(after[i].embeddedAt, before[i].embeddedAt);
            QCOMPARE(after[i].model, before[i].model);
        }
    }
    QCOMPARE(countWhere(QStringLiteral("embedding_item_state"), QStringLiteral("1 = 1")), qint64(15));
    for (int i = 10; i < 15; ++i)
        QCOMPARE(countWhere(QStringLiteral("embedding_item_state"),
                            QStringLiteral("item_id = ") + idLiteral(idOf(i))),
                 qint64(0));

    QSqlQuery query(db());
    QVERIFY(query.exec(QStringLiteral("SELECT by_user, host, criteria, affected FROM embedding_resets")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("operator o'brien"));
    QCOMPARE(query.value(1).toString(), QSysInfo::machineHostName());
    const QJsonObject recorded = QJsonDocument::fromJson(query.value(2).toString().toUtf8()).object();
    QCOMPARE(recorded.value(QStringLiteral("model_not")).toString(), kModel);
    QCOMPARE(recorded.value(QStringLiteral("ids")).toArray().size(), 10);
    QCOMPARE(query.value(3).toLongLong(), qint64(5));
    QVERIFY(!query.next());

    // the cache no longer offers the reset rows' vectors
    StateStore cache(db(), m_spec, m_schema);
    QVERIFY(cache.lookup({hashFor(12)}, kOtherModel, kDims, &error).isEmpty());
    QCOMPARE(cache.lookup({hashFor(16)}, kOtherModel, kDims, &error).size(), 1);
}

void StoreWriteTest::resetIsOneTransaction()
{
    VectorWriter writer(db(), m_spec, m_schema);
    QString error;
    QVERIFY(writer.write(rowsFor(0, 10), kOtherModel, kDims, &error));
    installFailingTrigger(QStringLiteral("embedding_resets"), QString());
    ResetService reset(db(), m_spec, m_schema);
    ResetCriteria criteria;
    criteria.modelNot = kModel;
    const Result<qint64> refused = reset.reset(criteria, QStringLiteral("me"));
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(QLatin1String("injected failure")), qPrintable(refused.error()));
    QCOMPARE(countWhere(QStringLiteral("sw_items"), QStringLiteral("embedding IS NOT NULL")), qint64(10));
    QCOMPARE(countWhere(QStringLiteral("sw_items"), QStringLiteral("embedding_updated_at IS NOT NULL")),
             qint64(10));
    QCOMPARE(countWhere(QStringLiteral("embedding_item_state"), QStringLiteral("1 = 1")), qint64(10));
    exec(QStringLiteral("DROP TRIGGER sw_fail") +
         (postgres() ? QStringLiteral(" ON embedding_resets") : QString()));
    QCOMPARE(reset.reset(criteria, QStringLiteral("me")).valueOr(-1), qint64(10));
    QCOMPARE(countWhere(QStringLiteral("embedding_resets"), QStringLiteral("1 = 1")), qint64(1));
}

// ---------------------------------------------------------------------------------------------

/// `--hold-lock <sqlite file> <table>`: takes the exclusive lock, says "locked" and waits to be
/// killed (the holder process of exclusiveLockFreesOnDisconnect).
static int holdLock(const QString& path, const QString& table)
{
    QString error;
    auto connection = DatabaseConnection::open(QStringLiteral("sqlite://") + path, QString(), &error);
    if (!connection)
        return 1;
    TableSpec spec;
    spec.table = table;
    CatalogSchema schema;
    ExclusiveLock lock(connection->database(), spec, schema);
    if (!lock.tryAcquire(&error))
        return 1;
    QTextStream(stdout) << "locked" << Qt::endl;
    QThread::sleep(600);
    return 0;
}

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc == 4 && qstrcmp(argv[1], "--hold-lock") == 0)
        return holdLock(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    StoreWriteTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_storewrite.moc"
