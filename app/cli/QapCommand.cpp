#include "Cli.h"
#include "Options.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "layout/QapJob.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>
#include <cmath>

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
        QStringLiteral("N"), QStringLiteral("0"));
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

    layout::QapRequest request;
    try {
        request.seconds = numberOption(parser, seconds, 1e-9, 1e6);
        request.iterations = parser.isSet(iterations) ? wholeOption(parser, iterations, 1) : 0;
        request.seed = wholeOption(parser, seed, 0);
    } catch (const UsageProblem& problem) {
        printError(QStringLiteral("%1: %2").arg(arguments.first(), problem.message()));
        return UsageError;
    }
    // By its absolute path, so the request replays from any folder.
    request.instance = QFileInfo(parser.positionalArguments().at(0)).absoluteFilePath();

    jobs::JobOutcome outcome;
    try {
        ProgressToken progress;
        jobs::JobContext context{nullptr, progress, {}};
        outcome = layout::runQapJob(request.toJson(), context);
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    const QJsonObject& summary = outcome.summary;
    if (parser.isSet(json)) {
        printJson(summary);
        return Success;
    }
    const QLocale locale(QLocale::English);
    QStringList places;
    for (const auto& location : summary.value(QStringLiteral("permutation")).toArray())
        places.append(QString::number(location.toInt()));
    const double cost = summary.value(QStringLiteral("cost")).toDouble();
    printLine(QStringLiteral("Cost %1 after %2 iterations in %3 s (best found at %4 s, seed %5)")
                  .arg(locale.toString(cost, 'f', cost == std::floor(cost) ? 0 : 4))
                  .arg(locale.toString(summary.value(QStringLiteral("iterations")).toInteger()))
                  .arg(summary.value(QStringLiteral("seconds")).toDouble(), 0, 'f', 2)
                  .arg(summary.value(QStringLiteral("seconds_to_best")).toDouble(), 0, 'f', 2)
                  .arg(request.seed));
    printLine(QStringLiteral("Location of each facility, 1-based: %1").arg(places.join(u' ')));
    return Success;
}

static const CommandRegistration registration{
    "qap", "qap INSTANCE [--seconds S] [--iterations N] [--seed N] [--json]", qapCommand};

}  // namespace mb::cli
