#pragma once
// Resets, priced first, off the UI thread: counts the affected rows (ResetService), prices
// re-embedding them (CostEstimator::estimateReset) and applies the reset, all on a store
// thread and connection of its own, so a long estimate never holds up the dashboard's reads. A new request
// cancels the one before it (its result is dropped); destroying the service cancels what is running. Progress
// is reported a few times a second. With the price come why the rows are affected (how many were embedded
// by another model than the configured one) and the given ids the table does not hold.

#include "StoreThread.h"

#include "ops/CostEstimate.h"
#include "store/StoreTypes.h"

#include <QObject>

#include <memory>

class QTimer;

namespace ec::ui {

/// Why the rows of a reset are affected, and what of the criteria matched nothing.
struct ResetFindings
{
    qint64 affected = 0;
    /// Affected rows embedded by another model than the configured one (or by none recorded);
    /// −1 when the criteria name yet another model (every affected row is then by a model
    /// other than that one).
    qint64 byOtherModel = 0;
    QString configuredModel; ///< the configured model
    QStringList idsNotFound; ///< ids given that no row of the table has, in the order given
};

class ResetPlanner : public QObject
{
    Q_OBJECT
public:
    explicit ResetPlanner(const ec::AppConfig& config, QObject* parent = nullptr);
    ~ResetPlanner() override;

    /// Counts and prices the rows a reset with criteria would clear. → resetPriced() or failed().
    void priceReset(const ec::ResetCriteria& criteria);
    /// Resets the rows in one transaction, recorded as done by byUser. → resetApplied() or failed().
    void applyReset(const ec::ResetCriteria& criteria, const QString& byUser);
    /// Drops the request in progress.
    void cancel();
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    void resetPriced(qint64 affected, const ec::CostEstimate& estimate);
    /// Comes with every resetPriced(), just before it.
    void findingsReady(const ec::ui::ResetFindings& findings);
    void resetApplied(qint64 count);
    void failed(const QString& error);

private:
    struct Control;
    std::shared_ptr<Control> begin();

    StoreThread* m_store = nullptr;
    QTimer* m_poll = nullptr;
    std::shared_ptr<Control> m_current;
    bool m_busy = false;
};

} // namespace ec::ui
