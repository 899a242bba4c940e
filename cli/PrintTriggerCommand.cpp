#include "PrintTriggerCommand.h"

#include "store/ChangeListener.h"

namespace ec {

int PrintTriggerCommand::execute(CliContext& context)
{
    // Nothing is connected to: the SQL depends on the configured table and columns only.
    context.out << ChangeListener::triggerSql(context.config.table);
    return ExitOk;
}

} // namespace ec
