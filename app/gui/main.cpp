#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QIcon>
#include <QStyleFactory>

namespace {

void setApplicationNames() {
    QCoreApplication::setOrganizationName(QStringLiteral("Merchbench"));
    QCoreApplication::setApplicationName(QStringLiteral("Merchbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MERCHBENCH_VERSION));
}

struct Options {
    QCommandLineParser parser;
    QCommandLineOption demo{QStringLiteral("demo"),
                            QStringLiteral("Open the demo project (built on first use).")};
    Options() {
        parser.setApplicationDescription(
            QStringLiteral("Merchbench: a retail merchandising and pricing workbench."));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOption(demo);
        parser.addPositionalArgument(QStringLiteral("project"),
                                     QStringLiteral("A .merchbench project file to open."),
                                     QStringLiteral("[project]"));
    }
};

// --help and --version are answered before any window system is needed, so they work over
// ssh and in scripts without a display. Other options wait for QApplication, which reads its
// own (-platform, -style) before the parser sees the rest.
bool answersWithoutWindow(int argc, char* argv[]) {
    static const QList<QByteArray> answered = {"-h",         "-?", "--help",
                                               "--help-all", "-v", "--version"};
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--")
            break;
        if (answered.contains(argument))
            return true;
    }
    return false;
}

}  // namespace

int main(int argc, char* argv[]) {
    if (answersWithoutWindow(argc, argv)) {
        QCoreApplication app(argc, argv);
        setApplicationNames();
        Options options;
        // Prints the help or the version and exits 0 (or says what is wrong and exits 1).
        options.parser.process(app);
    }

    QApplication app(argc, argv);
    setApplicationNames();
    QApplication::setApplicationDisplayName(QStringLiteral("Merchbench"));
    QApplication::setDesktopFileName(QStringLiteral("merchbench"));
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));

    Options options;
    options.parser.process(app);

    mb::ui::MainWindow window;
    if (QFile::exists(QStringLiteral(":/icons/merchbench.svg")))
        QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/merchbench.svg")));
    window.show();
    if (options.parser.isSet(options.demo)) {
        window.openDemoProject();
    } else if (!options.parser.positionalArguments().isEmpty()) {
        window.openProjectInteractively(options.parser.positionalArguments().constFirst());
    }
    return QApplication::exec();
}
