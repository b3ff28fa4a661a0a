#include "Cli.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "layout/QapReader.h"
#include "layout/QapSolver.h"

#include <QJsonArray>
#include <QLocale>
#include <cmath>
#include <cstdint>

namespace mb::cli {

static int qapCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("INSTANCE"),
        QStringLiteral("QAPLIB .dat file: n, the flow matrix, then the distance matrix."));
    const QCommandLineOption seconds(QStringLiteral("seconds"),
                                     QStringLiteral("Time limit in seconds (default 10)."),
                                     QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption iterations(
        QStringLiteral("iterations"),
        QStringLiteral("Iteration limit; when it comes before the time limit, the answer "
                       "is the same on every machine."),
        QStringLiteral("N"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seed of the random steps (default 1)."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the result as one JSON object."));
    parser.addOptions({seconds, iterations, seed, json});
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Solves a quadratic assignment instance (the store-layout problem: "
                       "categories to zones) by robust tabu search and prints the best "
                       "permutation found."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    layout::QapSearchOptions options;
    bool ok = false;
    options.secondsLimit = parser.value(seconds).toDouble(&ok);
    if (!ok || !(options.secondsLimit > 0) || options.secondsLimit > 1e6) {
        printError(QStringLiteral("%1: --seconds must be a number above 0 and at most 1e6 (%2).")
                       .arg(arguments.first(), parser.value(seconds)));
        return UsageError;
    }
    if (parser.isSet(iterations)) {
        options.iterationLimit = parser.value(iterations).toLongLong(&ok);
        if (!ok || options.iterationLimit < 1) {
            printError(QStringLiteral("%1: --iterations must be a whole number above 0 (%2).")
                           .arg(arguments.first(), parser.value(iterations)));
            return UsageError;
        }
    }
    options.seed = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        printError(QStringLiteral("%1: --seed must be a whole number from 0 to 2^64-1 (%2).")
                       .arg(arguments.first(), parser.value(seed)));
        return UsageError;
    }

    layout::QapSearchResult result;
    try {
        const layout::QapProblem problem = layout::readQapFile(parser.positionalArguments().at(0));
        result = layout::solveQap(problem, options);
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }

    QJsonArray permutation;
    for (int location : result.permutation)
        permutation.append(location + 1);
    if (parser.isSet(json)) {
        // JSON numbers are doubles: a seed beyond 2^53 is written as text so it stays exact.
        const QJsonValue seedValue = options.seed <= (std::uint64_t(1) << 53)
                                         ? QJsonValue(static_cast<double>(options.seed))
                                         : QJsonValue(QString::number(options.seed));
        printJson(QJsonObject{
            {QStringLiteral("cost"), result.cost},
            {QStringLiteral("permutation"), permutation},
            {QStringLiteral("seconds"), result.seconds},
            {QStringLiteral("iterations"), static_cast<qint64>(result.iterations)},
            {QStringLiteral("seed"), seedValue},
            {QStringLiteral("seconds_to_best"), result.secondsToBest},
            {QStringLiteral("iterations_to_best"), static_cast<qint64>(result.iterationsToBest)},
            {QStringLiteral("restarts"), result.restarts}});
        return Success;
    }
    const QLocale locale(QLocale::English);
    QStringList places;
    for (const auto& location : permutation)
        places.append(QString::number(location.toInt()));
    printLine(
        QStringLiteral("Cost %1 after %2 iterations in %3 s (best found at %4 s, seed %5)")
            .arg(locale.toString(result.cost, 'f', result.cost == std::floor(result.cost) ? 0 : 4))
            .arg(locale.toString(result.iterations))
            .arg(result.seconds, 0, 'f', 2)
            .arg(result.secondsToBest, 0, 'f', 2)
            .arg(options.seed));
    printLine(QStringLiteral("Location of each facility, 1-based: %1").arg(places.join(u' ')));
    return Success;
}

static const CommandRegistration registration{
    "qap", "qap INSTANCE [--seconds S] [--iterations N] [--seed N] [--json]", qapCommand};

}  // namespace mb::cli
