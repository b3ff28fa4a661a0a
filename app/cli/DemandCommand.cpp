#include "Cli.h"
#include "Options.h"
#include "OutputCheck.h"
#include "Warnings.h"

#include "common/Error.h"
#include "data/Project.h"
#include "demand/DemandJob.h"

#include <QJsonObject>
#include <cmath>

namespace mb::cli {

static int demandCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    const QCommandLineOption level(
        QStringLiteral("level"),
        QStringLiteral("One model per product-store (default), product (stores pooled, an "
                       "intercept each) or category."),
        QStringLiteral("LEVEL"), QStringLiteral("product-store"));
    const QCommandLineOption method(
        QStringLiteral("method"),
        QStringLiteral("ols: least squares on log(units) of weeks that sold (default); poisson: "
                       "Poisson regression on all weeks, zero weeks included."),
        QStringLiteral("METHOD"), QStringLiteral("ols"));
    const QCommandLineOption holdout(
        QStringLiteral("holdout-weeks"),
        QStringLiteral("Last weeks of each series kept out to score the forecast (default 8)."),
        QStringLiteral("H"), QStringLiteral("8"));
    const QCommandLineOption noSeasonality(QStringLiteral("no-seasonality"),
                                           QStringLiteral("Leave out yearly seasonality."));
    const QCommandLineOption noLifecycle(QStringLiteral("no-lifecycle"),
                                         QStringLiteral("Leave out the decay since launch."));
    const QCommandLineOption noCensoring(
        QStringLiteral("no-censoring"),
        QStringLiteral("Fit weeks that sold out (by the stock counts) as their sales, not as "
                       "censored demand."));
    const QCommandLineOption products =
        idListOption(QStringLiteral("products"), QStringLiteral("products"));
    const QCommandLineOption stores =
        idListOption(QStringLiteral("stores"), QStringLiteral("stores"));
    const QCommandLineOption asOf(
        QStringLiteral("as-of"),
        QStringLiteral("Fit on the sales weeks dated on or before DATE only (YYYY-MM-DD)."),
        QStringLiteral("DATE"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Worker threads (default: one per core)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("CSV file with one row per model (required)."),
                                 QStringLiteral("FILE.csv"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a summary as one JSON object."));
    parser.addOptions({level, method, holdout, noSeasonality, noLifecycle, noCensoring, products,
                       stores, asOf, threads, out, json});
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Price elasticity, promotion lifts, seasonality and lifecycle of weekly "
                       "sales: log(units) by least squares per model, elasticities shrunk "
                       "toward their product and category (empirical Bayes), forecast error "
                       "on the last weeks."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    demand::DemandRequest request;
    if (!demand::parseLevel(parser.value(level), &request.level)) {
        printError(QStringLiteral("--level: expected product-store, product or category (%1)")
                       .arg(parser.value(level)));
        return UsageError;
    }
    if (!demand::parseMethod(parser.value(method), &request.method)) {
        printError(
            QStringLiteral("--method: expected ols or poisson (%1)").arg(parser.value(method)));
        return UsageError;
    }
    int threadCount = 0;
    try {
        request.holdoutWeeks =
            static_cast<int>(wholeOption(parser, holdout, 0, demand::DemandRequest::kMaxWeeks));
        threadCount = static_cast<int>(wholeOption(parser, threads, 0, 4096));
    } catch (const UsageProblem& problem) {
        printError(problem.message());
        return UsageError;
    }
    if (parser.isSet(asOf)) {
        request.asOf = QDate::fromString(parser.value(asOf), Qt::ISODate);
        if (!request.asOf.isValid() || parser.value(asOf).size() != 10) {
            printError(QStringLiteral("--as-of: expected a date YYYY-MM-DD, got %1")
                           .arg(parser.value(asOf)));
            return UsageError;
        }
    }
    if (!parser.isSet(out)) {
        printError(QStringLiteral("--out FILE.csv is required."));
        return UsageError;
    }
    request.seasonality = !parser.isSet(noSeasonality);
    request.lifecycle = !parser.isSet(noLifecycle);
    request.censoring = !parser.isSet(noCensoring);
    request.products = commaList(parser, products);
    request.stores = commaList(parser, stores);
    const QString outPath = parser.value(out);
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    files.addOutput(QStringLiteral("--out"), outPath);
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;

    try {
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        ProgressToken progress;
        jobs::JobContext context{project.get(),
                                 progress,
                                 {{QStringLiteral("out"), outPath}},
                                 jobs::RunRecorder::Recording::WhenWritable,
                                 threadCount};
        const jobs::JobOutcome outcome = demand::runDemandJob(request.toJson(), context);
        printWarnings(outcome.warnings);
        const QJsonObject& summary = outcome.summary;
        if (parser.isSet(json)) {
            printJson(summary);
            return Success;
        }
        const auto figure = [&](const char* key) {
            return summary.value(QLatin1String(key)).toDouble(std::nan(""));
        };
        printLine(QStringLiteral("Demand models (%1): %2 of %3 fitted from %4 series in %5 s")
                      .arg(demand::levelName(request.level))
                      .arg(summary.value(QStringLiteral("models_fitted")).toInteger())
                      .arg(summary.value(QStringLiteral("models")).toInteger())
                      .arg(summary.value(QStringLiteral("series")).toInteger())
                      .arg(figure("seconds"), 0, 'f', 2));
        const double medianWape = figure("median_wape_holdout");
        printLine(QStringLiteral("  median elasticity %1, %2")
                      .arg(figure("median_elasticity"), 0, 'f', 3)
                      .arg(request.holdoutWeeks == 0
                               ? QStringLiteral("no holdout WAPE (give --holdout-weeks H)")
                           : std::isfinite(medianWape)
                               ? QStringLiteral("median holdout WAPE %1").arg(medianWape, 0, 'f', 3)
                               : QStringLiteral("no model has a holdout WAPE (see the warning)")));
        printLine(
            QStringLiteral("  %1 weeks sold out and fitted as censored (from %2 stock counts)")
                .arg(summary.value(QStringLiteral("censored_weeks")).toInteger())
                .arg(summary.value(QStringLiteral("stock_counts")).toInteger()));
        if (const double ratio = figure("median_clustered_se_ratio"); std::isfinite(ratio))
            printLine(QStringLiteral("  %1 models pool stores: standard errors clustered by "
                                     "store, median %2x the classical")
                          .arg(summary.value(QStringLiteral("models_clustered")).toInteger())
                          .arg(ratio, 0, 'f', 2));
        printLine(QStringLiteral("  written to %1").arg(outPath));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "demand",
    "demand PROJECT [--level product|product-store|category] [--method ols|poisson] "
    "[--holdout-weeks H] "
    "[--no-seasonality] [--no-lifecycle] [--no-censoring] [--products LIST] [--stores LIST] "
    "[--as-of DATE] "
    "[--threads N] --out FILE.csv [--json]",
    demandCommand};

}  // namespace mb::cli
