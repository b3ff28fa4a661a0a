#pragma once

#include "layout/BasketReader.h"

#include <QCommandLineParser>

namespace mb::cli {

// Reads --format, --level, --delimiter, --basket-col and --item-col, shared by the commands that
// take a basket file or project. Prints the problem and returns false on bad usage.
bool readBasketInputOptions(const QCommandLineParser& parser, const char* command,
                            layout::BasketFileOptions& input);

}  // namespace mb::cli
