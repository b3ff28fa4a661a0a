#include "Cli.h"
#include "OutputCheck.h"
#include "ProjectRun.h"

#include "common/Error.h"
#include "data/Project.h"
#include "export/CsvExport.h"
#include "targeting/CampaignTable.h"
#include "targeting/UpliftMetrics.h"
#include "targeting/UpliftModels.h"
#include "targeting/UpliftSplit.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>
#include <optional>

namespace mb::cli {

namespace {

QJsonValue finiteOrNull(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

// sklift-style metrics of one treatment arm against control on the held-out customers.
QJsonObject holdoutMetrics(const std::vector<int>& arm, const Eigen::VectorXd& outcome,
                           const std::vector<std::uint8_t>& holdout, const Eigen::VectorXd& score,
                           int treatmentArm) {
    const targeting::ScoredCampaign campaign =
        targeting::scoredHoldout(arm, outcome, holdout, score, treatmentArm);
    const targeting::TreatmentEffect effect = targeting::averageTreatmentEffect(campaign);
    QJsonObject metrics{
        {QStringLiteral("n_treatment"), static_cast<qint64>(effect.treatment.customers)},
        {QStringLiteral("n_control"), static_cast<qint64>(effect.control.customers)},
        {QStringLiteral("ate"), finiteOrNull(effect.effect)},
        {QStringLiteral("ate_se"), finiteOrNull(effect.standardError)},
    };
    if (effect.treatment.customers == 0 || effect.control.customers == 0) {
        for (const char* name : {"qini_auc", "uplift_auc", "uplift_at_k"})
            metrics.insert(QLatin1String(name), QJsonValue(QJsonValue::Null));
        return metrics;
    }
    metrics.insert(QStringLiteral("qini_auc"), finiteOrNull(targeting::qiniAucScore(campaign)));
    metrics.insert(QStringLiteral("uplift_auc"), finiteOrNull(targeting::upliftAucScore(campaign)));
    double atK = std::nan("");
    try {
        atK = targeting::upliftAtK(campaign, targeting::TopK{0.3, true},
                                   targeting::TopKStrategy::Overall);
    } catch (const Error&) {
        // Too few held-out customers for a top 30%: the figure is undefined, not an error.
    }
    metrics.insert(QStringLiteral("uplift_at_k"), finiteOrNull(atK));
    return metrics;
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
    targeting::UpliftSettings settings;
    const QString modelText = parser.value(modelOption);
    if (modelText == QLatin1String("tlearner"))
        settings.method = targeting::UpliftMethod::TLearner;
    else if (modelText == QLatin1String("classtransform"))
        settings.method = targeting::UpliftMethod::ClassTransformation;
    else if (modelText == QLatin1String("forest"))
        settings.method = targeting::UpliftMethod::Forest;
    else
        return usage(QStringLiteral("--model must be tlearner, classtransform or forest (%1).")
                         .arg(modelText));
    const QString criterionText = parser.value(criterionOption);
    if (criterionText == QLatin1String("kl"))
        settings.forest.criterion = targeting::SplitCriterion::KullbackLeibler;
    else if (criterionText == QLatin1String("ed"))
        settings.forest.criterion = targeting::SplitCriterion::Euclidean;
    else if (criterionText == QLatin1String("chi"))
        settings.forest.criterion = targeting::SplitCriterion::ChiSquare;
    else
        return usage(QStringLiteral("--criterion must be kl, ed or chi (%1).").arg(criterionText));
    bool ok = false;
    const double holdoutShare = parser.value(holdoutOption).toDouble(&ok);
    if (!ok || !(holdoutShare >= 0.0 && holdoutShare < 1.0))
        return usage(QStringLiteral("--holdout must be a share in [0, 1) (%1).")
                         .arg(parser.value(holdoutOption)));
    settings.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return usage(
            QStringLiteral("--seed must be a whole number (%1).").arg(parser.value(seedOption)));
    settings.forest.trees = parser.value(treesOption).toInt(&ok);
    if (!ok || settings.forest.trees < 1 || settings.forest.trees > 10000)
        return usage(QStringLiteral("--trees must be a count from 1 to 10000 (%1).")
                         .arg(parser.value(treesOption)));

    std::unique_ptr<data::Project> project;
    targeting::CampaignDesign design;
    const QString campaignName = parser.value(campaignOption);
    try {
        project = data::Project::open(parser.positionalArguments().at(0),
                                      data::Project::OpenMode::MustExist);
        design = targeting::loadCampaign(*project, campaignName);
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    const QString outcomeName = parser.isSet(outcomeOption)     ? parser.value(outcomeOption)
                                : design.outcomeNames.isEmpty() ? QString()
                                                                : design.outcomeNames.first();
    const int outcomeIndex = design.outcomeIndex(outcomeName);
    if (outcomeIndex < 0)
        return usage(QStringLiteral("campaign %1 has no outcome %2 (there are: %3).")
                         .arg(campaignName, outcomeName, design.outcomeNames.join(u", ")));

    // The customers modelled: every arm, or control and the one arm asked for.
    QStringList treatments = design.arms.mid(1);
    std::vector<Eigen::Index> modelled;
    std::vector<int> armOf;
    if (parser.isSet(armOption)) {
        const int chosen = static_cast<int>(design.arms.indexOf(parser.value(armOption)));
        if (chosen < 1)
            return usage(QStringLiteral("--arm must be one of the treatment arms %1 (%2).")
                             .arg(treatments.join(u", "), parser.value(armOption)));
        treatments = QStringList{design.arms.at(chosen)};
        for (std::size_t i = 0; i < design.arm.size(); ++i) {
            if (design.arm[i] == 0 || design.arm[i] == chosen) {
                modelled.push_back(static_cast<Eigen::Index>(i));
                armOf.push_back(design.arm[i] == 0 ? 0 : 1);
            }
        }
    } else {
        for (std::size_t i = 0; i < design.arm.size(); ++i) {
            modelled.push_back(static_cast<Eigen::Index>(i));
            armOf.push_back(design.arm[i]);
        }
    }
    Eigen::VectorXd outcome(static_cast<Eigen::Index>(modelled.size()));
    for (std::size_t i = 0; i < modelled.size(); ++i)
        outcome(static_cast<Eigen::Index>(i)) = design.outcomes(modelled[i], outcomeIndex);

    const QJsonObject parameters{
        {QStringLiteral("campaign"), campaignName},
        {QStringLiteral("model"), targeting::methodName(settings.method)},
        {QStringLiteral("outcome"), outcomeName},
        {QStringLiteral("arms"), QJsonArray::fromStringList(treatments)},
        {QStringLiteral("holdout"), holdoutShare},
        {QStringLiteral("seed"), QString::number(settings.seed)},
        {QStringLiteral("criterion"), criterionText},
        {QStringLiteral("trees"), settings.forest.trees},
        {QStringLiteral("ridge"), settings.ridge},
    };
    QElapsedTimer timer;
    timer.start();
    std::optional<ProjectRun> run;
    try {
        run.emplace(*project, QStringLiteral("uplift-train"), parameters,
                    static_cast<qint64>(settings.seed), ProjectRun::Recording::WhenWritable);

        const std::vector<std::uint8_t> holdout =
            targeting::splitHoldout(armOf, outcome, holdoutShare, settings.seed);
        std::vector<Eigen::Index> training;
        for (std::size_t i = 0; i < modelled.size(); ++i) {
            if (!holdout[i] && !std::isnan(outcome(static_cast<Eigen::Index>(i))))
                training.push_back(static_cast<Eigen::Index>(i));
        }
        targeting::UpliftTrainingSet all;
        all.features.resize(static_cast<Eigen::Index>(modelled.size()), design.features.cols());
        for (std::size_t i = 0; i < modelled.size(); ++i)
            all.features.row(static_cast<Eigen::Index>(i)) = design.features.row(modelled[i]);
        all.outcome = outcome.array().isNaN().select(0.0, outcome);
        all.arm = armOf;
        all.treatmentArms = static_cast<int>(treatments.size());
        all.binaryOutcome = design.outcomeIsBinary[static_cast<std::size_t>(outcomeIndex)];
        const targeting::UpliftTraining trained =
            targeting::trainUpliftModel(targeting::selectRows(all, training), settings);
        const targeting::UpliftPrediction prediction = trained.model->predict(all.features);

        run->begin();
        exporting::CsvWriter writer(parser.value(outOption));
        QStringList header{QStringLiteral("customer"), QStringLiteral("arm")};
        for (const QString& arm : treatments)
            header.append(QStringLiteral("uplift_") + arm);
        header << QStringLiteral("control_response") << QStringLiteral("holdout");
        writer.writeRow(header);
        exporting::CsvRow line;
        for (std::size_t i = 0; i < modelled.size(); ++i) {
            const auto row = static_cast<Eigen::Index>(i);
            const auto source = static_cast<std::size_t>(modelled[i]);
            line.clear();
            line.text(design.customer[source]).text(design.arms.at(design.arm[source]));
            for (Eigen::Index a = 0; a < prediction.uplift.cols(); ++a)
                line.number(prediction.uplift(row, a));
            line.number(prediction.controlResponse(row)).flag(holdout[i] != 0);
            writer.writeRow(line);
        }
        writer.commit();

        QJsonObject perArm;
        std::int64_t heldOut = 0;
        for (const std::uint8_t flag : holdout)
            heldOut += flag;
        for (int a = 1; a <= all.treatmentArms; ++a) {
            perArm.insert(treatments.at(a - 1),
                          holdoutMetrics(armOf, outcome, holdout, prediction.uplift.col(a - 1), a));
        }
        const double seconds = static_cast<double>(timer.elapsed()) / 1000.0;
        QJsonObject result{
            {QStringLiteral("project"), project->path()},
            {QStringLiteral("campaign"), campaignName},
            {QStringLiteral("model"), targeting::methodName(settings.method)},
            {QStringLiteral("outcome"), outcomeName},
            {QStringLiteral("outcome_binary"), all.binaryOutcome},
            {QStringLiteral("control_arm"), design.arms.first()},
            {QStringLiteral("arms"), QJsonArray::fromStringList(treatments)},
            {QStringLiteral("features"), QJsonArray::fromStringList(design.featureNames)},
            {QStringLiteral("n_train"), static_cast<qint64>(training.size())},
            {QStringLiteral("n_holdout"), static_cast<qint64>(heldOut)},
            {QStringLiteral("seed"), QString::number(settings.seed)},
            {QStringLiteral("holdout"), perArm},
            {QStringLiteral("notes"), QJsonArray::fromStringList(trained.model->notes())},
            {QStringLiteral("out"), parser.value(outOption)},
            {QStringLiteral("run_id"), run->idJson()},
            {QStringLiteral("seconds"), seconds},
        };
        if (settings.method == targeting::UpliftMethod::Forest) {
            result.insert(QStringLiteral("criterion"), criterionText);
            result.insert(QStringLiteral("trees"), settings.forest.trees);
        }
        QJsonObject summary = result;
        summary.remove(QStringLiteral("features"));
        run->finish(summary);
        if (parser.isSet(json)) {
            printJson(result);
            return Success;
        }
        printLine(QStringLiteral("%1 model of %2 on campaign %3: %4 customers trained, %5 held out "
                                 "(%6 s)")
                      .arg(targeting::methodName(settings.method), outcomeName, campaignName)
                      .arg(training.size())
                      .arg(heldOut)
                      .arg(seconds, 0, 'f', 2));
        printLine(QStringLiteral("%1 %2 %3 %4 %5 %6")
                      .arg(QStringLiteral("arm"), -16)
                      .arg(QStringLiteral("qini_auc"), 10)
                      .arg(QStringLiteral("uplift_auc"), 10)
                      .arg(QStringLiteral("uplift@30%"), 10)
                      .arg(QStringLiteral("ate"), 10)
                      .arg(QStringLiteral("ate_se"), 10));
        for (const QString& arm : treatments) {
            const QJsonObject m = perArm.value(arm).toObject();
            auto cell = [&](const char* key) {
                const QJsonValue value = m.value(QLatin1String(key));
                return value.isDouble() ? QString::number(value.toDouble(), 'f', 4)
                                        : QStringLiteral("-");
            };
            printLine(QStringLiteral("%1 %2 %3 %4 %5 %6")
                          .arg(arm, -16)
                          .arg(cell("qini_auc"), 10)
                          .arg(cell("uplift_auc"), 10)
                          .arg(cell("uplift_at_k"), 10)
                          .arg(cell("ate"), 10)
                          .arg(cell("ate_se"), 10));
        }
        for (const QString& note : trained.model->notes())
            printLine(QStringLiteral("note: ") + note);
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
