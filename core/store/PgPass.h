#pragma once
// Looks a password up in a PostgreSQL password file (~/.pgpass or $PGPASSFILE), the way
// libpq does: lines `hostname:port:database:username:password`, `*` matching anything in
// the first four fields, `\:` and `\\` escapes, `#` comments, first match wins. A file that
// group or others may read is ignored, as libpq ignores it.

#include <QProcessEnvironment>
#include <QString>

#include <optional>

namespace ec {

class PgPass
{
public:
    /// $PGPASSFILE when set, else ~/.pgpass.
    static QString defaultPath(const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

    /// The password of the first line matching host, port, database and user; nullopt when
    /// the file is missing, unreadable, too open (mode beyond 0600) or has no matching line.
    /// An empty host is looked up as "localhost", as libpq does for the default socket.
    static std::optional<QString> lookup(const QString& path, const QString& host, int port,
                                         const QString& database, const QString& user);

    /// Splits one line into its fields, honouring `\:` and `\\`; empty for comments and
    /// lines with fewer than five fields.
    static QStringList splitLine(const QString& line);
};

} // namespace ec
