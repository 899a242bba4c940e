#include "config/Identifier.h"

#include <QRegularExpression>

namespace ec {

bool isValidIdentifier(const QString& name)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]{0,62}$"));
    return re.match(name).hasMatch();
}

bool isValidQualifiedIdentifier(const QString& name)
{
    const QStringList parts = name.split(QLatin1Char('.'));
    if (parts.size() > 2)
        return false;
    for (const QString& part : parts) {
        if (!isValidIdentifier(part))
            return false;
    }
    return true;
}

} // namespace ec
