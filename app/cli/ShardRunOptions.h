#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QJsonObject>

namespace mb::cli {

// `run REQUEST.json --source URI --shard I/N --sink URI --run-key K`: the options of a shard of
// a chain-wide run, added to `run`'s parser.
struct ShardRunOptions {
    QCommandLineOption source{QStringLiteral("source"),
                              QStringLiteral("Sharded run: the retailer's database (postgresql:// "
                                             "URI) with the merchbench_<kind> views."),
                              QStringLiteral("URI")};
    QCommandLineOption shard{QStringLiteral("shard"),
                             QStringLiteral("Sharded run: compute slice I of N (1-based) and "
                                            "publish it."),
                             QStringLiteral("I/N")};
    QCommandLineOption sink{QStringLiteral("sink"),
                            QStringLiteral("Sharded run: the database the decisions go to "
                                           "(postgresql:// URI)."),
                            QStringLiteral("URI")};
    QCommandLineOption runKey{QStringLiteral("run-key"),
                              QStringLiteral("Sharded run: the chain run's key, the same for "
                                             "its N shards."),
                              QStringLiteral("K")};

    QCommandLineOption roundWait{
        QStringLiteral("round-wait"),
        QStringLiteral(
            "Sharded run with a markdown budget: how long each round of the chain's "
            "budget waits for the other shards, counted from the last that came (default 30)."),
        QStringLiteral("MINUTES")};

    void addTo(QCommandLineParser& parser) const {
        parser.addOptions({source, shard, sink, runKey, roundWait});
    }
    bool anySet(const QCommandLineParser& parser) const;
    // Runs the shard; the exit code (a usage problem names the option).
    int run(const QCommandLineParser& parser, const QJsonObject& request, bool json) const;
};

}  // namespace mb::cli
