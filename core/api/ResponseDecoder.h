#pragma once
// Decodes and validates the body of a successful embeddings response.
//
// Accepts `{"data":[{"index":i,"embedding":"<base64 little-endian float32>" | [numbers]}, …],
// "usage":{…},"model":…}` and rejects it unless
//   - `data` holds exactly as many embeddings as inputs were sent,
//   - every index lies in [0, count) and appears exactly once (any order; a missing index
//     on a single-input response is taken as 0),
//   - every vector has the expected length (when expectedDimensions > 0) or, otherwise, all
//     vectors of the response have the same non-zero length,
//   - every value is finite.

#include <QByteArray>
#include <QString>
#include <QVector>

namespace ec {

struct DecodedEmbeddings
{
    QVector<QVector<float>> vectors; ///< in input order
    qint64 promptTokens = -1;        ///< usage.prompt_tokens, -1 when absent
    QString model;
};

class ResponseDecoder
{
public:
    explicit ResponseDecoder(int expectedDimensions = 0)
        : m_expectedDimensions(expectedDimensions)
    {}

    /// True and `out` filled when the body is a valid answer to `inputCount` inputs;
    /// false with a one-line reason in `why` otherwise.
    bool decode(const QByteArray& body, int inputCount, DecodedEmbeddings* out, QString* why) const;

    /// Little-endian float32 from base64; false when the text is not base64 or not whole floats.
    static bool decodeBase64Floats(QByteArrayView base64, QVector<float>* out);

private:
    int m_expectedDimensions;
};

} // namespace ec
