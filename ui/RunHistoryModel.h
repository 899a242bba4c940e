#pragma once
// Past runs (embedding_runs) as a table with their figures: when, how long, status, counts,
// requests, tokens, cost and throughput. Qt::UserRole gives each cell's sort key.

#include "store/StoreTypes.h"

#include <QAbstractTableModel>
#include <QVector>

namespace ec::ui {

class RunHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Id,
        Started,
        Duration,
        Status,
        Total,
        Succeeded,
        Failed,
        Skipped,
        Unchanged,
        Deduped,
        Cached,
        Requests,
        Tokens,
        Cost,
        Throughput,
        Worker,
        ColumnCount
    };

    explicit RunHistoryModel(QObject* parent = nullptr);

    void setRuns(const QVector<ec::RunRecord>& runs);
    const QVector<ec::RunRecord>& runs() const { return m_runs; }
    void setKrwPerUsd(double rate);

    /// Seconds from start to end (or to the last heartbeat while running); −1 when unknown.
    static double durationSeconds(const ec::RunRecord& run);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void retranslate();

private:
    QVector<ec::RunRecord> m_runs;
    double m_krwPerUsd = 1300;
};

} // namespace ec::ui
