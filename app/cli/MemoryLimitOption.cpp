#include "MemoryLimitOption.h"

#include "Cli.h"

namespace mb::cli {

void addMemoryLimitOption(QCommandLineParser& parser) {
    QCommandLineOption option(
        QStringLiteral("memory-limit"),
        QStringLiteral("Memory the analysis may hold for its working data, such as 4G or 512M "
                       "(default: half of this machine's memory, %1). Past it the command "
                       "stops with exit 2 and says how far it got and what to change.")
            .arg(MemoryBudget::formatSize(MemoryBudget::machineDefault().limit())));
    option.setValueName(QStringLiteral("SIZE"));
    parser.addOption(option);
}

std::optional<MemoryBudget> readMemoryLimit(const QCommandLineParser& parser, const char* command) {
    if (!parser.isSet(QStringLiteral("memory-limit")))
        return MemoryBudget::machineDefault();
    const QString text = parser.value(QStringLiteral("memory-limit"));
    const std::optional<std::uint64_t> bytes = MemoryBudget::parseSize(text);
    if (!bytes) {
        printError(QStringLiteral("%1: --memory-limit: expected a size such as 4G, 512M or "
                                  "800K (%2)")
                       .arg(QString::fromLatin1(command), text));
        return std::nullopt;
    }
    return MemoryBudget(*bytes);
}

std::optional<qint64> readMemoryLimitBytes(const QCommandLineParser& parser, const char* command) {
    const std::optional<MemoryBudget> budget = readMemoryLimit(parser, command);
    if (!budget)
        return std::nullopt;
    return parser.isSet(QStringLiteral("memory-limit")) ? static_cast<qint64>(budget->limit()) : 0;
}

}  // namespace mb::cli
