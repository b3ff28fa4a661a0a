#include "Cli.h"
#include "Options.h"

#include "common/Error.h"
#include "pg/ChainStatus.h"
#include "pg/PgConnection.h"

#include <QLocale>

namespace mb::cli {

namespace {

// Exit code when the sink answered and some shards are not in yet: what scripts/chain-run.sh
// reruns on, told apart from a failure to read the sink (InputError).
constexpr int kShardsMissing = 3;

QString shardList(const std::vector<int>& shards) {
    QStringList names;
    for (const int shard : shards)
        names << QString::number(shard);
    return names.join(QStringLiteral(", "));
}

void printStatus(const pg::ChainStatus& status) {
    const QLocale locale(QLocale::English);
    printLine(QStringLiteral("chain run %1 in %2: %3 of %4 shards in%5")
                  .arg(status.runKey, status.sink)
                  .arg(status.published.size())
                  .arg(status.shards)
                  .arg(status.missing.empty()
                           ? QStringLiteral(".")
                           : QStringLiteral("; missing: %1.").arg(shardList(status.missing))));
    printLine(QStringLiteral("items %1, price changes %2, seconds %3 summed over the shards, %4 "
                             "for the slowest.")
                  .arg(locale.toString(status.items()), locale.toString(status.priceChanges()))
                  .arg(status.secondsSum(), 0, 'f', 1)
                  .arg(status.secondsMax(), 0, 'f', 1));
    for (const pg::SharedRound& round : status.rounds)
        printLine(
            QStringLiteral("shared %1: round %2 published by shards %3%4")
                .arg(round.exchange == QStringLiteral("budget")
                         ? QStringLiteral("markdown budget")
                         : QStringLiteral("category shrinkage"))
                .arg(round.round)
                .arg(shardList(round.in),
                     round.waiting.empty()
                         ? QStringLiteral(".")
                         : QStringLiteral("; waiting for %1.").arg(shardList(round.waiting))));
    if (!status.otherShardCounts.empty())
        printLine(QStringLiteral("note: run key %1 also has shards published for N = %2; they are "
                                 "not counted here.")
                      .arg(status.runKey, shardList(status.otherShardCounts)));
}

}  // namespace

static int chainStatusCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    const QCommandLineOption sink(
        QStringLiteral("sink"),
        QStringLiteral("The database the shards publish to: a postgresql:// URI; what it leaves "
                       "out comes from PG* variables, the service file and ~/.pgpass."),
        QStringLiteral("URI"));
    const QCommandLineOption runKey(QStringLiteral("run-key"),
                                    QStringLiteral("The chain run's key, as the shards got it."),
                                    QStringLiteral("K"));
    const QCommandLineOption shards(QStringLiteral("shards"),
                                    QStringLiteral("How many shards the run was split into."),
                                    QStringLiteral("N"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the status as one JSON object."));
    parser.addOptions({sink, runKey, shards, json});
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Says which shards of a chain run are in the sink's merchbench.run_shards "
                       "and which are missing, with the run's totals. Exit 0: all are in; 3: "
                       "some are missing; 2: the sink could not be read or the shards came from "
                       "different requests."),
        0, 0);
    if (parsed >= 0)
        return parsed;
    try {
        if (!pg::isPostgresUri(parser.value(sink)))
            throw UsageProblem(QStringLiteral("chain-status: --sink takes a postgresql:// URI."));
        if (parser.value(runKey).isEmpty())
            throw UsageProblem(QStringLiteral("chain-status: give the chain run's --run-key."));
        if (!parser.isSet(shards))
            throw UsageProblem(QStringLiteral("chain-status: give --shards N."));
        const auto count = static_cast<int>(wholeOption(parser, shards, 1, 100000));
        const pg::ChainStatus status =
            pg::readChainStatus(parser.value(sink), parser.value(runKey), count);
        if (parser.isSet(json))
            printJson(status.toJson());
        else
            printStatus(status);
        if (status.requestsDiffer) {
            printError(QStringLiteral("chain-status: the shards of %1 were published from "
                                      "different requests; they are not one chain run.")
                           .arg(status.runKey));
            return InputError;
        }
        return status.missing.empty() ? Success : kShardsMissing;
    } catch (const UsageProblem& problem) {
        printError(problem.message());
        return UsageError;
    } catch (const Error& error) {
        printError(QStringLiteral("chain-status: %1").arg(error.message()));
        return InputError;
    }
}

static const CommandRegistration registration{
    "chain-status", "chain-status --sink postgresql://... --run-key K --shards N [--json]",
    chainStatusCommand};

}  // namespace mb::cli
