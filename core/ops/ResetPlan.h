#pragma once
// A reset, planned and priced before it is applied: the one implementation behind
// `embedctl reset` and the console's Reset dialog (through ResetJob).
//
//     const Result<ResetPlan> plan = planReset(store, config, criteria, &feedback);
//     … show plan->affected, plan->estimate, plan->idsNotFound; ask …
//     const Result<qint64> cleared = applyReset(writableStore, criteria, currentUser());

#include "config/AppConfig.h"
#include "ops/CostEstimate.h"
#include "store/StoreTypes.h"
#include "util/Feedback.h"
#include "util/Result.h"

#include <QStringList>

namespace ec {

class ItemStore;

/// What a reset with given criteria would do, and what re-embedding its rows would cost.
struct ResetPlan
{
    ResetCriteria criteria;
    /// Rows the reset would clear.
    qint64 affected = 0;
    /// Affected rows embedded by another model than the configured one (or by none recorded);
    /// −1 when the criteria name yet another model (every affected row is then by a model
    /// other than that one, and one more count does not tell how many are by the configured one).
    qint64 byOtherModel = 0;
    QString configuredModel;
    /// Ids given in the criteria that no row of the table has, in the order given.
    QStringList idsNotFound;
    /// Re-embedding the affected rows (CostEstimator::estimateReset).
    CostEstimate estimate;
};

/// Counts, explains and prices the rows a reset with criteria would clear, reading only.
/// feedback (may be null) follows the pricing, which pages through the rows; a cancel ends the
/// plan with the error "cancelled".
Result<ResetPlan> planReset(const ItemStore& store, const AppConfig& config, const ResetCriteria& criteria,
                            Feedback* feedback = nullptr);

/// Clears the rows in one transaction, recorded as done by byUser (ResetService::reset).
/// store must have been opened with migrations (it writes embedding_resets).
Result<qint64> applyReset(ItemStore& store, const ResetCriteria& criteria, const QString& byUser);

/// Who runs this process, for the reset record: $USER, $LOGNAME or "unknown".
QString currentUser();

} // namespace ec
