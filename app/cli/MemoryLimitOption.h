#pragma once

#include "common/MemoryBudget.h"

#include <QCommandLineParser>
#include <optional>

namespace mb::cli {

// Adds --memory-limit SIZE, the memory an analysis may hold for its working data.
void addMemoryLimitOption(QCommandLineParser& parser);

// The budget --memory-limit asks for, or the machine's default. Prints the problem and returns
// nullopt on bad usage.
std::optional<MemoryBudget> readMemoryLimit(const QCommandLineParser& parser, const char* command);

// The bytes --memory-limit asks for, as a request's memory_limit: 0 when the option is not given
// (the job then takes the machine's default). Prints the problem and returns nullopt on bad usage.
std::optional<qint64> readMemoryLimitBytes(const QCommandLineParser& parser, const char* command);

}  // namespace mb::cli
