#include "ReadOnlyStore.h"

#include "CliCommand.h"

namespace ec {

std::unique_ptr<ItemStore> openForReading(const AppConfig& config, const QString& connectionName,
                                          QString* error)
{
    StoreOptions options;
    options.migrate = false;
    return ItemStore::open(config, connectionName, error, options);
}

QStringList unavailableFigures(const ItemStore& store, const FiguresByTable& figures)
{
    QStringList unavailable;
    for (auto it = figures.cbegin(); it != figures.cend(); ++it) {
        if (!store.consoleTableKnown(it.key()))
            unavailable << it.value();
    }
    return unavailable;
}

void noteUnreadableTables(const ItemStore& store, const CliContext& context)
{
    if (context.quiet)
        return;
    for (const ConsoleTableAccess& access : store.consoleTables()) {
        if (!access.known())
            context.err << "note: cannot read " << access.table << " (" << access.reason
                        << "); what it holds counts as nothing here\n";
    }
    context.err.flush();
}

} // namespace ec
