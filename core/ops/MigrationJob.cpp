#include "ops/ModelMigration.h"

namespace ec {

struct MigrationJob::Private
{
    bool busy = false;
};

MigrationJob::MigrationJob(QObject* parent)
    : StoreJob(parent)
    , d(std::make_unique<Private>())
{
    qRegisterMetaType<ec::MigrationPlan>();
    qRegisterMetaType<ec::MigrationStatus>();
    qRegisterMetaType<ec::MigrationCompare>();
    qRegisterMetaType<ec::MigrationSwapResult>();
    qRegisterMetaType<ec::MigrationRollbackResult>();
    qRegisterMetaType<ec::MigrationFinishResult>();
}

MigrationJob::~MigrationJob() = default;

bool MigrationJob::isBusy() const
{
    return d->busy || isRunning();
}

namespace {
bool notYet(MigrationJob* job)
{
    QMetaObject::invokeMethod(
        job, [job] { Q_EMIT job->failed(QStringLiteral("not yet")); }, Qt::QueuedConnection);
    return true;
}
} // namespace

bool MigrationJob::plan(const AppConfig&, const MigrationTarget&)
{
    return notYet(this);
}
bool MigrationJob::readStatus(const AppConfig&)
{
    return notYet(this);
}
bool MigrationJob::stage(const AppConfig&, const MigrationTarget&)
{
    return notYet(this);
}
bool MigrationJob::compare(const AppConfig&, const QStringList&, int)
{
    return notYet(this);
}
bool MigrationJob::swap(const AppConfig&)
{
    return notYet(this);
}
bool MigrationJob::rollback(const AppConfig&)
{
    return notYet(this);
}
bool MigrationJob::finish(const AppConfig&)
{
    return notYet(this);
}

void MigrationJob::cancel()
{
    StoreJob::cancel();
}

void MigrationJob::deliver(const QVariant&) {}

} // namespace ec
