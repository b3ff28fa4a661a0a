#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QIcon>
#include <QStyleFactory>

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Merchbench"));
    QApplication::setApplicationName(QStringLiteral("Merchbench"));
    QApplication::setApplicationDisplayName(QStringLiteral("Merchbench"));
    QApplication::setApplicationVersion(QStringLiteral(MERCHBENCH_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("merchbench"));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Merchbench: a retail merchandising and pricing workbench."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Open the demo project (built on first use)."));
    parser.addOption(demo);
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QStringLiteral("A .merchbench project file to open."),
                                 QStringLiteral("[project]"));
    parser.process(app);

    mb::ui::MainWindow window;
    if (QFile::exists(QStringLiteral(":/icons/merchbench.svg")))
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/merchbench.svg")));
    window.show();
    if (parser.isSet(demo)) {
        window.openDemoProject();
    } else if (!parser.positionalArguments().isEmpty()) {
        window.openProjectInteractively(parser.positionalArguments().constFirst());
    }
    return QApplication::exec();
}
