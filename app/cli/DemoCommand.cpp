#include "Cli.h"

#include "common/Error.h"
#include "data/DemoGenerator.h"
#include "data/DemoProject.h"
#include "data/HealthReport.h"
#include "data/Project.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <algorithm>

namespace mb::cli {

namespace {

// An analysis the demo runs exactly as a user would: a registered command and its arguments
// (PROJECT and OUT are replaced by the demo project and the export's path, EXPORTS/ by the
// exports folder). Commands that this build does not have are passed over.
struct DemoAnalysis {
    const char* command;
    const char* exportName;
    QStringList arguments;
};

const std::vector<DemoAnalysis>& demoAnalyses() {
    static const std::vector<DemoAnalysis> analyses{
        {"affinity",
         "category-affinity.csv",
         {QStringLiteral("PROJECT"), QStringLiteral("--level"), QStringLiteral("category"),
          QStringLiteral("--out"), QStringLiteral("OUT")}},
        {"rules",
         "category-rules.csv",
         {QStringLiteral("PROJECT"), QStringLiteral("--level"), QStringLiteral("category"),
          QStringLiteral("--min-support"), QStringLiteral("0.01"),
          QStringLiteral("--min-confidence"), QStringLiteral("0.2"), QStringLiteral("--out"),
          QStringLiteral("OUT")}},
        {"markdown",
         "markdown-plan.csv",
         {QStringLiteral("PROJECT"), QStringLiteral("--exit-week"), QStringLiteral("2024-09-16"),
          QStringLiteral("--rules"), QStringLiteral("EXPORTS/markdown-rules.json"),
          QStringLiteral("--items"), QStringLiteral("EXPORTS/markdown-items.csv"),
          QStringLiteral("--out"), QStringLiteral("OUT")}},
        {"uplift-train",
         "uplift-scores.csv",
         {QStringLiteral("PROJECT"), QStringLiteral("--campaign"), QStringLiteral("demo_campaign"),
          QStringLiteral("--model"), QStringLiteral("forest"), QStringLiteral("--outcome"),
          QStringLiteral("purchase"), QStringLiteral("--seed"), QStringLiteral("7"),
          QStringLiteral("--out"), QStringLiteral("OUT")}},
        {"target",
         "offer-list.csv",
         {QStringLiteral("PROJECT"), QStringLiteral("--campaign"), QStringLiteral("demo_campaign"),
          QStringLiteral("--offers-from-project"), QStringLiteral("--budget"),
          QStringLiteral("600"), QStringLiteral("--seed"), QStringLiteral("7"),
          QStringLiteral("--xlsx"), QStringLiteral("EXPORTS/offer-list.xlsx"),
          QStringLiteral("--out"), QStringLiteral("OUT")}},
        {"traffic",
         "traffic",
         {QStringLiteral("PROJECT"), QStringLiteral("--out"), QStringLiteral("OUT")}},
        {"layout",
         "layout-scenario.csv",
         {QStringLiteral("PROJECT"), QStringLiteral("--store"), QStringLiteral("S0001"),
          QStringLiteral("--optimize"), QStringLiteral("--seconds"), QStringLiteral("2"),
          QStringLiteral("--iterations"), QStringLiteral("20000"), QStringLiteral("--seed"),
          QStringLiteral("7"), QStringLiteral("--fix"), QStringLiteral("produce=Z01"),
          QStringLiteral("--impulse"), QStringLiteral("snacks,seasonal"), QStringLiteral("--out"),
          QStringLiteral("OUT")}},
    };
    return analyses;
}

// Runs the demo's analyses; returns the exports written.
QStringList runDemoAnalyses(const QString& projectPath, const QString& exportDir) {
    QStringList written;
    for (const DemoAnalysis& analysis : demoAnalyses()) {
        const auto& commands = commandRegistry();
        const auto command = std::find_if(commands.begin(), commands.end(), [&](const Command& c) {
            return c.name == QLatin1String(analysis.command);
        });
        if (command == commands.end())
            continue;
        const QString out = exportDir + QLatin1Char('/') + QLatin1String(analysis.exportName);
        QStringList arguments{QStringLiteral("merchbench-cli ") + command->name};
        QStringList extra;  // further files the analysis reads or writes in the exports
        for (QString argument : analysis.arguments) {
            if (argument == QStringLiteral("PROJECT"))
                argument = projectPath;
            else if (argument == QStringLiteral("OUT"))
                argument = out;
            else if (argument.startsWith(QStringLiteral("EXPORTS/"))) {
                argument.replace(0, 7, exportDir);
                extra.append(argument);
            }
            arguments.append(argument);
        }
        if (command->run(arguments) != Success)
            throw Error(QStringLiteral("the demo's %1 analysis failed").arg(command->name));
        written.append(out);
        written.append(extra);
    }
    return written;
}

// The demo merchandiser's rules: a five-step ladder, at most three markdowns two weeks apart,
// never below half of cost. The clearance stock is bought and its cost sunk, so the plan
// maximises what it still brings in: revenue plus leftovers sold to a jobber at a quarter of
// their cost. (The margin objective charges the cost on units sold only, so a sale below cost +
// salvage looks worse than a leftover: with the demo's costs at 55-65% of the price, its plan
// beats no markdown by 0.1%, however overstocked the season.)
QJsonObject demoMarkdownRules() {
    return QJsonObject{
        {QStringLiteral("ladder"), QJsonArray{1.0, 0.85, 0.7, 0.55, 0.4}},
        {QStringLiteral("objective"), QStringLiteral("revenue")},
        {QStringLiteral("salvage_share_of_cost"), 0.25},
        {QStringLiteral("distribution"), QStringLiteral("fitted")},
        {QStringLiteral("rules"), QJsonObject{{QStringLiteral("monotone"), true},
                                              {QStringLiteral("max_markdowns"), 3},
                                              {QStringLiteral("min_weeks_between"), 2},
                                              {QStringLiteral("margin_floor"), -0.5}}},
        {QStringLiteral("simulations"), 200},
        {QStringLiteral("seed"), 7}};
}

// The demo replaces its project, data and exports wholesale, so it writes only into a new or
// empty folder, or one an earlier demo made (it holds exports/imports.json); never over a
// planner's own files. Empty when the folder may be used.
QString demoFolderProblem(const QString& outDir) {
    const QFileInfo info(outDir);
    if (info.exists() && !info.isDir())
        return QStringLiteral(
                   "%1 is a file, not a folder; give the demo a new or empty folder. "
                   "Nothing was written.")
            .arg(outDir);
    const QDir dir(outDir);
    if (info.isDir() && !dir.isEmpty() &&
        !QFileInfo::exists(dir.filePath(QStringLiteral("exports/imports.json"))))
        return QStringLiteral(
                   "%1 holds files an earlier demo did not write, and the demo would "
                   "overwrite them; give it a new or empty folder. Nothing was "
                   "written.")
            .arg(outDir);
    return {};
}

void writeJson(const QString& path, const QJsonObject& object) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw Error(QStringLiteral("cannot write %1").arg(path));
    file.write(QJsonDocument(object).toJson(QJsonDocument::Indented));
    if (!file.commit())
        throw Error(QStringLiteral("cannot write %1").arg(path));
}

}  // namespace

