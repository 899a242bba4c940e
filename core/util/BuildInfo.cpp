#include "util/BuildInfo.h"

#include "BuildInfoConfig.h"

#include <QtGlobal>

namespace ec {

QString BuildInfo::version()
{
    return QStringLiteral(EC_BUILD_VERSION);
}

QString BuildInfo::gitCommit()
{
    return QStringLiteral(EC_BUILD_GIT_COMMIT);
}

QString BuildInfo::qtVersion()
{
    return QString::fromLatin1(qVersion());
}

QString BuildInfo::summary()
{
    return QStringLiteral("%1 (commit %2, Qt %3)").arg(version(), gitCommit(), qtVersion());
}

} // namespace ec
