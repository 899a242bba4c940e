// embedctl: the headless operator CLI. All behaviour lives in cli/.
#include "CliApplication.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    return ec::CliApplication().run(QCoreApplication::arguments());
}
