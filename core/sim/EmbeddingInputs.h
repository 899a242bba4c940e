#pragma once
// The `input` of an embeddings request as OpenAI accepts it: a string, an array of strings, an
// array of token ids, or an array of arrays of token ids (decoded with cl100k).

#include <QByteArray>
#include <QJsonValue>
#include <QVector>

#include <optional>

namespace ec {

struct EmbeddingInputs
{
    QVector<QByteArray> texts; ///< UTF-8, in order
    QVector<int> tokens;       ///< each text's cl100k token count

    /// The inputs of input (absent or null: none); nullopt when it has another shape.
    static std::optional<EmbeddingInputs> parse(const QJsonValue& input);
};

} // namespace ec
