#include "store/SqlDialect.h"

#include "config/Identifier.h"

#include <QTimeZone>

namespace ec {

QString SqlDialect::name(const QString& identifier) const
{
    if (!isValidIdentifier(identifier))
        return QString();
    const QString folded = m_postgres ? identifier.toLower() : identifier;
    return QLatin1Char('"') + folded + QLatin1Char('"');
}

QString SqlDialect::table(const QString& qualifiedName) const
{
    if (!isValidQualifiedIdentifier(qualifiedName))
        return QString();
    const QStringList parts = qualifiedName.split(QLatin1Char('.'));
    QStringList quoted;
    for (const QString& part : parts)
        quoted << name(part);
    return quoted.join(QLatin1Char('.'));
}

QString SqlDialect::catalogKey(const QString& qualifiedName)
{
    return isValidQualifiedIdentifier(qualifiedName) ? qualifiedName.toLower() : QString();
}

QString SqlDialect::catalogLiteral(const QString& qualifiedName)
{
    const QString key = catalogKey(qualifiedName);
    return key.isEmpty() ? QString() : QLatin1Char('\'') + key + QLatin1Char('\'');
}

QString SqlDialect::now() const
{
    return m_postgres ? QStringLiteral("now()") : QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ','now')");
}

QString SqlDialect::nowPlusSeconds(const QString& secondsExpr) const
{
    if (m_postgres)
        return QStringLiteral("(now() + make_interval(secs => CAST(%1 AS double precision)))")
            .arg(secondsExpr);
    return QStringLiteral("strftime('%Y-%m-%dT%H:%M:%fZ','now', CAST(%1 AS TEXT) || ' seconds')")
        .arg(secondsExpr);
}

QString SqlDialect::timestampParam(const QString& placeholder) const
{
    return m_postgres ? QStringLiteral("CAST(%1 AS timestamptz)").arg(placeholder) : placeholder;
}

QString SqlDialect::timestampValue(const QDateTime& when)
{
    if (!when.isValid())
        return QString();
    return when.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QLatin1Char('Z');
}

QString SqlDialect::timestampSelect(const QString& expr) const
{
    if (m_postgres)
        return QStringLiteral("CAST(floor(extract(epoch FROM %1) * 1000) AS bigint)").arg(expr);
    return expr;
}

QDateTime SqlDialect::readTimestamp(const QVariant& value) const
{
    if (value.isNull() || !value.isValid())
        return QDateTime();
    if (m_postgres) {
        bool ok = false;
        const qint64 ms = value.toLongLong(&ok);
        return ok ? QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC) : QDateTime();
    }
    return parseTimestampText(value);
}

QDateTime SqlDialect::parseTimestampText(const QVariant& value)
{
    if (value.isNull() || !value.isValid())
        return QDateTime();
    const auto typeId = value.metaType().id();
    if (typeId == QMetaType::LongLong || typeId == QMetaType::Int || typeId == QMetaType::Double) {
        const double seconds = value.toDouble();
        return QDateTime::fromMSecsSinceEpoch(qint64(seconds * 1000.0), Qt::UTC);
    }
    QString text = value.toString().trimmed();
    if (text.isEmpty())
        return QDateTime();
    bool numeric = false;
    const double seconds = text.toDouble(&numeric);
    if (numeric)
        return QDateTime::fromMSecsSinceEpoch(qint64(seconds * 1000.0), Qt::UTC);
    if (text.size() > 10 && text.at(10) == QLatin1Char(' '))
        text[10] = QLatin1Char('T');
    QDateTime parsed = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return QDateTime();
    if (parsed.timeSpec() == Qt::LocalTime)
        parsed.setTimeSpec(Qt::UTC); // SQLite's datetime() text is UTC without a suffix
    return parsed.toUTC();
}

QString SqlDialect::comparableTimestamp(const QString& expr) const
{
    if (m_postgres)
        return expr;
    return QStringLiteral("(CASE WHEN typeof(%1) IN ('integer','real') THEN %1 / 86400.0 + 2440587.5 "
                          "ELSE julianday(%1) END)")
        .arg(expr);
}

