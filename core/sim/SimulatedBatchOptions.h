#pragma once
// How the simulator's Batch API behaves (SimulatedBatchApi, `embedctl simulate --batch-…`).
//
// Clock: simulated time runs `minutesPerSecond` simulated minutes per real second from the
// simulator's start (`--batch-minutes-per-second N`, default 60: the 24 h window passes in
// 24 s). A batch validates for `validatingMinutes`, then works through its requests evenly
// over `processingMinutes`, finalizes for one simulated minute and completes.
//
// Faults (`--batch-faults LIST`, comma-separated):
//   request-error:F  a share F of the requests answer a 500 server_error (they land in the
//                    error file; the rest of the batch completes)
//   expire:F         every batch works so slowly that only a share F of its requests is done
//                    when its 24 h window ends: it expires with that part in the output file
//                    and the rest in the error file (code batch_expired)
// `enqueuedTokenLimit` (`--batch-token-limit N`): per model, the tokens of the batches still
// open (validating, in_progress, finalizing, cancelling); a batch that would take them past
// it fails validation with `token_limit_exceeded`, as the real API does. 0: no limit.

#include <QString>
#include <QStringList>

#include <cmath>

namespace ec {

struct BatchSimOptions
{
    double minutesPerSecond = 60;  ///< simulated minutes per real second
    double validatingMinutes = 1;  ///< time spent in `validating`
    double processingMinutes = 30; ///< time to work through every request of a batch
    double finalizingMinutes = 1;  ///< time spent in `finalizing` (and `cancelling`)
    qint64 enqueuedTokenLimit = 0; ///< per model; 0: no limit
    double requestErrorRate = 0;   ///< request-error:F
    double expireAtFraction = -1;  ///< expire:F; < 0: batches do not expire

    static constexpr double kWindowMinutes = 24 * 60;

    /// Parses `--batch-faults`; false with a reason on a bad item.
    bool parseFaults(const QStringList& items, QString* error)
    {
        for (const QString& list : items) {
            for (QString item : list.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                item = item.trimmed();
                const qsizetype colon = item.indexOf(QLatin1Char(':'));
                const QString name = colon < 0 ? item : item.left(colon);
                bool ok = colon >= 0;
                const double value = ok ? item.mid(colon + 1).toDouble(&ok) : 0;
                if (!ok || !std::isfinite(value) || value < 0 || value > 1) {
                    if (error)
                        *error = QStringLiteral("batch fault \"%1\": expected NAME:FRACTION with a "
                                                "fraction in [0, 1]")
                                     .arg(item);
                    return false;
                }
                if (name == QLatin1String("request-error")) {
                    requestErrorRate = value;
                } else if (name == QLatin1String("expire")) {
                    expireAtFraction = value;
                } else {
                    if (error)
                        *error = QStringLiteral("unknown batch fault \"%1\" (known: request-error, expire)")
                                     .arg(name);
                    return false;
                }
            }
        }
        return true;
    }

    bool validate(QString* error) const
    {
        auto fail = [&](const QString& why) {
            if (error)
                *error = why;
            return false;
        };
        if (!(minutesPerSecond > 0) || !std::isfinite(minutesPerSecond))
            return fail(QStringLiteral("--batch-minutes-per-second must be a positive number"));
        if (validatingMinutes < 0 || processingMinutes <= 0 || finalizingMinutes < 0)
            return fail(QStringLiteral("batch phase durations must be positive"));
        if (enqueuedTokenLimit < 0)
            return fail(QStringLiteral("--batch-token-limit must not be negative"));
        return true;
    }
};

} // namespace ec