static int demoCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("OUTDIR"),
                                 QStringLiteral("Where the demo project and its exports go "
                                                "(default ./merchbench-demo)."));
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Build a project from the demo retailer, run every analysis and write the "
                       "exports."),
        0, 1);
    if (parsed >= 0)
        return parsed;
    const QString outDir =
        QDir(parser.positionalArguments().value(0, QStringLiteral("merchbench-demo")))
            .absolutePath();
    if (const QString problem = demoFolderProblem(outDir); !problem.isEmpty()) {
        printError(problem);
        return UsageError;
    }
    try {
        QDir().mkpath(outDir + QStringLiteral("/exports"));
        QString dataDir = data::findDemoDataDir();
        if (dataDir.isEmpty()) {
            dataDir = outDir + QStringLiteral("/data");
            data::generateDemo(dataDir, data::DemoOptions{});
        }
        const QString projectPath = outDir + QStringLiteral("/demo.merchbench");
        const std::vector<data::ImportReport> reports =
            data::buildDemoProject(projectPath, dataDir);
        QJsonArray imports;
        for (const data::ImportReport& report : reports)
            imports.append(report.toJson());
        const QString importsPath = outDir + QStringLiteral("/exports/imports.json");
        writeJson(importsPath, QJsonObject{{QStringLiteral("imports"), imports}});

        const std::unique_ptr<data::Project> project =
            data::Project::open(projectPath, data::Project::OpenMode::MustExist);
        const QString healthPath = outDir + QStringLiteral("/exports/data-health.json");
        writeJson(healthPath, data::checkHealth(*project).toJson());

        writeJson(outDir + QStringLiteral("/exports/markdown-rules.json"), demoMarkdownRules());
        const QStringList analysisExports =
            runDemoAnalyses(projectPath, outDir + QStringLiteral("/exports"));

        printLine(QStringLiteral("Demo project: %1").arg(projectPath));
        printLine(QStringLiteral("Demo data:    %1").arg(dataDir));
        printLine(QStringLiteral("Exports:"));
        printLine(QStringLiteral("  %1").arg(importsPath));
        printLine(QStringLiteral("  %1").arg(healthPath));
        for (const QString& path : analysisExports)
            printLine(QStringLiteral("  %1").arg(path));
        printLine(
            QStringLiteral("Open the project in the workbench: merchbench %1").arg(projectPath));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{"demo", "demo [OUTDIR]", demoCommand};

}  // namespace mb::cli
