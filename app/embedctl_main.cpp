// embedctl: the headless operator CLI. All behaviour lives in core/cli.
#include "cli/CliApplication.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    return ec::CliApplication().run(QCoreApplication::arguments());
}
