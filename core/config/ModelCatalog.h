#pragma once
// What the engine knows about embedding models: their native dimension count,
// whether the API accepts `dimensions`, and their list price.

#include <QString>
#include <QVector>

#include <optional>

namespace ec {

struct ModelSpec
{
    QString name;
    int nativeDimensions = 0;       ///< the vector length when `dimensions` is not sent
    bool acceptsDimensions = false; ///< text-embedding-3-* accept a shorter `dimensions`
    double usdPerMillionTokens = 0; ///< standard (synchronous) price
};

class ModelCatalog
{
public:
    /// text-embedding-3-small ($0.02), text-embedding-3-large ($0.13), text-embedding-ada-002 ($0.10).
    static const QVector<ModelSpec>& known();
    static std::optional<ModelSpec> find(const QString& name);
};

} // namespace ec
