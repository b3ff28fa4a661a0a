#include "Cli.h"
#include "MemoryLimitOption.h"
#include "OutputCheck.h"
#include "ProjectRun.h"

#include "common/Error.h"
#include "data/Project.h"
#include "export/CsvExport.h"
#include "layout/BasketReader.h"
#include "layout/FloorPlan.h"
#include "layout/LayoutOptimiser.h"
#include "layout/LayoutScore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>
#include <cstdint>

namespace mb::cli {

namespace {

QJsonValue number(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonObject termsJson(const layout::LayoutModel& model, const layout::LayoutScoreTerms& terms) {
    return QJsonObject{
        {QStringLiteral("adjacency"), number(terms.adjacency)},
        {QStringLiteral("exposure"), number(terms.exposure)},
        {QStringLiteral("walking_metres"), number(terms.walkingMetres)},
        {QStringLiteral("walking_ratio"), number(terms.walkingMetres / model.directWalkMetres)},
        {QStringLiteral("total"), number(terms.total)}};
}

// "CATEGORY=ZONE" rules as model indices; an unknown name is an input error.
bool readPlacements(const QStringList& values, const char* option, const layout::LayoutModel& model,
                    std::vector<std::pair<int, int>>& rules) {
    for (const QString& value : values) {
        const qsizetype equals = value.lastIndexOf(u'=');
        const QString category = value.left(equals).trimmed();
        const QString zone = value.mid(equals + 1).trimmed();
        const int c = equals > 0 ? model.categoryIndex(category) : -1;
        const int z = equals > 0 ? model.zoneIndex(zone) : -1;
        if (equals <= 0 || c < 0 || z < 0) {
            printError(QStringLiteral("layout: --%1: %2 (%3)")
                           .arg(QLatin1String(option),
                                equals <= 0 ? QStringLiteral("expected CATEGORY=ZONE")
                                : c < 0     ? QStringLiteral("unknown category")
                                            : QStringLiteral("zone is not on the floor plan"),
                                value));
            return false;
        }
        rules.emplace_back(c, z);
    }
    return true;
}

bool readWeights(const QString& text, layout::LayoutWeights& weights) {
    for (const QString& part : text.split(u',', Qt::SkipEmptyParts)) {
        const QStringList keyValue = part.split(u'=');
        bool ok = keyValue.size() == 2;
        const double value = ok ? keyValue[1].trimmed().toDouble(&ok) : 0.0;
        const QString key = keyValue[0].trimmed();
        double* target = key == QLatin1String("adjacency")  ? &weights.adjacency
                         : key == QLatin1String("exposure") ? &weights.exposure
                         : key == QLatin1String("distance") ? &weights.distance
                                                            : nullptr;
        if (!ok || !target || !std::isfinite(value)) {
            printError(QStringLiteral("layout: --weights: expected adjacency=A,exposure=E,"
                                      "distance=D with numbers (%1)")
                           .arg(part));
            return false;
        }
        *target = value;
    }
    return true;
}

void writeLayoutCsv(const QString& path, const layout::LayoutModel& model,
                    const std::vector<int>& current, const std::vector<int>& proposed) {
    const std::vector<double> adjacencyNow = layout::categoryAdjacency(model, current);
    const std::vector<double> adjacencyProposed = layout::categoryAdjacency(model, proposed);
    exporting::CsvWriter out(path);
    out.writeRow(QStringList{"category", "current_zone", "proposed_zone", "moved",
                             "adjacency_current", "adjacency_proposed", "exposure_current",
                             "exposure_proposed"});
    const auto zoneName = [&](int zone) { return zone < 0 ? QString() : model.zones[zone]; };
    const auto exposure = [&](int category, int zone) {
        return model.impulse[static_cast<std::size_t>(category)] && zone >= 0
                   ? model.visitShare[static_cast<std::size_t>(zone)]
                   : 0.0;
    };
    exporting::CsvRow row;
    for (int c = 0; c < model.categoryCount(); ++c) {
        const auto i = static_cast<std::size_t>(c);
        if (current[i] < 0 && proposed[i] < 0)
            continue;
        row.clear();
        row.text(model.categories[c])
            .text(zoneName(current[i]))
            .text(zoneName(proposed[i]))
            .flag(current[i] != proposed[i])
            .numberAsR(adjacencyNow[i])
            .numberAsR(adjacencyProposed[i])
            .numberAsR(exposure(c, current[i]))
            .numberAsR(exposure(c, proposed[i]));
        out.writeRow(row);
    }
    out.commit();
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
    };
    option("optimize", "Propose a better layout (quadratic assignment, then exact polish).");
    option("seconds", "Search time limit in seconds (default 2).", "S", "2");
    option("iterations",
           "Tabu search iteration limit; with it (and enough seconds) every machine gives the "
           "same layout.",
           "N");
    option("seed", "Seed of the random steps (default 1).", "N", "1");
    option("fix", "Pin a category to a zone (repeatable).", "CATEGORY=ZONE");
    option("forbid", "Keep a category out of a zone (repeatable).", "CATEGORY=ZONE");
    option("capacity", "Categories per zone (default 1).", "N", "1");
    option("weights",
           "Term weights (default adjacency=1,exposure=0.5,distance=0.2); the total is "
           "adjacency*A + exposure*E - distance*(mean basket walk / entrance-to-checkout walk).",
           "LIST");
    option("impulse", "Impulse categories for the exposure term (comma-separated).", "LIST");
    option("closeness-metres",
           "Scale of closeness exp(-metres/scale) between two zones (default 10).", "M", "10");
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
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    layout::LayoutModelOptions modelOptions;
    if (parser.isSet(QStringLiteral("weights")) &&
        !readWeights(parser.value(QStringLiteral("weights")), modelOptions.weights))
        return UsageError;
    bool ok = false;
    const double seconds = parser.value(QStringLiteral("seconds")).toDouble(&ok);
    if (!ok || !(seconds > 0) || seconds > 1e6) {
        printError(QStringLiteral("layout: --seconds must be a number above 0 and at most 1e6 (%1)")
                       .arg(parser.value(QStringLiteral("seconds"))));
        return UsageError;
    }
    qint64 iterations = 0;
    if (parser.isSet(QStringLiteral("iterations"))) {
        iterations = parser.value(QStringLiteral("iterations")).toLongLong(&ok);
        if (!ok || iterations < 1) {
            printError(QStringLiteral("layout: --iterations must be a whole number above 0 (%1)")
                           .arg(parser.value(QStringLiteral("iterations"))));
            return UsageError;
        }
    }
    const std::uint64_t seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok) {
        printError(QStringLiteral("layout: --seed must be a whole number from 0 to 2^64-1 (%1)")
                       .arg(parser.value(QStringLiteral("seed"))));
        return UsageError;
    }
    const int capacity = parser.value(QStringLiteral("capacity")).toInt(&ok);
    if (!ok || capacity < 1 || capacity > 1000) {
        printError(QStringLiteral("layout: --capacity must be a whole number from 1 to 1000 (%1)")
                       .arg(parser.value(QStringLiteral("capacity"))));
        return UsageError;
    }
    modelOptions.closenessMetres = parser.value(QStringLiteral("closeness-metres")).toDouble(&ok);
    if (!ok || !(modelOptions.closenessMetres > 0) ||
        !std::isfinite(modelOptions.closenessMetres)) {
        printError(QStringLiteral("layout: --closeness-metres must be a number above 0 (%1)")
                       .arg(parser.value(QStringLiteral("closeness-metres"))));
        return UsageError;
    }
    for (const QString& category :
         parser.value(QStringLiteral("impulse")).split(u',', Qt::SkipEmptyParts))
        modelOptions.impulse.append(category.trimmed());
    modelOptions.seed = seed;
    std::optional<MemoryBudget> budget = readMemoryLimit(parser, "layout");
    if (!budget)
        return UsageError;
    modelOptions.budget = &*budget;
    const bool optimise = parser.isSet(QStringLiteral("optimize"));
    const QString out = parser.value(QStringLiteral("out"));

