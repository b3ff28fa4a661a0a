#include "Cli.h"
#include "OutputCheck.h"
#include "ProjectRun.h"
#include "Warnings.h"

#include "common/Error.h"
#include "data/Project.h"
#include "demand/DemandCsv.h"
#include "demand/DemandEstimator.h"
#include "demand/SalesHistoryLoader.h"
#include "markdown/ItemProblems.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace mb::cli {

namespace {

double median(std::vector<double> values) {
    std::erase_if(values, [](double value) { return !std::isfinite(value); });
    if (values.empty())
        return std::nan("");
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
}

QJsonValue jsonNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

}  // namespace

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
    const QCommandLineOption products =
        idListOption(QStringLiteral("products"), QStringLiteral("products"));
    const QCommandLineOption stores =
        idListOption(QStringLiteral("stores"), QStringLiteral("stores"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     QStringLiteral("Worker threads (default: one per core)."),
                                     QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("CSV file with one row per model (required)."),
                                 QStringLiteral("FILE.csv"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a summary as one JSON object."));
    parser.addOptions(
        {level, method, holdout, noSeasonality, noLifecycle, products, stores, threads, out, json});
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Price elasticity, promotion lifts, seasonality and lifecycle of weekly "
                       "sales: log(units) by least squares per model, elasticities shrunk "
                       "toward their product and category (empirical Bayes), forecast error "
                       "on the last weeks."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    demand::DemandOptions options;
    if (!demand::parseLevel(parser.value(level), &options.level)) {
        printError(QStringLiteral("--level: expected product-store, product or category (%1)")
                       .arg(parser.value(level)));
        return UsageError;
    }
    if (!demand::parseMethod(parser.value(method), &options.method)) {
        printError(
            QStringLiteral("--method: expected ols or poisson (%1)").arg(parser.value(method)));
        return UsageError;
    }
    bool ok = false;
    options.holdoutWeeks = parser.value(holdout).toInt(&ok);
    if (!ok || options.holdoutWeeks < 0) {
        printError(QStringLiteral("--holdout-weeks: expected a whole number >= 0 (%1)")
                       .arg(parser.value(holdout)));
        return UsageError;
    }
    options.threads = parser.value(threads).toInt(&ok);
    if (!ok || options.threads < 0) {
        printError(QStringLiteral("--threads: expected a whole number >= 0 (%1)")
                       .arg(parser.value(threads)));
        return UsageError;
    }
    if (!parser.isSet(out)) {
        printError(QStringLiteral("--out FILE.csv is required."));
        return UsageError;
    }
    options.seasonality = !parser.isSet(noSeasonality);
    options.lifecycle = !parser.isSet(noLifecycle);
    const demand::SalesFilter filter{commaList(parser, products), commaList(parser, stores),
                                     QDate()};
    const QString outPath = parser.value(out);
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    files.addOutput(QStringLiteral("--out"), outPath);
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;

    const QJsonObject parameters{
        {QStringLiteral("level"), demand::levelName(options.level)},
        {QStringLiteral("method"), demand::methodName(options.method)},
        {QStringLiteral("holdout_weeks"), options.holdoutWeeks},
        {QStringLiteral("seasonality"), options.seasonality},
        {QStringLiteral("lifecycle"), options.lifecycle},
        {QStringLiteral("harmonics"), options.harmonics},
        {QStringLiteral("products"), QJsonArray::fromStringList(filter.products)},
        {QStringLiteral("stores"), QJsonArray::fromStringList(filter.stores)},
        {QStringLiteral("out"), outPath}};

    std::unique_ptr<data::Project> project;
    try {
        project = data::Project::open(parser.positionalArguments().at(0),
                                      data::Project::OpenMode::MustExist);
        QElapsedTimer timer;
        timer.start();
        const demand::SalesHistory history = demand::loadSalesHistory(project->db(), filter);
        if (history.series.empty()) {
            throw Error(
                QStringLiteral("%1: no weekly sales to fit%2 (import sales first)")
                    .arg(project->path(), filter.products.isEmpty() && filter.stores.isEmpty()
                                              ? QString()
                                              : QStringLiteral(" for the chosen "
                                                               "products and stores")));
        }
        ProjectRun run(*project, QStringLiteral("demand"), parameters, 0,
                       ProjectRun::Recording::WhenWritable);
        const demand::DemandFit fit = demand::fitDemand(history, options);
        run.begin();
        demand::writeDemandCsv(outPath, fit);
        const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;

        std::vector<double> elasticities, wapes;
        int fitted = 0, withoutWape = 0;
        const demand::DemandModel* example = nullptr;
        for (const demand::DemandModel& model : fit.models) {
            fitted += model.fitted ? 1 : 0;
            elasticities.push_back(model.elasticity.value);
            wapes.push_back(model.wapeHoldout);
            if (!model.holdoutProblem.isEmpty()) {
                ++withoutWape;
                example = example ? example : &model;
            }
        }
        QStringList warnings;
        // A reason's own count ("too few weeks with sales (3)", also in the CSV) is dropped so
        // that models stopped by the same reason are counted together.
        static const QRegularExpression ownCount(QStringLiteral(" \\(\\d+\\)$"));
        QStringList notFitted;
        for (const demand::DemandModel& model : fit.models)
            if (!model.fitted)
                notFitted << QString(model.problem).remove(ownCount);
        constexpr int kReasonsShown = 5;
        if (!notFitted.isEmpty())
            warnings << QStringLiteral(
                            "%1 of %2 models were not fitted (the reason is in problem "
                            "of %3): %4")
                            .arg(notFitted.size())
                            .arg(fit.models.size())
                            .arg(outPath,
                                 markdown::countedReasons(notFitted, QStringLiteral("not fitted"),
                                                          kReasonsShown));
        if (example)
            warnings << QStringLiteral(
                            "%1 of %2 models have no holdout WAPE (the reason is in "
                            "wape_holdout_problem of %3), e.g. %4%5: %6")
                            .arg(withoutWape)
                            .arg(fit.models.size())
                            .arg(outPath,
                                 example->product.isEmpty()
                                     ? QStringLiteral("category %1").arg(example->category)
                                     : QStringLiteral("product %1").arg(example->product),
                                 example->store.isEmpty()
                                     ? QString()
                                     : QStringLiteral(" in store %1").arg(example->store),
                                 example->holdoutProblem);
        QJsonObject summary{
            {QStringLiteral("project"), project->path()},
            {QStringLiteral("level"), demand::levelName(options.level)},
            {QStringLiteral("method"), demand::methodName(options.method)},
            {QStringLiteral("series"), static_cast<qint64>(history.series.size())},
            {QStringLiteral("models"), static_cast<qint64>(fit.models.size())},
            {QStringLiteral("models_fitted"), fitted},
            {QStringLiteral("skipped_rows"), static_cast<qint64>(history.skippedRows)},
            {QStringLiteral("median_elasticity"), jsonNumber(median(elasticities))},
            {QStringLiteral("median_wape_holdout"), jsonNumber(median(wapes))},
            {QStringLiteral("models_without_holdout_wape"),
             options.holdoutWeeks > 0 ? QJsonValue(withoutWape) : QJsonValue()},
            {QStringLiteral("seconds"), seconds},
            {QStringLiteral("run_id"), run.idJson()},
            {QStringLiteral("out"), outPath}};
        addWarnings(summary, warnings);
        run.finish(summary);
        printWarnings(warnings);
        if (parser.isSet(json)) {
            printJson(summary);
            return Success;
        }
        printLine(QStringLiteral("Demand models (%1): %2 of %3 fitted from %4 series in %5 s")
                      .arg(demand::levelName(options.level))
                      .arg(fitted)
                      .arg(fit.models.size())
                      .arg(history.series.size())
                      .arg(seconds, 0, 'f', 2));
        const double medianWape = median(wapes);
        printLine(QStringLiteral("  median elasticity %1, %2")
                      .arg(median(elasticities), 0, 'f', 3)
                      .arg(options.holdoutWeeks == 0
                               ? QStringLiteral("no holdout WAPE (give --holdout-weeks H)")
                           : std::isfinite(medianWape)
                               ? QStringLiteral("median holdout WAPE %1").arg(medianWape, 0, 'f', 3)
                               : QStringLiteral("no model has a holdout WAPE (see the warning)")));
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
    "[--no-seasonality] [--no-lifecycle] [--products LIST] [--stores LIST] --out FILE.csv "
    "[--json]",
    demandCommand};

}  // namespace mb::cli