QString SqlDialect::idAsText(const QString& expr) const
{
    // SQLite: an id stored as a BLOB reads as "blob:<hex>", the same on every read, whatever
    // its bytes (such rows are reported, never written: ItemStore::unaddressablePending()).
    return m_postgres ? QStringLiteral("CAST(%1 AS text)").arg(expr)
                      : QStringLiteral(
                            "CASE typeof(%1) WHEN 'blob' THEN 'blob:' || hex(%1) ELSE CAST(%1 AS TEXT) END")
                            .arg(expr);
}

QString SqlDialect::idParam(const QString& placeholder, IdKind kind) const
{
    if (m_postgres && kind == IdKind::Uuid)
        return QStringLiteral("CAST(%1 AS uuid)").arg(placeholder);
    if (m_postgres && kind == IdKind::BigInt)
        return QStringLiteral("CAST(%1 AS bigint)").arg(placeholder);
    return placeholder;
}

QVariant SqlDialect::idValue(const QString& id, IdKind kind)
{
    if (kind == IdKind::BigInt) {
        bool ok = false;
        const qlonglong number = id.toLongLong(&ok);
        if (ok)
            return QVariant(number);
    }
    return QVariant(id);
}

QString SqlDialect::vectorDimensions(const QString& expr, VectorColumnKind kind, int expected,
                                     const QString& table, const QString& column) const
{
    QString counted;
    int header = 0; // bytes before the floats of an uncompressed value, its 4-byte length included
    switch (kind) {
    case VectorColumnKind::PgVector:
        counted = QStringLiteral("vector_dims(%1)").arg(expr);
        header = 8; // length, int16 dim, int16 unused
        break;
    case VectorColumnKind::PgRealArray:
        counted = QStringLiteral("COALESCE(cardinality(%1), 0)").arg(expr);
        header = 24; // length, ndim, data offset, element type, one dimension and its lower bound
        break;
    case VectorColumnKind::SqliteBlob:
        return QStringLiteral("(length(%1) / 4)").arg(expr);
    }
    constexpr qint64 kToastThreshold = 2032; // TOAST_TUPLE_THRESHOLD with 8 kB pages
    const qint64 size = header + 4 * qint64(expected);
    if (expected <= 0 || !m_postgres || table.isEmpty() || column.isEmpty() || size <= kToastThreshold)
        return counted;
    // The storage check is one InitPlan per statement. Names are validated identifiers.
    return QStringLiteral("(CASE WHEN pg_column_compression(%1) IS NULL AND pg_column_size(%1) = %2 AND "
                          "(SELECT a.attstorage IN ('x', 'e') FROM pg_attribute a WHERE a.attrelid = "
                          "CAST('%3' AS regclass) AND a.attname = '%4') THEN %5 ELSE %6 END)")
        .arg(expr)
        .arg(size - 4) // the TOAST pointer's size leaves out the length word
        .arg(this->table(table), column)
        .arg(expected)
        .arg(counted);
}

QString SqlDialect::vectorParam(const QString& placeholder, VectorColumnKind kind) const
{
    switch (kind) {
    case VectorColumnKind::PgVector:
        return QStringLiteral("CAST(%1 AS vector)").arg(placeholder);
    case VectorColumnKind::PgRealArray:
        return QStringLiteral("CAST(%1 AS real[])").arg(placeholder);
    case VectorColumnKind::SqliteBlob:
        return placeholder;
    }
    return placeholder;
}

QString SqlDialect::vectorSelect(const QString& expr, VectorColumnKind kind) const
{
    if (kind == VectorColumnKind::SqliteBlob)
        return expr;
    return QStringLiteral("CAST(%1 AS text)").arg(expr);
}

QString SqlDialect::boolean(bool value) const
{
    if (m_postgres)
        return value ? QStringLiteral("true") : QStringLiteral("false");
    return value ? QStringLiteral("1") : QStringLiteral("0");
}

} // namespace ec
