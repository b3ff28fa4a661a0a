#pragma once

#include "jobs/Job.h"
#include "layout/BasketInput.h"

#include <QCommandLineParser>
#include <QJsonObject>

namespace mb::cli {

// Adds INPUT and --format, --level, --basket-col, --item-col and --delimiter.
void addBasketInputOptions(QCommandLineParser& parser);
// Adds an option with a value (when valueName is given) or a flag.
void addOption(QCommandLineParser& parser, const char* name, const char* help,
               const char* valueName = nullptr);

// Reads INPUT (a project, read as the job's project, or a basket file), --format, --level,
// --delimiter, --basket-col and --item-col, shared by the commands that take a basket file or
// project. Prints the problem and returns false on bad usage.
bool readBasketInputOptions(const QCommandLineParser& parser, const char* command,
                            layout::BasketInput& input);

// Runs a basket job on INPUT: opens the project when INPUT is one (its run is recorded when it
// is writable), prints the job's warnings. Throws mb::Error.
jobs::JobOutcome runBasketJob(const QString& inputPath, const QJsonObject& request,
                              const jobs::JobRunner& job, const QString& out);

// Says how many return lines and return-only baskets were left out, when there were any.
void printReturns(const QJsonObject& summary);

}  // namespace mb::cli
