#pragma once

#include "targeting/UpliftModels.h"

#include <QCommandLineParser>
#include <QString>
#include <map>

namespace mb::cli {

// The targeting commands' shared options; a bad value throws UsageProblem (exit 1).

// Every --capacity OFFER=N given (N >= 0, rounded down), by offer id.
std::map<QString, double> capacityOptions(const QCommandLineParser& parser,
                                          const QCommandLineOption& option);

// --model: tlearner, classtransform or forest.
targeting::UpliftMethod upliftModelOption(const QCommandLineParser& parser,
                                          const QCommandLineOption& option);

}  // namespace mb::cli
