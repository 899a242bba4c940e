#include "pipeline/BatchCommitter.h"

#include "store/FailureLog.h"
#include "store/LeaseManager.h"
#include "store/MigrationStore.h"
#include "store/VectorWriter.h"

namespace ec {

BatchCommitter::BatchCommitter(QSqlDatabase db, const TableSpec& table, const CatalogSchema& schema,
                               const AppConfig& config, const QString& leaseOwner)
    : m_config(config)
    , m_leaseOwner(leaseOwner)
    , m_writer(std::make_unique<VectorWriter>(db, table, schema))
    , m_failures(std::make_unique<FailureLog>(db, table, schema))
    , m_leases(std::make_unique<LeaseManager>(db, table, schema))
{
    m_writer->setMethod(VectorWriter::methodFromName(config.run.writeMethod));
}

BatchCommitter::~BatchCommitter() = default;

void BatchCommitter::resetSession()
{
    m_writer->resetSession();
}

bool BatchCommitter::apply(const BatchCommit& batch, QString* error)
{
    if (m_staging)
        return m_staging->write(batch.writes, error) && m_staging->markFresh(batch.currentIds, error) &&
               m_staging->recordFailed(batch.failures, error);
    const int dimensions = m_config.embedding.effectiveDimensions();
    if (!batch.writes.isEmpty() &&
        !m_writer->write(batch.writes, m_config.embedding.model, dimensions, error))
        return false;
    if (!batch.currentIds.isEmpty() && !m_writer->markCurrent(batch.currentIds, error))
        return false;
    if (!batch.failures.isEmpty() && !m_failures->record(batch.failures, m_config.run, error))
        return false;
    QVector<QString> release = batch.releaseIds;
    for (const FailureRecord& failure : batch.failures)
        release.push_back(failure.itemId);
    if (!release.isEmpty()) {
        // A lease left behind only delays the item until it expires: not worth failing the run.
        QString ignored;
        m_leases->release(m_leaseOwner, release, &ignored);
    }
    return true;
}

} // namespace ec
