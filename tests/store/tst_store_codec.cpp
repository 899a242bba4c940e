// VectorCodec: every column form round-trips float32 bit for bit.
#include "store/VectorCodec.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace ec;

namespace {

QVector<float> sample(int n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::uniform_int_distribution<quint32> bits;
    QVector<float> v;
    v.reserve(n);
    while (v.size() < n) {
        const quint32 b = bits(rng);
        float f;
        std::memcpy(&f, &b, sizeof f);
        if (std::isfinite(f))
            v.append(f);
    }
    // Typical embedding values and edge cases.
    v << 0.0f << -0.0f << 1.0f << -1.0f << 0.1f << 1e-45f << std::numeric_limits<float>::min()
      << std::numeric_limits<float>::max() << -std::numeric_limits<float>::max() << 0.0123456789f;
    return v;
}

bool bitEqual(const QVector<float>& a, const QVector<float>& b)
{
    return a.size() == b.size() && std::memcmp(a.constData(), b.constData(), sizeof(float) * a.size()) == 0;
}

} // namespace

class TestStoreCodec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("pgvector") << int(VectorColumnKind::PgVector);
        QTest::newRow("real[]") << int(VectorColumnKind::PgRealArray);
        QTest::newRow("blob") << int(VectorColumnKind::SqliteBlob);
    }
    void roundTrip()
    {
        QFETCH(int, kind);
        const VectorCodec codec(static_cast<VectorColumnKind>(kind));
        for (unsigned seed = 1; seed <= 20; ++seed) {
            const QVector<float> v = sample(1536, seed);
            QString error;
            const QVariant stored = codec.encode(v, &error);
            QVERIFY2(stored.isValid(), qPrintable(error));
            const auto back = codec.decode(stored, &error);
            QVERIFY2(back, qPrintable(error));
            QVERIFY(bitEqual(v, *back));
        }
    }

    void textFormsFollowTheServers()
    {
        const QVector<float> v{1.0f, 0.5f, -2.0f, 0.1f};
        // pgvector and PostgreSQL read these forms; numbers are the shortest that read back.
        QCOMPARE(VectorCodec::toPgVectorText(v), QStringLiteral("[1,0.5,-2,0.1]"));
        QCOMPARE(VectorCodec::toPgArrayText(v), QStringLiteral("{1,0.5,-2,0.1}"));
        // What the servers print parses back, spaces and exponents included.
        const auto parsed = VectorCodec::fromPgArrayText(QStringLiteral("{1, 0.5,-2,1e-05}"));
        QVERIFY(parsed);
        QCOMPARE(parsed->size(), 4);
        QCOMPARE(parsed->at(3), 1e-05f);
        QVERIFY(VectorCodec::fromPgVectorText(QStringLiteral("[]"))->isEmpty());
    }

    void blobIsLittleEndianFloat32()
    {
        const QByteArray blob = VectorCodec::toBlob({1.0f, -2.0f});
        QCOMPARE(blob, QByteArray::fromHex("0000803f000000c0"));
    }

    void rejectsMalformed()
    {
        QString error;
        QVERIFY(!VectorCodec::fromPgVectorText(QStringLiteral("{1,2}"), &error));
        QVERIFY(error.contains(QLatin1String("malformed")));
        QVERIFY(!VectorCodec::fromPgVectorText(QStringLiteral("[1,x]"), &error));
        QVERIFY(!VectorCodec::fromPgArrayText(QStringLiteral("{1;2}"), &error));
        QVERIFY(!VectorCodec::fromBlob(QByteArray(7, '\0'), &error));
        QVERIFY(error.contains(QLatin1String("7 bytes")));
        QVERIFY(!VectorCodec(VectorColumnKind::PgVector).decode(QVariant(), &error));
        QVERIFY(error.isEmpty());
    }

    void refusesNonFinite()
    {
        QString error;
        QVERIFY(!VectorCodec(VectorColumnKind::SqliteBlob)
                     .encode({1.0f, std::numeric_limits<float>::quiet_NaN()}, &error)
                     .isValid());
        QVERIFY(error.contains(QLatin1String("NaN")));
        QVERIFY(!VectorCodec(VectorColumnKind::PgVector)
                     .encode({std::numeric_limits<float>::infinity()}, &error)
                     .isValid());
    }
};

QTEST_GUILESS_MAIN(TestStoreCodec)
#include "tst_store_codec.moc"
