#pragma once
// The simulator's /v1/files: uploaded batch input files and the output and error files its
// batches write, kept in memory for as long as the simulator runs.
//
//   POST   /v1/files               multipart/form-data with `purpose` and `file`
//   GET    /v1/files/{id}          the file object
//   GET    /v1/files/{id}/content  the bytes
//   DELETE /v1/files/{id}
// File objects carry id, object "file", bytes, created_at, filename, purpose and status
// "processed", as the official client's FileObject.

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <map>
#include <optional>

namespace ec {

struct SimulatedFile
{
    QByteArray id;
    QString filename;
    QString purpose; ///< "batch" for uploads, "batch_output" for what batches write
    qint64 createdAt = 0;
    QByteArray content;

    QJsonObject toJson() const;
};

/// One part of a multipart/form-data body.
struct MultipartPart
{
    QByteArray name;
    QByteArray filename;
    QByteArray contentType;
    QByteArray data;
};

/// Splits a multipart/form-data body by the boundary of `contentType`; nullopt when the
/// content type has no boundary or the body does not parse.
std::optional<std::map<QByteArray, MultipartPart>> parseMultipart(const QByteArray& contentType,
                                                                  const QByteArray& body);

class SimulatedFileStore
{
public:
    static constexpr qint64 kMaxFileBytes = 200LL * 1000 * 1000; ///< 200 MB per batch input file

    /// Stores `content` and returns its new id ("file-sim…").
    const SimulatedFile& add(const QString& filename, const QString& purpose, QByteArray content,
                             qint64 createdAt);
    const SimulatedFile* find(const QByteArray& id) const;
    bool remove(const QByteArray& id);

private:
    std::map<QByteArray, SimulatedFile> m_files;
    quint64 m_next = 1;
};

} // namespace ec
