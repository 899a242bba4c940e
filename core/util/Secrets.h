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
QString redactUrl(const QString& url);

/// Replaces every occurrence of each non-empty secret in text by "***".
QString scrubSecrets(QString text, const QStringList& secrets);

} // namespace ec
