#pragma once
// Helpers that keep secrets (API keys, database passwords, webhook tokens) out of
// everything a person or a log can read.

#include <QString>
#include <QUrl>

namespace ec {

/// "sk-abc…xyz" style mask: never more than the last four characters, "(none)" when empty.
QString maskSecret(const QString& secret);

/// The URL with its password (and any query value named like a secret) replaced by "***".
QString redactUrl(const QUrl& url);
/// The same for text: also a libpq connection string (password=… masked) and URLs QUrl cannot
/// read, such as PostgreSQL's with several hosts.
QString redactUrl(const QString& url);

/// The password a database URL or libpq connection string holds (empty when none).
QString databaseUrlPassword(const QString& url);
/// The database URL or connection string without its password (for saved settings).
QString withoutDatabasePassword(const QString& url);

/// Replaces every occurrence of each non-empty secret in text by "***".
QString scrubSecrets(QString text, const QStringList& secrets);

} // namespace ec
