#pragma once
// Whether the configured catalog exists, for a console that must tell "there is no catalog
// yet" (offer the demo, open the settings) from "the database cannot be reached" (show why
// and retry). Opens a short connection of its own; creates nothing, not even a SQLite file.

#include "config/AppConfig.h"

#include <QString>

namespace ec {

struct CatalogPresence
{
    enum class State {
        Present,    ///< the database answers and the catalog's table is there
        Missing,    ///< the database answers (or the SQLite file is absent) and there is no table
        Unusable,   ///< the table is there, but a column is missing or of a type the console cannot use
        Unreachable ///< the database cannot be opened: reason says why
    };
    State state = State::Unreachable;
    QString reason;        ///< one line, no secrets: what is missing or why it cannot be reached
    QString location;      ///< where the catalog was looked for: the SQLite file or the redacted URL
    QString serverVersion; ///< when the database answered, e.g. "PostgreSQL 15.18"
    QString embeddingType; ///< Present: the embedding column's type, e.g. "vector(1536)", "real[]"

    bool missing() const { return state == State::Missing; }
};

/// Looks for config's catalog table and checks its columns (SchemaInspector). Blocks for as long as
/// connecting takes: call it off the UI thread.
CatalogPresence probeCatalog(const AppConfig& config);

} // namespace ec
