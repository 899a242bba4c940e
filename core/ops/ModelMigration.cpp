#include "ops/ModelMigration.h"

namespace ec {

QString migrationStateName(MigrationState state)
{
    switch (state) {
    case MigrationState::None:
        return QStringLiteral("none");
    case MigrationState::Staging:
        return QStringLiteral("staging");
    case MigrationState::Swapped:
        return QStringLiteral("swapped");
    case MigrationState::Finished:
        return QStringLiteral("finished");
    case MigrationState::RolledBack:
        return QStringLiteral("rolled_back");
    }
    return QString();
}

AppConfig MigrationTarget::configFor(const AppConfig& config) const
{
    AppConfig result = config;
    result.embedding.model = toModel;
    result.embedding.dimensions = dimensions;
    result.embedding.modelConfigured = true;
    return result;
}

QJsonObject MigrationPlan::toJson() const
{
    return {};
}
QJsonObject MigrationStatus::toJson() const
{
    return {};
}
QJsonObject MigrationCompare::toJson() const
{
    return {};
}
QJsonObject MigrationSwapResult::toJson() const
{
    return {};
}
QJsonObject MigrationRollbackResult::toJson() const
{
    return {};
}
QJsonObject MigrationFinishResult::toJson() const
{
    return {};
}

namespace migration {

Result<MigrationPlan> plan(const ItemStore&, const AppConfig&, const MigrationTarget&, Feedback*)
{
    return fail(QStringLiteral("not yet"));
}
Result<MigrationStatus> begin(ItemStore&, const MigrationPlan&)
{
    return fail(QStringLiteral("not yet"));
}
Result<MigrationStatus> begin(ItemStore&, const AppConfig&, const MigrationTarget&)
{
    return fail(QStringLiteral("not yet"));
}
Result<MigrationStatus> status(const ItemStore&)
{
    return fail(QStringLiteral("not yet"));
}
Result<void> recordSpend(ItemStore&, qint64, double)
{
    return fail(QStringLiteral("not yet"));
}
Result<MigrationSwapResult> swap(ItemStore&, Feedback*)
{
    return fail(QStringLiteral("not yet"));
}
Result<MigrationRollbackResult> rollback(ItemStore&, Feedback*)
{
    return fail(QStringLiteral("not yet"));
}
Result<MigrationFinishResult> finish(ItemStore&)
{
    return fail(QStringLiteral("not yet"));
}
Result<MigrationCompare> compareVectors(const ItemStore&, const QString&, const QStringList&,
                                        const QVector<QVector<float>>&, const QVector<QVector<float>>&, int,
                                        Feedback*)
{
    return fail(QStringLiteral("not yet"));
}
Result<QStringList> sampleQueries(const ItemStore&, int)
{
    return fail(QStringLiteral("not yet"));
}

} // namespace migration
} // namespace ec
