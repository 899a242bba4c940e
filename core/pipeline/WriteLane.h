#pragma once
// One extra database connection on its own thread that commits a run's batches, so several
// batches can be written at once on a server that has the cores for it (PostgreSQL). The
// DbWorker keeps reading pages and answering cache look-ups meanwhile.

#include "config/AppConfig.h"
#include "pipeline/BatchCommitter.h"

#include <QObject>

#include <memory>

namespace ec {

class ItemStore;

class WriteLane : public QObject
{
    Q_OBJECT
public:
    /// leaseOwner: the run's lease owner name; index tells lanes apart in connection names.
    WriteLane(const AppConfig& config, const QString& leaseOwner, int index);
    ~WriteLane() override;

public Q_SLOTS:
    /// Commits one batch; the lane's connection is opened on the first call.
    /// → committed() or commitFailed().
    void commit(quint64 tag, const ec::BatchCommit& batch);

Q_SIGNALS:
    void committed(quint64 tag);
    void commitFailed(quint64 tag, const QString& error);

private:
    bool ensureOpen(QString* error);

    AppConfig m_config;
    QString m_leaseOwner;
    int m_index = 0;
    std::unique_ptr<ItemStore> m_store;
    std::unique_ptr<BatchCommitter> m_committer;
};

} // namespace ec
