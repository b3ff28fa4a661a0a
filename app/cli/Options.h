#pragma once

#include "common/Error.h"

#include <QCommandLineParser>
#include <QStringList>
#include <limits>

namespace mb::cli {

// A bad option value: the command prints the message and exits with UsageError.
class UsageProblem : public Error {
public:
    using Error::Error;
};

// The one way a command reads a numeric option: the option's text as a whole number or a
// number within [minimum, maximum], or UsageProblem("--holdout-weeks: expected a whole number
// >= 0, got -1"). An option that is not set gives its default value's number.
qint64 wholeOption(const QCommandLineParser& parser, const QCommandLineOption& option,
                   qint64 minimum = 0, qint64 maximum = std::numeric_limits<qint64>::max());
double numberOption(const QCommandLineParser& parser, const QCommandLineOption& option,
                    double minimum = -std::numeric_limits<double>::infinity(),
                    double maximum = std::numeric_limits<double>::infinity());

// A RUN_ID argument: a run's id (>= 1), or UsageProblem("RUN_ID: expected a run's id ...").
qint64 runIdArgument(const QString& text);

// --products or --stores: "Only these <things> (comma-separated)." with value LIST.
QCommandLineOption idListOption(const QString& name, const QString& things);

// The values of a repeatable option, each split at commas: --products A,B --products C.
QStringList commaList(const QCommandLineParser& parser, const QCommandLineOption& option);

}  // namespace mb::cli
