// embedding-console: the operator's desktop console. All behaviour lives in ui/.
#include "ConsoleApplication.h"

#include <QApplication>

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    return ec::ui::ConsoleApplication().run(QApplication::arguments());
}
