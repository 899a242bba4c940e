#include "sim/SimulatedFileStore.h"

namespace ec {

QJsonObject SimulatedFile::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), QString::fromLatin1(id)},
                       {QStringLiteral("object"), QStringLiteral("file")},
                       {QStringLiteral("bytes"), static_cast<qint64>(content.size())},
                       {QStringLiteral("created_at"), createdAt},
                       {QStringLiteral("filename"), filename},
                       {QStringLiteral("purpose"), purpose},
                       {QStringLiteral("status"), QStringLiteral("processed")},
                       {QStringLiteral("status_details"), QJsonValue::Null}};
}

namespace {

/// The value of `key=` in a header value such as `form-data; name="file"; filename="a.jsonl"`.
QByteArray parameter(const QByteArray& header, const QByteArray& key)
{
    for (QByteArray piece : header.split(';')) {
        piece = piece.trimmed();
        if (!piece.toLower().startsWith(QByteArray(key + "=")))
            continue;
        QByteArray value = piece.mid(key.size() + 1).trimmed();
        if (value.size() >= 2 && value.startsWith('"') && value.endsWith('"'))
            value = value.mid(1, value.size() - 2);
        return value;
    }
    return {};
}

} // namespace

std::optional<std::map<QByteArray, MultipartPart>> parseMultipart(const QByteArray& contentType,
                                                                  const QByteArray& body)
{
    if (!contentType.toLower().startsWith("multipart/form-data"))
        return std::nullopt;
    const QByteArray boundary = parameter(contentType, "boundary");
    if (boundary.isEmpty())
        return std::nullopt;
    const QByteArray delimiter = "--" + boundary;
    std::map<QByteArray, MultipartPart> parts;
    qsizetype pos = body.indexOf(delimiter);
    if (pos < 0)
        return std::nullopt;
    for (;;) {
        pos += delimiter.size();
        if (body.mid(pos, 2) == "--")
            return parts; // the closing delimiter
        if (body.mid(pos, 2) != "\r\n")
            return std::nullopt;
        pos += 2;
        const qsizetype headersEnd = body.indexOf("\r\n\r\n", pos);
        if (headersEnd < 0)
            return std::nullopt;
        MultipartPart part;
        for (const QByteArray& line : body.mid(pos, headersEnd - pos).split('\n')) {
            const QByteArray trimmed = line.trimmed();
            const qsizetype colon = trimmed.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = trimmed.left(colon).trimmed().toLower();
            const QByteArray value = trimmed.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                part.name = parameter(value, "name");
                part.filename = parameter(value, "filename");
            } else if (name == "content-type") {
                part.contentType = value;
            }
        }
        const qsizetype dataStart = headersEnd + 4;
        const qsizetype next = body.indexOf(QByteArray("\r\n" + delimiter), dataStart);
        if (next < 0)
            return std::nullopt;
        part.data = body.mid(dataStart, next - dataStart);
        if (!part.name.isEmpty())
            parts[part.name] = std::move(part);
        pos = next + 2;
    }
}

const SimulatedFile& SimulatedFileStore::add(const QString& filename, const QString& purpose,
                                             QByteArray content, qint64 createdAt)
{
    SimulatedFile file;
    file.id = "file-sim" + QByteArray::number(m_next++).rightJustified(8, '0');
    file.filename = filename;
    file.purpose = purpose;
    file.createdAt = createdAt;
    file.content = std::move(content);
    const QByteArray id = file.id;
    return m_files.emplace(id, std::move(file)).first->second;
}

const SimulatedFile* SimulatedFileStore::find(const QByteArray& id) const
{
    const auto it = m_files.find(id);
    return it == m_files.end() ? nullptr : &it->second;
}

bool SimulatedFileStore::remove(const QByteArray& id)
{
    return m_files.erase(id) > 0;
}

} // namespace ec
