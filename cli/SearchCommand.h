#pragma once

#include "CliCommand.h"

namespace ec {

/// `embedctl search "query text" [--k 10] [--simulate] [--json]`: embeds the query with the
/// table's model (one request, counted and priced) and lists the nearest items, best first
/// (ops/VectorSearch).
class SearchCommand : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("search"); }
    QString summary() const override
    {
        return QStringLiteral("Embed a query and list the nearest items: what the vectors find.");
    }
    void addOptions(QCommandLineParser& parser) override;
    int execute(CliContext& context) override;
};

} // namespace ec
