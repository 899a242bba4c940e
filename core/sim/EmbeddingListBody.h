#pragma once
// The body of a successful /v1/embeddings answer, as OpenAI spells it:
// {"object":"list","data":[{"object":"embedding","index":i,"embedding":…},…],"model":…,
//  "usage":{"prompt_tokens":n,"total_tokens":n}}. The simulator's synchronous answers and its
// Batch API output lines both carry it.

#include <QByteArray>
#include <QString>
#include <QVector>

namespace ec {

/// One entry of `data`: which vector it carries and the index it is labelled with (a fault may
/// drop, repeat or mislabel entries).
struct EmbeddingSlot
{
    qsizetype vector = 0;
    qsizetype index = 0;
};

/// The body for vectors laid out as slots; base64: each vector as the base64 of its float32
/// little-endian bytes (encoding_format "base64"), else as JSON numbers (a NaN is written as
/// the non-JSON `NaN`, for the client to refuse).
QByteArray embeddingListBody(const QVector<QVector<float>>& vectors, const QVector<EmbeddingSlot>& slots,
                             const QString& model, qint64 tokens, bool base64);

/// The slots of vectors in order, each labelled with its own index.
QVector<EmbeddingSlot> inOrder(qsizetype count);

} // namespace ec
