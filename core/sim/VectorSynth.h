#pragma once
// The simulator's embeddings: deterministic, unit-length vectors derived from the text alone.
//
// The SHA-256 of the text seeds a xoshiro256** generator; component i is its i-th draw mapped
// uniformly to [-1, 1); the first `dimensions` components are then scaled to unit length.
// Equal texts get equal vectors, and a shorter vector is the normalised prefix of a longer
// one (as text-embedding-3 `dimensions` behaves).

#include <QByteArrayView>
#include <QVector>

namespace ec {

QVector<float> synthesizeEmbedding(QByteArrayView text, int dimensions);

} // namespace ec
