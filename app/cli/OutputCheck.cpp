#include "OutputCheck.h"

#include "Cli.h"

namespace mb::cli {

int refuseOverwrites(const exporting::CommandFiles& files) {
    if (const std::optional<exporting::PathClash> clash = files.firstClash()) {
        printError(clash->message());
        return UsageError;
    }
    if (const std::optional<QString> unwritable = files.firstUnwritableFolder()) {
        printError(*unwritable);
        return UsageError;
    }
    return -1;
}

}  // namespace mb::cli
