// merchbench-cli: every analysis of the workbench as a batch command (no widgets).
#include "Cli.h"

#include <QCoreApplication>
#include <functional>
#include <map>

namespace {

struct Command {
    std::function<int(const QStringList&)> run;
    const char* synopsis;
};

const std::map<QString, Command>& commands() {
    using namespace mb::cli;
    static const std::map<QString, Command> table{
        {QStringLiteral("import"),
         {importCommand, "import PROJECT FILE --kind KIND [--map COLUMN=FIELD]... [options]"}},
        {QStringLiteral("info"), {infoCommand, "info PROJECT [--json]"}},
        {QStringLiteral("generate"), {generateCommand, "generate OUTDIR [--seed N] [--scale S]"}},
        {QStringLiteral("demo"), {demoCommand, "demo [OUTDIR]"}},
    };
    return table;
}

void printUsage() {
    mb::cli::printLine(QStringLiteral(
        "Merchbench " MERCHBENCH_VERSION
        " - retail merchandising and pricing workbench\n\n"
        "Usage: merchbench-cli COMMAND [ARGS]   (merchbench-cli COMMAND --help for details)\n\n"
        "Commands:"));
    for (const auto& [name, command] : commands()) {
        mb::cli::printLine(QStringLiteral("  ") + QString::fromLatin1(command.synopsis));
    }
    mb::cli::printLine(QStringLiteral(
        "\nExit status: 0 success, 1 usage error, 2 input error (a bad file or project)."));
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("merchbench-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MERCHBENCH_VERSION));
    QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2 || arguments[1] == QStringLiteral("--help") ||
        arguments[1] == QStringLiteral("-h") || arguments[1] == QStringLiteral("help")) {
        printUsage();
        return arguments.size() < 2 ? mb::cli::UsageError : mb::cli::Success;
    }
    if (arguments[1] == QStringLiteral("--version")) {
        mb::cli::printLine(QStringLiteral("merchbench-cli " MERCHBENCH_VERSION));
        return mb::cli::Success;
    }
    const auto it = commands().find(arguments[1]);
    if (it == commands().end()) {
        mb::cli::printError(
            QStringLiteral("merchbench-cli: unknown command '%1'.").arg(arguments[1]));
        printUsage();
        return mb::cli::UsageError;
    }
    arguments.removeAt(1);
    arguments[0] = QStringLiteral("merchbench-cli ") + it->first;
    return it->second.run(arguments);
}
