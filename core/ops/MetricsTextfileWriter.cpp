#include "ops/MetricsTextfileWriter.h"

#include <QSaveFile>

namespace ec {

MetricsTextfileWriter::MetricsTextfileWriter(QString path)
    : m_path(std::move(path))
{}

bool MetricsTextfileWriter::write(const QByteArray& text, QString* error)
{
    QSaveFile file(m_path);
    bool ok = file.open(QIODevice::WriteOnly);
    if (ok) {
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup |
                            QFileDevice::ReadOther);
        ok = file.write(text) == text.size() && file.commit();
    }
    if (!ok) {
        m_lastError = QStringLiteral("cannot write the metrics file %1: %2").arg(m_path, file.errorString());
        file.cancelWriting();
        if (error)
            *error = m_lastError;
        return false;
    }
    m_lastError.clear();
    return true;
}

} // namespace ec
