// coroscope: for now the headless command line (--list, --run). The desktop playground will
// start here when no headless command is given.
#include "cli.h"

#include <QCoreApplication>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("coroscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PROJECT_VERSION));
    return app::runCommandLine(QCoreApplication::arguments());
}