    std::unique_ptr<data::Project> project;
    try {
        project = data::Project::open(parser.positionalArguments().at(0),
                                      data::Project::OpenMode::MustExist);
        const QString where = project->path();
        const layout::FloorPlan plan = layout::readProjectFloorPlan(*project);
        const layout::WalkingDistances distances = layout::walkingDistances(plan);
        layout::checkScorableFloor(plan, distances, where);
        const std::vector<std::pair<QString, QString>> current =
            layout::readProjectLayout(*project);
        if (current.empty())
            throw Error(
                QStringLiteral("%1: the project has no layout (category, zone) rows").arg(where));
        QStringList layoutCategories;
        for (const auto& [category, zone] : current)
            layoutCategories.append(category);
        const layout::BasketSet baskets =
            layout::readProjectBaskets(*project, layout::BasketLevel::Category);
        const layout::LayoutModel model =
            layout::buildLayoutModel(plan, distances, baskets, layoutCategories,
                                     layout::readZoneVisits(*project, plan), modelOptions);
        const std::vector<int> assignment = layout::layoutAssignment(model, current);

        layout::LayoutOptimiserOptions options;
        options.seconds = seconds;
        options.iterations = iterations;
        options.seed = seed;
        options.rules.zoneCapacity = capacity;
        if (!readPlacements(parser.values(QStringLiteral("fix")), "fix", model,
                            options.rules.fixed) ||
            !readPlacements(parser.values(QStringLiteral("forbid")), "forbid", model,
                            options.rules.forbidden))
            return InputError;

        QJsonArray impulse;
        for (int c = 0; c < model.categoryCount(); ++c)
            if (model.impulse[static_cast<std::size_t>(c)])
                impulse.append(model.categories[c]);
        QJsonObject parameters{
            {QStringLiteral("optimize"), optimise},
            {QStringLiteral("seconds"), seconds},
            {QStringLiteral("iterations"), iterations},
            {QStringLiteral("capacity"), capacity},
            {QStringLiteral("fix"),
             QJsonArray::fromStringList(parser.values(QStringLiteral("fix")))},
            {QStringLiteral("forbid"),
             QJsonArray::fromStringList(parser.values(QStringLiteral("forbid")))},
            {QStringLiteral("weights"),
             QJsonObject{{QStringLiteral("adjacency"), model.weights.adjacency},
                         {QStringLiteral("exposure"), model.weights.exposure},
                         {QStringLiteral("distance"), model.weights.distance}}},
            {QStringLiteral("impulse"), impulse},
            {QStringLiteral("closeness_metres"), model.closenessMetres},
            {QStringLiteral("affinity"), QStringLiteral("phi")}};

        std::unique_ptr<ProjectRun> run;  // only an optimisation is a run
        layout::LayoutProposal proposal;
        if (optimise) {
            run = std::make_unique<ProjectRun>(*project, QStringLiteral("layout"), parameters,
                                               static_cast<qint64>(seed),
                                               ProjectRun::Recording::WhenWritable);
            proposal = layout::optimiseLayout(model, assignment, options);
        } else {
            proposal.current = proposal.proposed = assignment;
            proposal.before = proposal.after = layout::scoreLayout(model, assignment);
        }
        const layout::CrossCategoryModel crossModel =
            layout::fitCrossCategoryModel(model, assignment, 200, seed);
        const layout::CrossCategoryEffect effect = layout::crossCategoryEffect(
            crossModel, proposal.after.closenessSum - proposal.before.closenessSum);
        if (run)
            run->begin();
        writeLayoutCsv(out, model, proposal.current, proposal.proposed);

        int moved = 0, placed = 0;
        for (std::size_t c = 0; c < proposal.current.size(); ++c) {
            placed += proposal.current[c] >= 0;
            moved += proposal.current[c] != proposal.proposed[c];
        }
        const layout::LayoutScoreTerms& a = proposal.before;
        const layout::LayoutScoreTerms& b = proposal.after;
        layout::LayoutScoreTerms change{b.adjacency - a.adjacency, b.exposure - a.exposure,
                                        b.walkingMetres - a.walkingMetres,
                                        b.closenessSum - a.closenessSum, b.total - a.total};
        QJsonObject summary{
            {QStringLiteral("current"), termsJson(model, a)},
            {QStringLiteral("proposed"), termsJson(model, b)},
            {QStringLiteral("improvement"), termsJson(model, change)},
            {QStringLiteral("moved_categories"), moved},
            {QStringLiteral("placed_categories"), placed},
            {QStringLiteral("kept_current"), proposal.keptCurrent},
            {QStringLiteral("seconds"), proposal.seconds},
            {QStringLiteral("iterations"), static_cast<qint64>(proposal.iterations)},
            {QStringLiteral("polish_moves"), proposal.polishMoves},
            {QStringLiteral("cross_category_effect"),
             QJsonObject{{QStringLiteral("per_1000_baskets"), number(effect.perThousandBaskets)},
                         {QStringLiteral("low"), number(effect.low)},
                         {QStringLiteral("high"), number(effect.high)},
                         {QStringLiteral("level"), crossModel.level},
                         {QStringLiteral("slope"), number(crossModel.slope)},
                         {QStringLiteral("slope_low"), number(crossModel.slopeLow)},
                         {QStringLiteral("slope_high"), number(crossModel.slopeHigh)},
                         {QStringLiteral("pairs"), crossModel.pairs},
                         {QStringLiteral("baskets"), crossModel.baskets},
                         {QStringLiteral("bootstrap_samples"), crossModel.bootstrapSamples},
                         {QStringLiteral("model"), crossModel.assumption}}}};
        if (run) {
            run->finish(summary);
            summary.insert(QStringLiteral("run_id"), run->idJson());
        }
        if (parser.isSet(QStringLiteral("json"))) {
            summary.insert(QStringLiteral("project"), project->path());
            summary.insert(QStringLiteral("optimized"), optimise);
            summary.insert(QStringLiteral("out"), out);
            summary.insert(QStringLiteral("parameters"), parameters);
            summary.insert(QStringLiteral("seed"), QString::number(seed));
            summary.insert(QStringLiteral("direct_walk_metres"), model.directWalkMetres);
            printJson(summary);
        } else {
            printLine(QStringLiteral("Current layout: adjacency %1, exposure %2, walk %3 m, "
                                     "total %4")
                          .arg(a.adjacency, 0, 'f', 4)
                          .arg(a.exposure, 0, 'f', 4)
                          .arg(a.walkingMetres, 0, 'f', 1)
                          .arg(a.total, 0, 'f', 4));
            if (optimise)
                printLine(QStringLiteral("Proposed layout: adjacency %1, exposure %2, walk %3 m, "
                                         "total %4 (%5 of %6 categories moved)")
                              .arg(b.adjacency, 0, 'f', 4)
                              .arg(b.exposure, 0, 'f', 4)
                              .arg(b.walkingMetres, 0, 'f', 1)
                              .arg(b.total, 0, 'f', 4)
                              .arg(moved)
                              .arg(placed));
            printLine(QStringLiteral("-> %1").arg(out));
        }
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
    "layout PROJECT --out LAYOUT.csv [--optimize] [--seconds S] [--seed N] "
    "[--fix CATEGORY=ZONE]... [--weights adjacency=1,exposure=0.5,distance=0.2] "
    "[--impulse CAT,CAT] [--memory-limit SIZE] [--json]",
    layoutCommand};

}  // namespace mb::cli
