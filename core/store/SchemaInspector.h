#pragma once
// Finds out how the operator's table stores what the console needs (CatalogSchema): the
// embedding column's kind and declared dimensions, the id type and the tags format.
// Reads the catalogs only (pg_catalog / PRAGMA table_info); never changes anything.

#include "config/AppConfig.h"
#include "store/StoreTypes.h"

#include <QSqlDatabase>

#include <optional>

namespace ec {

class SchemaInspector
{
public:
    /// Inspects spec's table. On failure returns nullopt and a one-line error naming what is
    /// wrong: the missing table, the missing column, or a column of an unusable type
    /// (e.g. "column ai_items.embedding has type text; expected vector(N), real[] or float4[]").
    /// serverVersion is copied into the result.
    static std::optional<CatalogSchema> inspect(QSqlDatabase& db, bool postgres, const TableSpec& spec,
                                                const QString& serverVersion, QString* error);

    /// True when spec's table exists (views count).
    static bool tableExists(QSqlDatabase& db, bool postgres, const QString& table, QString* error);
};

} // namespace ec
