#include "sim/VectorSynth.h"

#include <QCryptographicHash>
#include <QtEndian>

#include <cmath>

namespace ec {

namespace {

struct Xoshiro256
{
    quint64 s[4];

    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }

    quint64 next()
    {
        const quint64 result = rotl(s[1] * 5, 7) * 9;
        const quint64 t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = rotl(s[3], 45);
        return result;
    }
};

} // namespace

QVector<float> synthesizeEmbedding(QByteArrayView text, int dimensions)
{
    if (dimensions <= 0)
        return {};
    const QByteArray digest = QCryptographicHash::hash(text, QCryptographicHash::Sha256);
    Xoshiro256 rng;
    for (int i = 0; i < 4; ++i)
        rng.s[i] = qFromLittleEndian<quint64>(digest.constData() + 8 * i);
    if ((rng.s[0] | rng.s[1] | rng.s[2] | rng.s[3]) == 0)
        rng.s[0] = 1; // the all-zero state is the one xoshiro cannot leave

    QVector<float> vector(dimensions);
    double sumSquares = 0;
    for (int i = 0; i < dimensions; ++i) {
        const double unit = static_cast<double>(rng.next() >> 40) / static_cast<double>(1 << 24); // [0, 1)
        const float value = static_cast<float>(unit * 2.0 - 1.0);
        vector[i] = value;
        sumSquares += static_cast<double>(value) * static_cast<double>(value);
    }
    if (sumSquares <= 0) {
        vector[0] = 1.0f;
        return vector;
    }
    const double scale = 1.0 / std::sqrt(sumSquares);
    for (float& value : vector)
        value = static_cast<float>(static_cast<double>(value) * scale);
    return vector;
}

} // namespace ec
