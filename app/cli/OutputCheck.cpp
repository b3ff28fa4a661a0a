#include "OutputCheck.h"

#include "Cli.h"

namespace mb::cli {

int refuseOverwrites(const exporting::CommandFiles& files) {
    const std::optional<exporting::PathClash> clash = files.firstClash();
    if (!clash)
        return -1;
    printError(clash->message());
    return UsageError;
}

}  // namespace mb::cli
