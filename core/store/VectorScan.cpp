#include "store/VectorScan.h"

#include "store/ItemStore.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QtEndian>

#include <algorithm>
#include <cmath>
#include <cstring>

namespace ec {

namespace {

bool cancelled(QString* error)
{
    if (error)
        *error = QStringLiteral("cancelled");
    return false;
}

/// Dot product and the squared norm of b, eight accumulators so the compiler can vectorise.
void dotAndNorm(const float* a, const float* b, int n, double* dot, double* normB)
{
    float d[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    float nb[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    int i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int j = 0; j < 8; ++j) {
            d[j] += a[i + j] * b[i + j];
            nb[j] += b[i + j] * b[i + j];
        }
    }
    double sd = 0, sn = 0;
    for (int j = 0; j < 8; ++j) {
        sd += d[j];
        sn += nb[j];
    }
    for (; i < n; ++i) {
        sd += double(a[i]) * b[i];
        sn += double(b[i]) * b[i];
    }
    *dot = sd;
    *normB = sn;
}

} // namespace

bool TopK::wouldTake(double score) const
{
    return m_k > 0 && (int(m_heap.size()) < m_k || score >= m_heap.front().score);
}

void TopK::offer(SearchHit hit)
{
    if (m_k <= 0)
        return;
    // The heap's front is the worst kept hit: better() as "less" makes a max-heap of worseness.
    if (int(m_heap.size()) < m_k) {
        m_heap.push_back(std::move(hit));
        std::push_heap(m_heap.begin(), m_heap.end(), better);
        return;
    }
    if (!better(hit, m_heap.front()))
        return;
    std::pop_heap(m_heap.begin(), m_heap.end(), better);
    m_heap.back() = std::move(hit);
    std::push_heap(m_heap.begin(), m_heap.end(), better);
}

QVector<SearchHit> TopK::take()
{
    std::sort(m_heap.begin(), m_heap.end(), better);
    QVector<SearchHit> hits(m_heap.begin(), m_heap.end());
    m_heap.clear();
    return hits;
}

double VectorScan::cosine(const float* a, const float* b, int n)
{
    double dot = 0, normA = 0, normB = 0, ignored = 0;
    dotAndNorm(a, b, n, &dot, &normB);
    dotAndNorm(b, a, n, &ignored, &normA);
    if (normA <= 0 || normB <= 0)
        return 0;
    return dot / (std::sqrt(normA) * std::sqrt(normB));
}

bool VectorScan::fromArraySend(const QByteArray& bytes, QVector<float>* out)
{
    // ndim, has-nulls flag, element type, then per dimension its length and lower bound, then
    // per element its byte length (4) and the big-endian float.
    const auto* p = reinterpret_cast<const uchar*>(bytes.constData());
    const qsizetype size = bytes.size();
    if (size < 12)
        return false;
    const qint32 ndim = qFromBigEndian<qint32>(p);
    const qint32 hasNull = qFromBigEndian<qint32>(p + 4);
    if (ndim == 0) {
        out->clear();
        return true;
    }
    if (ndim != 1 || hasNull != 0 || size < 20)
        return false;
    const qint32 n = qFromBigEndian<qint32>(p + 12);
    if (n < 0 || size != 20 + qsizetype(n) * 8)
        return false;
    out->resize(n);
    float* f = out->data();
    const uchar* e = p + 20;
    for (qint32 i = 0; i < n; ++i, e += 8) {
        const quint32 bits = qFromBigEndian<quint32>(e + 4);
        std::memcpy(f + i, &bits, 4);
    }
    return true;
}

std::optional<QVector<SearchHit>> VectorScan::nearest(const ItemStore& store, const QVector<float>& query,
                                                      int k, const QString& model, ScanStats* stats,
                                                      QString* error,
                                                      const std::function<bool(qint64)>& progress,
                                                      int pageRows)
{
    pageRows = std::max(1, pageRows);
    QElapsedTimer timer;
    timer.start();
    ScanStats local;
    ScanStats& s = stats ? *stats : local;
    s = ScanStats{};
    const CatalogSchema& schema = store.schema();
    const SqlDialect& sql = store.dialect();
    const TableSpec& spec = store.table();
    const QString id = QStringLiteral("t.") + sql.name(spec.idColumn);
    const QString idText = sql.idAsText(id);
    const QString title = QStringLiteral("t.") + sql.name(spec.titleColumn);
    const QString embedding = QStringLiteral("t.") + sql.name(spec.embeddingColumn);
    const QString modelFilter = model.isEmpty() ? QString()
                                                : QStringLiteral(" AND t.") + sql.name(spec.modelColumn) +
                                                      QStringLiteral(" = :model");
    const auto fail = [&](const QSqlQuery& q, const QString& what) {
        if (error)
            *error = QStringLiteral("cannot %1 of %2: %3").arg(what, spec.table, q.lastError().text());
        return std::nullopt;
    };
    if (k <= 0 || query.isEmpty()) {
        if (error)
            *error =
                QStringLiteral("nothing to search for: k must be positive and the query vector not empty");
        return std::nullopt;
    }

    if (schema.vectorKind == VectorColumnKind::PgVector) {
        s.method = QStringLiteral("pgvector");
        QSqlQuery q(store.database());
        q.setForwardOnly(true);
        q.prepare(
            QStringLiteral("SELECT %1, %2, 1 - (%3 <=> CAST(:q AS vector)) FROM %4 t WHERE %3 IS NOT NULL%5 "
                           "ORDER BY %3 <=> CAST(:q2 AS vector), %6 LIMIT %7")
                .arg(idText, title, embedding, store.sqlTable(), modelFilter, id)
                .arg(k));
        const QString text = VectorCodec::toPgVectorText(query);
        q.bindValue(QStringLiteral(":q"), text);
        q.bindValue(QStringLiteral(":q2"), text);
        if (!model.isEmpty())
            q.bindValue(QStringLiteral(":model"), model);
        if (!q.exec())
            return fail(q, QStringLiteral("rank the vectors"));
        QVector<SearchHit> hits;
        while (q.next())
            hits.push_back({q.value(0).toString(), q.value(1).toString(), q.value(2).toDouble(), QString()});
        s.seconds = timer.nsecsElapsed() / 1e9;
        return hits;
    }

    s.method = QStringLiteral("scan");
    const int n = int(query.size());
    double queryNorm = 0, ignored = 0;
    dotAndNorm(query.constData(), query.constData(), n, &ignored, &queryNorm);
    queryNorm = std::sqrt(queryNorm);
    const bool postgres = schema.postgres;
    const QString vectorExpr =
        postgres ? QStringLiteral("array_send(%1)").arg(embedding) : embedding; // bytes either way
    TopK top(k);
    QVector<float> buffer(n);
    QString after;
    bool first = true;
    for (;;) {
        QSqlQuery q(store.database());
        q.setForwardOnly(true);
        QString where = embedding + QStringLiteral(" IS NOT NULL") + modelFilter;
        if (!first)
            where += QStringLiteral(" AND ") + id + QStringLiteral(" > ") +
                     sql.idParam(QStringLiteral(":after"), schema.idKind);
        if (!postgres)
            where += QStringLiteral(" AND typeof(") + id + QStringLiteral(") <> 'blob'");
        q.prepare(QStringLiteral("SELECT %1, %2, %3 FROM %4 t WHERE %5 ORDER BY %6 LIMIT %7")
                      .arg(idText, title, vectorExpr, store.sqlTable(), where, id)
                      .arg(pageRows));
        if (!model.isEmpty())
            q.bindValue(QStringLiteral(":model"), model);
        if (!first)
            q.bindValue(QStringLiteral(":after"), SqlDialect::idValue(after, schema.idKind));
        if (!q.exec())
            return fail(q, QStringLiteral("read the vectors"));
        int rows = 0;
        while (q.next()) {
            ++rows;
            const QString rowId = q.value(0).toString();
            const QByteArray bytes = q.value(2).toByteArray();
            after = rowId;
            const float* v = nullptr;
            if (postgres) {
                if (!fromArraySend(bytes, &buffer) || buffer.size() != n) {
                    ++s.skipped;
                    buffer.resize(n);
                    continue;
                }
                v = buffer.constData();
            } else {
                if (bytes.size() != qsizetype(n) * 4) {
                    ++s.skipped;
                    continue;
                }
                if constexpr (Q_BYTE_ORDER == Q_LITTLE_ENDIAN) {
                    std::memcpy(buffer.data(), bytes.constData(), size_t(n) * 4);
                } else {
                    for (int i = 0; i < n; ++i)
                        buffer[i] = qFromLittleEndian<float>(bytes.constData() + 4 * i);
                }
                v = buffer.constData();
            }
            double dot = 0, norm = 0;
            dotAndNorm(query.constData(), v, n, &dot, &norm);
            const double score = (norm <= 0 || queryNorm <= 0) ? 0 : dot / (queryNorm * std::sqrt(norm));
            ++s.scanned;
            if (top.wouldTake(score))
                top.offer({rowId, q.value(1).toString(), score, QString()});
        }
        ++s.pages;
        first = false;
        if (progress && !progress(s.scanned)) {
            cancelled(error);
            return std::nullopt;
        }
        if (rows < pageRows)
            break;
    }
    s.seconds = timer.nsecsElapsed() / 1e9;
    return top.take();
}

} // namespace ec
