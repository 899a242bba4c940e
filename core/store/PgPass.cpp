#include "store/PgPass.h"

#include "util/Logging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace ec {

QString PgPass::defaultPath(const QProcessEnvironment& env)
{
    const QString fromEnv = env.value(QStringLiteral("PGPASSFILE"));
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QDir::home().filePath(QStringLiteral(".pgpass"));
}

QStringList PgPass::splitLine(const QString& line)
{
    if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
        return {};
    QStringList fields;
    QString current;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (c == QLatin1Char('\\') && i + 1 < line.size()) {
            current.append(line.at(++i));
        } else if (c == QLatin1Char(':') && fields.size() < 4) {
            fields.append(current);
            current.clear();
        } else {
            current.append(c);
        }
    }
    fields.append(current);
    if (fields.size() < 5)
        return {};
    return fields;
}

static bool fieldMatches(const QString& pattern, const QString& value)
{
    return pattern == QLatin1String("*") || pattern == value;
}

std::optional<QString> PgPass::lookup(const QString& path, const QString& host, int port,
                                      const QString& database, const QString& user)
{
    const QFileInfo info(path);
    if (!info.exists() || !info.isFile())
        return std::nullopt;
    const auto tooOpen = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup |
                         QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
    if (info.permissions() & tooOpen) {
        qCWarning(lcStore) << "password file" << path << "has group or world access; ignored (chmod 0600 it)";
        return std::nullopt;
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::nullopt;

    const QString hostKey = host.isEmpty() ? QStringLiteral("localhost") : host;
    const QString portKey = QString::number(port > 0 ? port : 5432);
    while (!file.atEnd()) {
        QString line = QString::fromUtf8(file.readLine());
        while (line.endsWith(QLatin1Char('\n')) || line.endsWith(QLatin1Char('\r')))
            line.chop(1);
        const QStringList f = splitLine(line);
        if (f.isEmpty())
            continue;
        if (fieldMatches(f[0], hostKey) && fieldMatches(f[1], portKey) && fieldMatches(f[2], database) &&
            fieldMatches(f[3], user))
            return f[4];
    }
    return std::nullopt;
}

} // namespace ec
