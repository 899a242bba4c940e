#pragma once
// The few places where SQL differs between PostgreSQL and SQLite, and the safe spelling of
// the operator's table and column names. Every name put into SQL text goes through
// name()/table(); they accept only validated identifiers (config/Identifier.h) and quote
// them, folding PostgreSQL names to lower case as an unquoted name would be.

#include "store/StoreTypes.h"

#include <QDateTime>
#include <QString>
#include <QVariant>

namespace ec {

class SqlDialect
{
public:
    explicit SqlDialect(bool postgres)
        : m_postgres(postgres)
    {}

    bool postgres() const { return m_postgres; }

    /// A quoted column or table name; an empty string for an invalid identifier (which
    /// TableSpec::validate() has already rejected).
    QString name(const QString& identifier) const;
    /// A quoted, optionally schema-qualified table name.
    QString table(const QString& qualifiedName) const;

    /// The key of the operator's table in the console's own tables (their `item_table`
    /// column): the validated table name in lower case (both backends fold unquoted names), so
    /// that two catalog tables in one database never share state, failures, leases or cached
    /// vectors. Empty for an invalid name.
    static QString catalogKey(const QString& qualifiedName);
    /// catalogKey() as an SQL string literal. Safe to put into SQL text: a validated
    /// identifier holds no quote.
    static QString catalogLiteral(const QString& qualifiedName);

    /// The current time as a value of the console's timestamp columns:
    /// PostgreSQL `now()`, SQLite ISO-8601 UTC text with milliseconds.
    QString now() const;
    /// `now()` plus seconds (an SQL expression or a bound placeholder holding a number).
    QString nowPlusSeconds(const QString& secondsExpr) const;
    /// A bound timestamp placeholder: PostgreSQL `CAST(:p AS timestamptz)`, SQLite `:p`.
    /// Bind timestampValue() to it.
    QString timestampParam(const QString& placeholder) const;
    /// ISO-8601 UTC text with milliseconds and `Z`, what timestampParam() expects.
    static QString timestampValue(const QDateTime& when);
    /// An expression to SELECT a timestamp column so that readTimestamp() can read it
    /// on either backend (PostgreSQL: epoch milliseconds; SQLite: the stored value).
    QString timestampSelect(const QString& expr) const;
    /// Reads what timestampSelect() produced; invalid for NULL or unparsable values.
    QDateTime readTimestamp(const QVariant& value) const;
    /// Parses SQLite timestamp text ("2024-05-01 12:00:00", ISO with T/Z/offset, or
    /// epoch seconds); UTC unless the text says otherwise.
    static QDateTime parseTimestampText(const QVariant& value);
    /// An expression comparing as a number of days on SQLite (julianday, also for epoch
    /// numbers), the column itself on PostgreSQL: use it on both sides of < and >.
    QString comparableTimestamp(const QString& expr) const;

    /// The operator's id as text, to join with the console's item_id columns. On SQLite an id
    /// stored as a BLOB reads as "blob:" and its bytes in hex.
    QString idAsText(const QString& expr) const;
    /// A bound id placeholder of the operator's id type (uuid ids are cast on PostgreSQL).
    QString idParam(const QString& placeholder, IdKind kind) const;
    /// The value to bind to idParam(): a qlonglong for bigint ids, the text otherwise.
    static QVariant idValue(const QString& id, IdKind kind);

    /// The number of dimensions of a stored vector, 0 for an empty one.
    ///
    /// Counting the dimensions of a TOASTed vector reads all of it (a count over 20,000
    /// embedded rows of 1,536 dimensions spent 190 of its 205 ms there). With `expected` > 0
    /// and the vector's `table` and `column` named, on PostgreSQL, a value stored out of line
    /// and uncompressed whose size is exactly that of `expected` floats (real[]: 20 + 4n bytes
    /// without its length word, one dimension, no NULLs; pgvector: 4 + 4n) is taken to hold
    /// `expected` without being read: pg_column_size() and pg_column_compression() read only
    /// the TOAST pointer. Only where such a value cannot be inline (the column's storage is
    /// extended or external and the vector is over the 2,032-byte TOAST threshold), since an
    /// inline value of n − 1 floats has the same size; everything else is counted.
    QString vectorDimensions(const QString& expr, VectorColumnKind kind, int expected = 0,
                             const QString& table = QString(), const QString& column = QString()) const;
    /// A bound vector placeholder: `CAST(:v AS vector)`, `CAST(:v AS real[])` or `:v`.
    /// Bind VectorCodec::encode() to it.
    QString vectorParam(const QString& placeholder, VectorColumnKind kind) const;
    /// An expression selecting a stored vector for VectorCodec::decode().
    QString vectorSelect(const QString& expr, VectorColumnKind kind) const;

    /// A boolean literal (true/false on PostgreSQL, 1/0 on SQLite).
    QString boolean(bool value) const;

private:
    bool m_postgres;
};

} // namespace ec
