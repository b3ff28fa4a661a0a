#pragma once

#include "layout/BasketReader.h"

#include <QCommandLineParser>

namespace mb::cli {

// Adds INPUT and --format, --level, --basket-col, --item-col and --delimiter.
void addBasketInputOptions(QCommandLineParser& parser);
// Adds an option with a value (when valueName is given) or a flag.
void addOption(QCommandLineParser& parser, const char* name, const char* help,
               const char* valueName = nullptr);

// Reads --format, --level, --delimiter, --basket-col and --item-col, shared by the commands that
// take a basket file or project. Prints the problem and returns false on bad usage.
bool readBasketInputOptions(const QCommandLineParser& parser, const char* command,
                            layout::BasketFileOptions& input);

}  // namespace mb::cli
