#include "ShardRunOptions.h"

#include "Cli.h"
#include "Warnings.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "pg/PgConnection.h"
#include "pg/ShardRun.h"

#include <QLocale>

namespace mb::cli {

bool ShardRunOptions::anySet(const QCommandLineParser& parser) const {
    return parser.isSet(source) || parser.isSet(shard) || parser.isSet(sink) ||
           parser.isSet(runKey) || parser.isSet(roundWait);
}

int ShardRunOptions::run(const QCommandLineParser& parser, const QJsonObject& request,
                         bool json) const {
    for (const QCommandLineOption* option : {&source, &shard, &sink, &runKey}) {
        if (!parser.isSet(*option)) {
            printError(QStringLiteral("run: a sharded run takes --source, --shard, --sink and "
                                      "--run-key; --%1 is missing")
                           .arg(option->names().constFirst()));
            return UsageError;
        }
    }
    for (const QCommandLineOption* option : {&source, &sink}) {
        if (!pg::isPostgresUri(parser.value(*option))) {
            printError(QStringLiteral("run: --%1 takes a postgresql:// URI")
                           .arg(option->names().constFirst()));
            return UsageError;
        }
    }
    pg::ShardRunOptions options;
    options.request = request;
    options.source = parser.value(source);
    options.sink = parser.value(sink);
    options.runKey = parser.value(runKey);
    try {
        options.index = pg::ShardIndex::parse(parser.value(shard));
    } catch (const Error& error) {
        printError(QStringLiteral("run: %1").arg(error.message()));
        return UsageError;
    }
    if (parser.isSet(roundWait)) {
        bool ok = false;
        const double minutes = parser.value(roundWait).toDouble(&ok);
        // A week at most: a wait is for shards that are starting, not for ever.
        constexpr double kLongestWaitMinutes = 7.0 * 24.0 * 60.0;
        if (!ok || !(minutes > 0.0) || minutes > kLongestWaitMinutes) {
            printError(QStringLiteral("run: --round-wait takes minutes, more than 0 and at most "
                                      "%1 (got \"%2\")")
                           .arg(kLongestWaitMinutes)
                           .arg(parser.value(roundWait)));
            return UsageError;
        }
        options.roundWaitSeconds = minutes * 60.0;
    }
    const QString name =
        QStringLiteral("shard %1 of run %2").arg(options.index.text(), options.runKey);
    try {
        ProgressToken progress;
        const pg::ShardReport report = pg::runShard(options, progress);
        printWarnings(report.warnings);
        if (json) {
            printJson(report.toJson());
        } else if (report.alreadyPublished) {
            printLine(QStringLiteral("%1 is already published; nothing was written.").arg(name));
        } else {
            const QLocale locale(QLocale::English);
            printLine(QStringLiteral("%1 published to %2: %3 categories, %4 items, %5 price "
                                     "changes, %6 s.")
                          .arg(name, report.sink, locale.toString(report.categories.size()),
                               locale.toString(report.items), locale.toString(report.priceChanges))
                          .arg(report.seconds, 0, 'f', 1));
        }
    } catch (const Error& error) {
        printError(
            QStringLiteral("run: %1: %2; nothing of it was published.").arg(name, error.message()));
        return InputError;
    }
    return Success;
}

}  // namespace mb::cli
