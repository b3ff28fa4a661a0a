// merchbench-cli: every analysis of the workbench as a batch command (no widgets).
#include "Cli.h"

#include <QCoreApplication>
#include <algorithm>
#include <new>

namespace {

// Commands in the order a user meets them: data first, then the analyses by name.
std::vector<mb::cli::Command> sortedCommands() {
    std::vector<mb::cli::Command> commands = mb::cli::commandRegistry();
    const QStringList first{QStringLiteral("import"), QStringLiteral("info"),
                            QStringLiteral("generate"), QStringLiteral("demo")};
    std::sort(commands.begin(), commands.end(), [&](const auto& a, const auto& b) {
        const auto rank = [&](const QString& name) {
            const auto index = first.indexOf(name);
            return index < 0 ? first.size() : index;
        };
        return std::pair(rank(a.name), a.name) < std::pair(rank(b.name), b.name);
    });
    return commands;
}

void printUsage() {
    mb::cli::printLine(QStringLiteral(
        "Merchbench " MERCHBENCH_VERSION
        " - retail merchandising and pricing workbench\n\n"
        "Usage: merchbench-cli COMMAND [ARGS]   (merchbench-cli COMMAND --help for details)\n\n"
        "Commands:"));
    for (const mb::cli::Command& command : sortedCommands()) {
        mb::cli::printLine(QStringLiteral("  ") + command.synopsis);
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
    const auto& commands = mb::cli::commandRegistry();
    const auto it = std::find_if(commands.begin(), commands.end(),
                                 [&](const auto& command) { return command.name == arguments[1]; });
    if (it == commands.end()) {
        mb::cli::printError(
            QStringLiteral("merchbench-cli: unknown command '%1'.").arg(arguments[1]));
        printUsage();
        return mb::cli::UsageError;
    }
    arguments.removeAt(1);
    arguments[0] = QStringLiteral("merchbench-cli ") + it->name;
    try {
        return it->run(arguments);
    } catch (const std::bad_alloc&) {
        // The analyses count their own memory; this is the last guard, so that a command never
        // aborts. Outputs are written through temporary files, so nothing half-written is left.
        mb::cli::printError(
            QStringLiteral("%1: out of memory: the system refused more memory before the "
                           "analysis finished. Run it on less data, with "
                           "stricter thresholds, or with a lower --memory-limit where the "
                           "command has one.")
                .arg(arguments[0]));
        return mb::cli::InputError;
    }
}
