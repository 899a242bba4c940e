#include "config/ModelCatalog.h"

namespace ec {

const QVector<ModelSpec>& ModelCatalog::known()
{
    static const QVector<ModelSpec> models = {
        {QStringLiteral("text-embedding-3-small"), 1536, true, 0.02},
        {QStringLiteral("text-embedding-3-large"), 3072, true, 0.13},
        {QStringLiteral("text-embedding-ada-002"), 1536, false, 0.10},
    };
    return models;
}

std::optional<ModelSpec> ModelCatalog::find(const QString& name)
{
    for (const ModelSpec& spec : known()) {
        if (spec.name == name)
            return spec;
    }
    return std::nullopt;
}

} // namespace ec
