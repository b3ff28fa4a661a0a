#include "Cli.h"
#include "Options.h"
#include "OutputCheck.h"
#include "TargetingOptions.h"
#include "Warnings.h"

#include "common/Error.h"
#include "data/Project.h"
#include "targeting/TargetRequest.h"
#include "targeting/UpliftTrainJob.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace mb::cli {

namespace {

// The training in a few lines and the holdout metrics per arm, from the job's summary.
void printTraining(const QJsonObject& result, double seconds) {
    const QJsonObject perArm = result.value(QStringLiteral("holdout")).toObject();
    printLine(QStringLiteral("%1 model of %2 on campaign %3: %4 customers trained, %5 held out "
                             "(%6 s)")
                  .arg(result.value(QStringLiteral("model")).toString(),
                       result.value(QStringLiteral("outcome")).toString(),
                       result.value(QStringLiteral("campaign")).toString())
                  .arg(result.value(QStringLiteral("n_train")).toInteger())
                  .arg(result.value(QStringLiteral("n_holdout")).toInteger())
                  .arg(seconds, 0, 'f', 2));
    printLine(QStringLiteral("%1 %2 %3 %4 %5 %6")
                  .arg(QStringLiteral("arm"), -16)
                  .arg(QStringLiteral("qini_auc"), 10)
                  .arg(QStringLiteral("uplift_auc"), 10)
                  .arg(QStringLiteral("uplift@30%"), 10)
                  .arg(QStringLiteral("ate"), 10)
                  .arg(QStringLiteral("ate_se"), 10));
    for (const auto& arm : result.value(QStringLiteral("arms")).toArray()) {
        const QJsonObject m = perArm.value(arm.toString()).toObject();
        auto cell = [&](const char* key) {
            const QJsonValue value = m.value(QLatin1String(key));
            return value.isDouble() ? QString::number(value.toDouble(), 'f', 4)
                                    : QStringLiteral("-");
        };
        printLine(QStringLiteral("%1 %2 %3 %4 %5 %6")
                      .arg(arm.toString(), -16)
                      .arg(cell("qini_auc"), 10)
                      .arg(cell("uplift_auc"), 10)
                      .arg(cell("uplift_at_k"), 10)
                      .arg(cell("ate"), 10)
                      .arg(cell("ate_se"), 10));
    }
    for (const auto& note : result.value(QStringLiteral("notes")).toArray())
        printLine(QStringLiteral("note: ") + note.toString());
}

}  // namespace

static int upliftTrainCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"), QStringLiteral("Project file."));
    auto valueOption = [&](const char* name, const char* help, const char* value,
                           const QString& fallback = QString()) {
        QCommandLineOption option(QString::fromLatin1(name), QString::fromLatin1(help),
                                  QString::fromLatin1(value), fallback);
        parser.addOption(option);
        return option;
    };
    const auto campaignOption = valueOption("campaign", "Campaign test to learn from.", "NAME");
    const auto modelOption = valueOption("model", "tlearner (default), classtransform or forest.",
                                         "M", QStringLiteral("tlearner"));
    const auto outcomeOption =
        valueOption("outcome", "Outcome column (default: the campaign's first outcome).", "COL");
    const auto armOption =
        valueOption("arm", "Model only this treatment arm against control (default: all).", "ARM");
    const auto holdoutOption =
        valueOption("holdout", "Share of customers held out for evaluation (default 0.3).", "S",
                    QStringLiteral("0.3"));
    const auto seedOption = valueOption("seed", "Seed of the split and the forest (default 1).",
                                        "N", QStringLiteral("1"));
    const auto criterionOption = valueOption(
        "criterion", "Forest split criterion: kl (default), ed or chi.", "C", QStringLiteral("kl"));
    const auto treesOption =
        valueOption("trees", "Trees in the forest (default 40).", "N", QStringLiteral("40"));
    const auto outOption =
        valueOption("out",
                    "Scores (CSV): customer, arm, uplift per treatment arm, predicted "
                    "control response, holdout flag.",
                    "FILE");
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the result as one JSON object."));
    parser.addOption(json);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Fits an uplift model on a campaign test's customers, scores every "
                       "customer, and evaluates the scores on a stratified holdout."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    auto usage = [&](const QString& message) {
        printError(QStringLiteral("%1: %2").arg(arguments.first(), message));
        return UsageError;
    };
    if (!parser.isSet(campaignOption))
        return usage(QStringLiteral("--campaign is required."));
    if (!parser.isSet(outOption))
        return usage(QStringLiteral("--out is required."));
    exporting::CommandFiles files;
    files.addProject(parser.positionalArguments().at(0));
    files.addOutput(QStringLiteral("--out"), parser.value(outOption));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    targeting::UpliftTrainRequest request;
    try {
        request.campaign = parser.value(campaignOption);
        request.model = upliftModelOption(parser, modelOption);
        const QString criterion = parser.value(criterionOption);
        if (criterion == QLatin1String("kl"))
            request.criterion = targeting::SplitCriterion::KullbackLeibler;
        else if (criterion == QLatin1String("ed"))
            request.criterion = targeting::SplitCriterion::Euclidean;
        else if (criterion == QLatin1String("chi"))
            request.criterion = targeting::SplitCriterion::ChiSquare;
        else
            throw UsageProblem(
                QStringLiteral("--criterion must be kl, ed or chi (%1).").arg(criterion));
        request.outcome = parser.value(outcomeOption);
        request.arm = parser.value(armOption);
        request.holdout = numberOption(parser, holdoutOption, 0.0, 1.0);
        if (request.holdout >= 1.0)
            throw UsageProblem(QStringLiteral("--holdout must be a share in [0, 1) (%1).")
                                   .arg(parser.value(holdoutOption)));
        request.seed = wholeOption(parser, seedOption);
        request.trees = static_cast<int>(wholeOption(parser, treesOption, 1, 10000));
    } catch (const Error& error) {
        return usage(error.message());
    }

    QElapsedTimer timer;
    timer.start();
    try {
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        ProgressToken progress;
        jobs::JobContext context{project.get(), progress, {}};
        context.outputs.insert(QStringLiteral("out"), parser.value(outOption));
        jobs::JobOutcome outcome;
        try {
            outcome = targeting::runUpliftTrainJob(request.toJson(), context);
        } catch (const targeting::RequestProblem& problem) {
            return usage(problem.message());
        }
        printWarnings(outcome.warnings);
        const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;
        QJsonObject result = outcome.summary;
        result.insert(QStringLiteral("seconds"), seconds);
        if (parser.isSet(json)) {
            printJson(result);
            return Success;
        }
        printTraining(result, seconds);
        printLine(QStringLiteral("scores written to %1").arg(parser.value(outOption)));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "uplift-train",
    "uplift-train PROJECT --campaign NAME [--model tlearner|classtransform|forest] "
    "[--outcome COL] [--arm ARM] [--holdout 0.3] [--seed N] [--criterion kl|ed|chi] [--trees N] "
    "--out SCORES.csv [--json]",
    upliftTrainCommand};

}  // namespace mb::cli
