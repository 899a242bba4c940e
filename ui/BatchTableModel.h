#pragma once
// The recorded Batch API batches (embedding_batches, BatchesJob) as a table, newest first: id,
// status (coloured as the run states are), progress from request_counts, age against the 24 h
// completion window, items, tokens and cost at the Batch API price (expected while open,
// billed once collected) and what collection did (written, failed, back to pending) or the
// API's errors. ProgressRole gives the progress column's share (0…1, −1 unknown).

#include "store/BatchStore.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QVector>

namespace ec::ui {

class BatchTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Batch, Status, Progress, Age, Items, Tokens, Cost, Result, ColumnCount };
    static constexpr int ProgressRole = Qt::UserRole + 1;
    static constexpr qint64 kWindowSeconds = 24 * 3600;

    explicit BatchTableModel(QObject* parent = nullptr);

    void setBatches(const QVector<ec::BatchRecord>& batches);
    const QVector<ec::BatchRecord>& batches() const { return m_batches; }
    void setKrwPerUsd(double rate);
    /// The clock ages are measured against (tests set it; default: now, at each read).
    void setNow(const QDateTime& now) { m_now = now; }

    /// Seconds from submission to now (open) or to its end (collected, abandoned); −1 unknown.
    qint64 ageSeconds(const ec::BatchRecord& batch) const;
    /// "3 h 10 min of 24 h".
    static QString ageText(qint64 seconds);
    /// The API's status (or, before there is one, the console's step) in the UI language.
    static QString statusText(const ec::BatchRecord& batch);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void retranslate();

private:
    QVector<ec::BatchRecord> m_batches;
    double m_krwPerUsd = 1300;
    QDateTime m_now;
};

} // namespace ec::ui
