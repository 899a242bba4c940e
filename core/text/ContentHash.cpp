#include "ContentHash.h"

#include <QCryptographicHash>

namespace ec {

QByteArray ContentHash::of(const QByteArray& utf8Text, const QString& model, int dimensions)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(utf8Text);
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(model.toUtf8());
    hash.addData(QByteArrayView("\0", 1));
    hash.addData(QByteArray::number(dimensions));
    return hash.result().toHex();
}

} // namespace ec
