#include "Cli.h"
#include "MemoryLimitOption.h"
#include "Options.h"
#include "OutputCheck.h"
#include "Warnings.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "data/Project.h"
#include "layout/LayoutJob.h"
#include "layout/ProposedLayoutFile.h"

#include <QDate>
#include <QJsonArray>
#include <cmath>

namespace mb::cli {

namespace {

// "adjacency=A,exposure=E,distance=D", each optional; throws UsageProblem.
layout::LayoutWeights readWeights(const QString& text) {
    layout::LayoutWeights weights;
    for (const QString& part : text.split(u',', Qt::SkipEmptyParts)) {
        const QStringList keyValue = part.split(u'=');
        bool ok = keyValue.size() == 2;
        const double value = ok ? keyValue[1].trimmed().toDouble(&ok) : 0.0;
        const QString key = keyValue[0].trimmed();
        double* target = key == QLatin1String("adjacency")  ? &weights.adjacency
                         : key == QLatin1String("exposure") ? &weights.exposure
                         : key == QLatin1String("distance") ? &weights.distance
                                                            : nullptr;
        if (!ok || !target || !std::isfinite(value))
            throw UsageProblem(QStringLiteral("layout: --weights: expected adjacency=A,exposure=E,"
                                              "distance=D with numbers (%1)")
                                   .arg(part));
        *target = value;
    }
    return weights;
}

// "CATEGORY=ZONE" values of a repeatable option; throws UsageProblem without '='. Whether the
// names exist is the job's check (an input error).
std::vector<layout::CategoryZone> readPlacements(const QStringList& values, const char* option) {
    std::vector<layout::CategoryZone> placements;
    for (const QString& value : values) {
        const layout::CategoryZone placement = layout::parseCategoryZone(value);
        if (placement.category.isEmpty() || placement.zone.isEmpty())
            throw UsageProblem(QStringLiteral("layout: --%1: expected CATEGORY=ZONE (%2)")
                                   .arg(QLatin1String(option), value));
        placements.push_back(placement);
    }
    return placements;
}

void printTerms(const char* what, const layout::LayoutScoreTerms& terms, const QString& tail) {
    printLine(QStringLiteral("%1 layout: adjacency %2, exposure %3, walk %4 m, total %5%6")
                  .arg(QLatin1String(what))
                  .arg(terms.adjacency, 0, 'f', 4)
                  .arg(terms.exposure, 0, 'f', 4)
                  .arg(terms.walkingMetres, 0, 'f', 1)
                  .arg(terms.total, 0, 'f', 4)
                  .arg(tail));
}

// "R,LOW,HIGH" (the rate ratio per 10 m closer and its interval); throws UsageProblem.
layout::ProximityEffect readEffect(const QString& text) {
    const QStringList parts = text.split(u',');
    layout::ProximityEffect effect;
    bool ok = parts.size() == 3;
    for (qsizetype i = 0; ok && i < 3; ++i)
        (i == 0   ? effect.ratePer10m
         : i == 1 ? effect.ciLow
                  : effect.ciHigh) = parts[i].trimmed().toDouble(&ok);
    if (!ok || !effect.identified())
        throw UsageProblem(QStringLiteral("layout: --effect: expected R,LOW,HIGH with 0 < LOW <= "
                                          "R <= HIGH (%1)")
                               .arg(text));
    return effect;
}

QString signedText(double value, const QString& format) {
    return std::isfinite(value) ? format.arg(value >= 0 ? QStringLiteral("+") : QStringLiteral("-"))
                                      .arg(std::abs(value), 0, 'f', 2)
                                : QStringLiteral("unknown");
}

// "+3.10% (-0.50% to +6.00%)" of a range in the summary (NAME, NAME_low, NAME_high).
QString rangeText(const QJsonObject& json, const QString& name, double scale,
                  const QString& format) {
    const auto at = [&](const QString& key) {
        const QJsonValue value = json.value(key);
        return value.isDouble() ? scale * value.toDouble() : std::nan("");
    };
    return QStringLiteral("%1 (%2 to %3)")
        .arg(signedText(at(name), format), signedText(at(name + QStringLiteral("_low")), format),
             signedText(at(name + QStringLiteral("_high")), format));
}

void printPrediction(const QJsonObject& summary) {
    const QString currency = summary.value(QStringLiteral("currency")).toString();
    const QString money =
        currency.isEmpty() ? QStringLiteral("%1%2") : QStringLiteral("%1%2 ") + currency;
    printLine(QStringLiteral("Cross-category baskets: %1% of %2 baskets")
                  .arg(100.0 * summary.value(QStringLiteral("cross_category_share")).toDouble(), 0,
                       'f', 1)
                  .arg(summary.value(QStringLiteral("baskets")).toInteger()));
    if (summary.value(QStringLiteral("predicted_change")).isNull())
        return;
    printLine(QStringLiteral("Predicted change of the share: %1; revenue %2 a week")
                  .arg(rangeText(summary, QStringLiteral("predicted_change"), 100.0,
                                 QStringLiteral("%1%2%")),
                       rangeText(summary, QStringLiteral("weekly_revenue_change"), 1.0, money)));
    const QJsonObject detail = summary.value(QStringLiteral("prediction")).toObject();
    for (const QJsonValue value : detail.value(QStringLiteral("moves")).toArray()) {
        const QJsonObject move = value.toObject();
        printLine(QStringLiteral("  %1 %2 -> %3: %4; %5 a week")
                      .arg(move.value(QStringLiteral("category")).toString(),
                           move.value(QStringLiteral("from")).toString(),
                           move.value(QStringLiteral("to")).toString(),
                           rangeText(move, QStringLiteral("predicted_change"), 100.0,
                                     QStringLiteral("%1%2%")),
                           rangeText(move, QStringLiteral("weekly_revenue_change"), 1.0, money)));
    }
}

}  // namespace

static int layoutCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"),
                                 QStringLiteral("Project with zones, zone_links, layout, traffic "
                                                "and basket_lines."));
    const auto option = [&](const char* name, const char* help, const char* valueName = nullptr,
                            const char* defaultValue = nullptr) {
        QCommandLineOption result(QString::fromLatin1(name), QString::fromLatin1(help));
        if (valueName)
            result.setValueName(QString::fromLatin1(valueName));
        if (defaultValue)
            result.setDefaultValue(QString::fromLatin1(defaultValue));
        parser.addOption(result);
        return result;
    };
    option("optimize", "Propose a better layout (quadratic assignment, then exact polish).");
    const QCommandLineOption seconds =
        option("seconds", "Search time limit in seconds (default 2).", "S", "2");
    const QCommandLineOption iterations =
        option("iterations",
               "Tabu search iteration limit; with it (and enough seconds) every machine gives the "
               "same layout.",
               "N", "0");
    const QCommandLineOption seed =
        option("seed", "Seed of the random steps (default 1).", "N", "1");
    option("fix", "Pin a category to a zone (repeatable).", "CATEGORY=ZONE");
    option("forbid", "Keep a category out of a zone (repeatable).", "CATEGORY=ZONE");
    const QCommandLineOption capacity =
        option("capacity", "Categories per zone (default 1).", "N", "1");
    const QCommandLineOption maxMoves = option(
        "max-moves", "Move at most N categories from the current layout (default 0: no limit).",
        "N", "0");
    option("weights",
           "Term weights (default adjacency=1,exposure=0.5,distance=0.2); the total is "
           "adjacency*A + exposure*E - distance*(mean basket walk / entrance-to-checkout walk).",
           "LIST");
    option("impulse", "Impulse categories for the exposure term (comma-separated).", "LIST");
    const QCommandLineOption closeness =
        option("closeness-metres",
               "Scale of closeness exp(-metres/scale) between two zones (default 10).", "M", "10");
    option("store",
           "The store whose floor plan, layout and baskets are read (required when the project "
           "has layouts for several stores).",
           "S");
    option("as-of",
           "Read the layout in force on this date (YYYY-MM-DD) and the baskets up to that day "
           "(default: the latest layout, every basket).",
           "D");
    option("proposed",
           "Predict this layout (columns category, zone and optionally store: the store's rows "
           "and those without a store) against the current one.",
           "LAYOUT.csv");
    option("effect",
           "The attach-rate ratio per 10 m closer and its interval to predict with (default: "
           "the chain's own, measured from the project).",
           "R,LOW,HIGH");
    option("out", "Layout CSV to write (required).", "LAYOUT.csv");
    option("json", "Print the scores as one JSON object.");
    addMemoryLimitOption(parser);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Scores a store layout (category to zone): adjacency of categories bought "
                       "together, exposure of impulse categories to traffic, and the walk of "
                       "typical baskets; with --optimize proposes a better one."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    if (!parser.isSet(QStringLiteral("out"))) {
        printError(QStringLiteral("layout: --out is required."));
        return UsageError;
    }
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    files.addOutput(QStringLiteral("--out"), parser.value(QStringLiteral("out")));
    if (parser.isSet(QStringLiteral("proposed")))
        files.addInput(QStringLiteral("--proposed"), parser.value(QStringLiteral("proposed")));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    layout::LayoutRequest request;
    try {
        request.optimise = parser.isSet(QStringLiteral("optimize"));
        request.seconds = numberOption(parser, seconds, 1e-9, 1e6);
        request.iterations = parser.isSet(iterations) ? wholeOption(parser, iterations, 1) : 0;
        request.seed = wholeOption(parser, seed, 0);
        request.capacity = static_cast<int>(wholeOption(parser, capacity, 1, 1000));
        request.maxMoves = static_cast<int>(wholeOption(parser, maxMoves, 0, 1'000'000'000));
        request.closenessMetres = numberOption(parser, closeness, 1e-9);
        if (parser.isSet(QStringLiteral("weights")))
            request.weights = readWeights(parser.value(QStringLiteral("weights")));
        request.fixed = readPlacements(parser.values(QStringLiteral("fix")), "fix");
        request.forbidden = readPlacements(parser.values(QStringLiteral("forbid")), "forbid");
        request.store = parser.value(QStringLiteral("store")).trimmed();
        request.asOf = parser.value(QStringLiteral("as-of")).trimmed();
        if (!request.asOf.isEmpty() &&
            (request.asOf.size() != 10 || !QDate::fromString(request.asOf, Qt::ISODate).isValid()))
            throw UsageProblem(QStringLiteral("layout: --as-of: expected a date YYYY-MM-DD (%1)")
                                   .arg(request.asOf));
        if (request.optimise && parser.isSet(QStringLiteral("proposed")))
            throw UsageProblem(QStringLiteral(
                "layout: --proposed and --optimize: predict either a proposed layout or the "
                "optimiser's, not both"));
        if (parser.isSet(QStringLiteral("effect")))
            request.effect = readEffect(parser.value(QStringLiteral("effect")));
    } catch (const UsageProblem& problem) {
        printError(problem.message());
        return UsageError;
    }
    for (const QString& category :
         parser.value(QStringLiteral("impulse")).split(u',', Qt::SkipEmptyParts))
        request.impulse.append(category.trimmed());
    const std::optional<qint64> memoryLimit = readMemoryLimitBytes(parser, "layout");
    if (!memoryLimit)
        return UsageError;
    request.memoryLimit = *memoryLimit;
    const QString out = parser.value(QStringLiteral("out"));

    try {
        if (parser.isSet(QStringLiteral("proposed")))
            request.proposed =
                layout::readProposedLayout(parser.value(QStringLiteral("proposed")), request.store);
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        ProgressToken progress;
        jobs::JobContext context{project.get(),
                                 progress,
                                 {{QStringLiteral("out"), out}},
                                 jobs::RunRecorder::Recording::WhenWritable};
        const jobs::JobOutcome outcome = layout::runLayoutJob(request.toJson(), context);
        printWarnings(outcome.warnings);
        QJsonObject summary = outcome.summary;
        if (outcome.runId >= 0)
            summary.insert(QStringLiteral("run_id"), outcome.runId);
        else if (request.optimise)
            summary.insert(QStringLiteral("run_id"), QJsonValue());
        if (parser.isSet(QStringLiteral("json"))) {
            summary.insert(QStringLiteral("project"), project->path());
            summary.insert(QStringLiteral("optimized"), request.optimise);
            summary.insert(QStringLiteral("parameters"), outcome.provenance.request);
            summary.insert(QStringLiteral("seed"), QString::number(request.seed));
            addWarnings(summary, outcome.warnings);
            printJson(summary);
            return Success;
        }
        const auto terms = [&](const char* which) {
            const QJsonObject t = summary.value(QLatin1String(which)).toObject();
            return layout::LayoutScoreTerms{t.value(QStringLiteral("adjacency")).toDouble(),
                                            t.value(QStringLiteral("exposure")).toDouble(),
                                            t.value(QStringLiteral("walking_metres")).toDouble(),
                                            0.0, t.value(QStringLiteral("total")).toDouble()};
        };
        printTerms("Current", terms("current"), {});
        if (request.optimise || !request.proposed.empty())
            printTerms("Proposed", terms("proposed"),
                       QStringLiteral(" (%1 of %2 categories moved)")
                           .arg(summary.value(QStringLiteral("moved_categories")).toInt())
                           .arg(summary.value(QStringLiteral("placed_categories")).toInt()));
        printPrediction(summary);
        printLine(QStringLiteral("-> %1").arg(out));
    } catch (const MemoryBudgetExceeded& error) {
        printError(QStringLiteral("layout: ") + error.message());
        return InputError;
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "layout",
    "layout PROJECT --out LAYOUT.csv [--store S] [--as-of YYYY-MM-DD] [--proposed LAYOUT.csv | "
    "--optimize] [--effect R,LOW,HIGH] [--seconds S] "
    "[--iterations N] [--seed N] "
    "[--fix CATEGORY=ZONE]... [--forbid CATEGORY=ZONE]... [--capacity N] [--max-moves N] "
    "[--weights adjacency=1,exposure=0.5,distance=0.2] [--impulse CAT,CAT] "
    "[--closeness-metres M] [--memory-limit SIZE] [--json]",
    layoutCommand};

}  // namespace mb::cli
