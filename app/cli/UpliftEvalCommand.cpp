#include "Cli.h"

#include "common/Error.h"
#include "targeting/CampaignFile.h"
#include "targeting/UpliftBootstrap.h"

#include <QJsonArray>
#include <cmath>

namespace mb::cli {

namespace {

// JSON has no NaN or infinity; an undefined metric is null.
QJsonValue jsonNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

QJsonObject curveJson(const targeting::UpliftCurve& curve) {
    QJsonArray x;
    QJsonArray y;
    for (std::size_t i = 0; i < curve.x.size(); ++i) {
        x.append(jsonNumber(curve.x[i]));
        y.append(jsonNumber(curve.y[i]));
    }
    return QJsonObject{{QStringLiteral("x"), x}, {QStringLiteral("y"), y}};
}

QJsonArray intervalJson(const targeting::Interval& interval) {
    return QJsonArray{jsonNumber(interval.lower), jsonNumber(interval.upper)};
}

}  // namespace

static int upliftEvalCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("Campaign results (CSV): one row per customer."));
    auto valueOption = [&](const char* name, const char* help, const char* value,
                           const QString& fallback = QString()) {
        QCommandLineOption option(QString::fromLatin1(name), QString::fromLatin1(help),
                                  QString::fromLatin1(value), fallback);
        parser.addOption(option);
        return option;
    };
    const auto treatmentCol = valueOption("treatment-col", "Column holding the arm.", "C");
    const auto treatmentValue =
        valueOption("treatment-value", "Arm value of customers who got the offer.", "V");
    const auto controlValue = valueOption("control-value", "Arm value of the control group.", "V");
    const auto outcomeCol =
        valueOption("outcome-col", "Column holding the outcome (response or spend).", "C");
    const auto scoreCol = valueOption("score-col", "Column holding the predicted uplift.", "C");
    const auto kOption =
        valueOption("k", "Top k for uplift at k: a fraction in (0, 1) or a count (default 0.3).",
                    "K", QStringLiteral("0.3"));
    const auto strategyOption =
        valueOption("strategy",
                    "Uplift at k over both arms together (overall) or per arm "
                    "(by_group); default overall.",
                    "S", QStringLiteral("overall"));
    const auto bootstrapOption =
        valueOption("bootstrap", "Resamples for confidence intervals (default 0: none).", "N",
                    QStringLiteral("0"));
    const auto seedOption =
        valueOption("seed", "Seed of the bootstrap (default 1).", "S", QStringLiteral("1"));
    const auto levelOption = valueOption(
        "level", "Confidence level of the intervals (default 0.95).", "L", QStringLiteral("0.95"));
    const QCommandLineOption noNegative(
        QStringLiteral("no-negative-effect"),
        QStringLiteral(
            "Perfect Qini curve without negative effects (sklift negative_effect=False)."));
    parser.addOption(noNegative);
    const QCommandLineOption curves(QStringLiteral("curves"),
                                    QStringLiteral("Also print the curves' points."));
    parser.addOption(curves);
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print the metrics as one JSON object."));
    parser.addOption(json);
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Qini and uplift curves, their normalised areas, uplift at k and the "
                       "average treatment effect of an uplift model's scores (as scikit-uplift)."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    auto usage = [&](const QString& message) {
        printError(QStringLiteral("%1: %2").arg(arguments.first(), message));
        return UsageError;
    };
    for (const QCommandLineOption* required :
         {&treatmentCol, &treatmentValue, &controlValue, &outcomeCol, &scoreCol}) {
        if (!parser.isSet(*required))
            return usage(QStringLiteral("--%1 is required.").arg(required->names().first()));
    }
    bool ok = false;
    targeting::TopK k;
    k.value = parser.value(kOption).toDouble(&ok);
    if (!ok || !(k.value > 0.0))
        return usage(QStringLiteral("--k must be a fraction in (0, 1) or a count (%1).")
                         .arg(parser.value(kOption)));
    k.isFraction = k.value < 1.0;
    targeting::TopKStrategy strategy = targeting::TopKStrategy::Overall;
    if (parser.value(strategyOption) == QLatin1String("by_group"))
        strategy = targeting::TopKStrategy::ByGroup;
    else if (parser.value(strategyOption) != QLatin1String("overall"))
        return usage(QStringLiteral("--strategy must be overall or by_group (%1).")
                         .arg(parser.value(strategyOption)));
    const int replicates = parser.value(bootstrapOption).toInt(&ok);
    if (!ok || replicates < 0 || replicates > 100000)
        return usage(QStringLiteral("--bootstrap must be a count from 0 to 100000 (%1).")
                         .arg(parser.value(bootstrapOption)));
    const qulonglong seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok)
        return usage(
            QStringLiteral("--seed must be a whole number (%1).").arg(parser.value(seedOption)));
    const double level = parser.value(levelOption).toDouble(&ok);
    if (!ok || !(level > 0.0 && level < 1.0))
        return usage(
            QStringLiteral("--level must be in (0, 1) (%1).").arg(parser.value(levelOption)));
    const bool negativeEffect = !parser.isSet(noNegative);

    targeting::CampaignFile file;
    try {
        file = targeting::readCampaignFile(
            parser.positionalArguments().at(0),
            targeting::CampaignColumns{parser.value(treatmentCol), parser.value(treatmentValue),
                                       parser.value(controlValue), parser.value(outcomeCol),
                                       parser.value(scoreCol)});
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    const targeting::ScoredCampaign& campaign = file.campaign;
    const targeting::TreatmentEffect effect = targeting::averageTreatmentEffect(campaign);
    if (effect.treatment.customers == 0 || effect.control.customers == 0) {
        printError(QStringLiteral("%1: both arms need customers (treatment %2, control %3).")
                       .arg(parser.positionalArguments().at(0))
                       .arg(effect.treatment.customers)
                       .arg(effect.control.customers));
        return InputError;
    }
    double atK = 0.0;
    try {
        atK = targeting::upliftAtK(campaign, k, strategy);
    } catch (const Error& error) {
        return usage(error.message());
    }
    const double qiniAuc = targeting::qiniAucScore(campaign, negativeEffect);
    const double upliftAuc = targeting::upliftAucScore(campaign);

    QJsonObject report{
        {QStringLiteral("file"), parser.positionalArguments().at(0)},
        {QStringLiteral("n_treatment"), static_cast<qint64>(effect.treatment.customers)},
        {QStringLiteral("n_control"), static_cast<qint64>(effect.control.customers)},
        {QStringLiteral("ignored_rows"), static_cast<qint64>(file.ignoredRows)},
        {QStringLiteral("qini_auc"), jsonNumber(qiniAuc)},
        {QStringLiteral("uplift_auc"), jsonNumber(upliftAuc)},
        {QStringLiteral("uplift_at_k"), jsonNumber(atK)},
        {QStringLiteral("k"), k.value},
        {QStringLiteral("strategy"), parser.value(strategyOption)},
        {QStringLiteral("negative_effect"), negativeEffect},
        {QStringLiteral("ate"), jsonNumber(effect.effect)},
        {QStringLiteral("ate_se"), jsonNumber(effect.standardError)},
        {QStringLiteral("mean_treatment"), jsonNumber(effect.treatment.meanOutcome)},
        {QStringLiteral("mean_control"), jsonNumber(effect.control.meanOutcome)},
    };
    if (replicates > 0) {
        targeting::BootstrapSettings settings;
        settings.replicates = replicates;
        settings.seed = seed;
        settings.level = level;
        settings.k = k;
        settings.strategy = strategy;
        settings.negativeEffect = negativeEffect;
        const targeting::BootstrapIntervals intervals =
            targeting::bootstrapIntervals(campaign, settings);
        report.insert(
            QStringLiteral("bootstrap"),
            QJsonObject{{QStringLiteral("replicates"), replicates},
                        {QStringLiteral("seed"), QString::number(seed)},
                        {QStringLiteral("level"), level},
                        {QStringLiteral("qini_auc"), intervalJson(intervals.qiniAuc)},
                        {QStringLiteral("uplift_auc"), intervalJson(intervals.upliftAuc)},
                        {QStringLiteral("uplift_at_k"), intervalJson(intervals.upliftAtK)},
                        {QStringLiteral("ate"), intervalJson(intervals.effect)}});
    }
    if (parser.isSet(curves)) {
        report.insert(QStringLiteral("qini_curve"), curveJson(targeting::qiniCurve(campaign)));
        report.insert(QStringLiteral("uplift_curve"), curveJson(targeting::upliftCurve(campaign)));
        report.insert(QStringLiteral("perfect_qini_curve"),
                      curveJson(targeting::perfectQiniCurve(campaign, negativeEffect)));
        report.insert(QStringLiteral("perfect_uplift_curve"),
                      curveJson(targeting::perfectUpliftCurve(campaign)));
    }
    if (parser.isSet(json)) {
        printJson(report);
        return Success;
    }
    for (auto it = report.constBegin(); it != report.constEnd(); ++it) {
        if (it.value().isObject() || it.value().isArray())
            continue;
        printLine(
            QStringLiteral("%1 %2").arg(it.key(), -16).arg(it.value().toVariant().toString()));
    }
    if (replicates > 0)
        printLine(QStringLiteral("(confidence intervals: use --json)"));
    return Success;
}

static const CommandRegistration registration{
    "uplift-eval",
    "uplift-eval FILE --treatment-col C --treatment-value V --control-value V --outcome-col C "
    "--score-col C [--k K] [--bootstrap N --seed S] [--curves] [--json]",
    upliftEvalCommand};

}  // namespace mb::cli
