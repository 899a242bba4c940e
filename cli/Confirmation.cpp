#include "Confirmation.h"

#include <cstdio>
#include <unistd.h>

namespace ec {

Confirmation askToConfirm(CliContext& context, bool yes, const QString& question)
{
    if (yes)
        return Confirmation::Yes;
    if (!::isatty(STDIN_FILENO))
        return Confirmation::NotATerminal;
    context.err << question << " [y/N] " << Qt::flush;
    char buffer[64] = {};
    if (!std::fgets(buffer, sizeof buffer, stdin))
        return Confirmation::Declined;
    const QString answer = QString::fromLocal8Bit(buffer).trimmed().toLower();
    return answer == QLatin1String("y") || answer == QLatin1String("yes") ? Confirmation::Yes
                                                                          : Confirmation::Declined;
}

} // namespace ec
