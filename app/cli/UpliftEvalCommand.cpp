#include "Cli.h"
#include "Options.h"

#include "common/Error.h"
#include "targeting/RequestProblem.h"
#include "targeting/UpliftEvalJob.h"

namespace mb::cli {

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
    targeting::UpliftEvalRequest request;
    request.file = parser.positionalArguments().at(0);
    request.treatmentColumn = parser.value(treatmentCol);
    request.treatmentValue = parser.value(treatmentValue);
    request.controlValue = parser.value(controlValue);
    request.outcomeColumn = parser.value(outcomeCol);
    request.scoreColumn = parser.value(scoreCol);
    try {
        request.k = numberOption(parser, kOption);
        if (!(request.k > 0.0))
            throw UsageProblem(QStringLiteral("--k must be a fraction in (0, 1) or a count (%1).")
                                   .arg(parser.value(kOption)));
        if (parser.value(strategyOption) == QLatin1String("by_group"))
            request.strategy = targeting::TopKStrategy::ByGroup;
        else if (parser.value(strategyOption) != QLatin1String("overall"))
            throw UsageProblem(QStringLiteral("--strategy must be overall or by_group (%1).")
                                   .arg(parser.value(strategyOption)));
        request.bootstrap = static_cast<int>(wholeOption(parser, bootstrapOption, 0, 100000));
        request.seed = wholeOption(parser, seedOption);
        request.level = numberOption(parser, levelOption);
        if (!(request.level > 0.0 && request.level < 1.0))
            throw UsageProblem(
                QStringLiteral("--level must be in (0, 1) (%1).").arg(parser.value(levelOption)));
    } catch (const Error& error) {
        return usage(error.message());
    }
    request.negativeEffect = !parser.isSet(noNegative);
    request.curves = parser.isSet(curves);

    QJsonObject report;
    try {
        ProgressToken progress;
        jobs::JobContext context{nullptr, progress, {}};
        report = targeting::runUpliftEvalJob(request.toJson(), context).summary;
    } catch (const targeting::RequestProblem& problem) {
        return usage(problem.message());
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
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
    if (request.bootstrap > 0)
        printLine(QStringLiteral("(confidence intervals: use --json)"));
    return Success;
}

static const CommandRegistration registration{
    "uplift-eval",
    "uplift-eval FILE --treatment-col C --treatment-value V --control-value V --outcome-col C "
    "--score-col C [--k K] [--bootstrap N --seed S] [--curves] [--json]",
    upliftEvalCommand};

}  // namespace mb::cli
