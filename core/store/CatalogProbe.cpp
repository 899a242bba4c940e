#include "store/CatalogProbe.h"

#include "store/Database.h"
#include "store/DatabaseUrl.h"
#include "store/SchemaInspector.h"
#include "util/Secrets.h"

#include <QFileInfo>

namespace ec {

CatalogPresence probeCatalog(const AppConfig& config)
{
    CatalogPresence result;
    const QString urlText = config.effectiveDatabaseUrl();
    QString error;
    const auto url = DatabaseUrl::parse(urlText, &error);
    if (!url) {
        result.reason = error;
        return result;
    }
    result.location = url->isSqlite() ? url->path : redactUrl(urlText);
    if (url->isSqlite() && (!QFileInfo::exists(url->path) || QFileInfo(url->path).size() == 0)) {
        result.state = CatalogPresence::State::Missing;
        result.reason =
            QStringLiteral("the SQLite catalog %1 has no table %2 yet").arg(url->path, config.table.table);
        return result;
    }
    ConnectOptions options;
    options.sqliteReadOnly = true;
    options.createSqliteParentDir = false;
    auto connection = DatabaseConnection::open(*url, QString(), &error, options);
    if (!connection) {
        result.reason = scrubSecrets(error, config.secrets());
        return result;
    }
    QSqlDatabase db = connection->database();
    const bool exists =
        SchemaInspector::tableExists(db, connection->isPostgres(), config.table.table, &error);
    if (!error.isEmpty()) {
        result.reason = scrubSecrets(error, config.secrets());
        return result;
    }
    result.serverVersion = connection->serverVersion();
    if (!exists) {
        result.state = CatalogPresence::State::Missing;
        result.reason =
            QStringLiteral("table %1 does not exist in %2").arg(config.table.table, redactUrl(urlText));
        return result;
    }
    const auto schema =
        SchemaInspector::inspect(db, connection->isPostgres(), config.table, result.serverVersion, &error);
    if (!schema) {
        result.state = CatalogPresence::State::Unusable;
        result.reason = scrubSecrets(error, config.secrets());
        return result;
    }
    result.state = CatalogPresence::State::Present;
    result.embeddingType = schema->embeddingType;
    return result;
}

} // namespace ec
