#pragma once
// The store of a read-only command (status, estimate, dupes, failures): opened without
// migrating, so that a SELECT-only role can run them on a database where the console has never
// run (docs/cli.md, "Read-only commands"). The console tables it cannot read read as empty
// (ConsoleTables::standIn()); the figures taken from them are then reported as unavailable.

#include "store/ItemStore.h"

#include <QJsonArray>
#include <QMap>
#include <QStringList>

#include <memory>

namespace ec {

struct CliContext;

/// Which of a command's figures (JSON keys) each console table feeds.
using FiguresByTable = QMap<QString, QStringList>;

/// ItemStore::open() with StoreOptions::migrate = false.
std::unique_ptr<ItemStore> openForReading(const AppConfig& config, const QString& connectionName,
                                          QString* error);

/// The figures whose console table could not be read (keys in figures' order of tables).
QStringList unavailableFigures(const ItemStore& store, const FiguresByTable& figures);

/// Writes one line per console table that could not be read, with why, to context.err
/// ("note: …"), unless --quiet. Text output only: --json reports "unavailable" instead.
void noteUnreadableTables(const ItemStore& store, const CliContext& context);

} // namespace ec
