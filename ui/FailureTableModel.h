#pragma once
// The failed and parked items as a table: id, title, attempts, status, HTTP code, message,
// last seen. Qt::UserRole gives each cell's sort key (numbers sort as numbers).
// setEntries() updates the table in place, keyed by item id: rows that are gone are removed,
// changed rows report dataChanged, new ones are inserted; the model is reset only when most
// rows change. So a refresh keeps the selection and the view's position, and its cost
// follows what changed rather than how many failures there are.
// The status colours come from the palette (ThemeColors), readable on dark themes too.

#include "store/StoreTypes.h"

#include <QAbstractTableModel>
#include <QBrush>
#include <QHash>
#include <QPalette>
#include <QVector>

namespace ec::ui {

class FailureTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Title, Attempts, Status, HttpStatus, Message, LastSeen, ColumnCount };
    /// What an item's record says about it.
    enum class Kind { Failed, Parked, Skipped };

    explicit FailureTableModel(QObject* parent = nullptr);

    /// Replaces the entries, in place where it can; true when the model was reset instead.
    bool setEntries(const QVector<ec::FailureEntry>& entries);
    /// The row of an item id, −1 when absent.
    int rowOf(const QString& itemId) const { return m_rows.value(itemId, -1); }
    int parkedCount() const { return m_parked; }
    /// The palette the status colours are chosen for (default: the application's).
    void setPalette(const QPalette& palette);

    /// The CSV header and one record per entry, every entry (not only what a filter shows),
    /// messages verbatim, times in ISO 8601 UTC.
    static QStringList csvHeader();
    static QStringList csvRecord(const ec::FailureEntry& entry);
    static QString kindKey(Kind kind); ///< "failed", "parked", "skipped"
    const QVector<ec::FailureEntry>& entries() const { return m_entries; }
    const ec::FailureEntry& entry(int row) const { return m_entries.at(row); }

    static Kind kind(const ec::FailureEntry& entry);
    static QString kindName(Kind kind);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// Re-reads the translated header and status texts.
    void retranslate();

private:
    void reindex();

    QVector<ec::FailureEntry> m_entries;
    QHash<QString, int> m_rows; ///< item id → row
    int m_parked = 0;
    QBrush m_kindBrushes[3]; ///< by Kind, from the palette
};

} // namespace ec::ui
