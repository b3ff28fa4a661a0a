#include "Cli.h"
#include "Options.h"
#include "RecordedJob.h"
#include "Warnings.h"

#include "common/Error.h"
#include "data/Project.h"
#include "layout/LayoutTestJob.h"

#include <QDate>

namespace mb::cli {

static int layoutTestCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("PROJECT"),
                                 QStringLiteral("Project with basket lines naming their store "
                                                "and time, and the stores' layouts."));
    const QCommandLineOption stores =
        idListOption(QStringLiteral("stores"), QStringLiteral("stores whose layout changed"));
    parser.addOption(stores);
    const QCommandLineOption date(QStringLiteral("date"),
                                  QStringLiteral("The day the new layout took effect."),
                                  QStringLiteral("YYYY-MM-DD"));
    parser.addOption(date);
    const QCommandLineOption control(
        QStringLiteral("control"),
        QStringLiteral("Control stores, comma-separated (default: every other store with "
                       "baskets before and after the date)."),
        QStringLiteral("LIST"));
    parser.addOption(control);
    const QCommandLineOption weeks(QStringLiteral("weeks"),
                                   QStringLiteral("Weeks compared on each side of the date "
                                                  "(default 8)."),
                                   QStringLiteral("N"), QStringLiteral("8"));
    parser.addOption(weeks);
    const QCommandLineOption confidence(
        QStringLiteral("confidence"), QStringLiteral("Confidence of the intervals (default 0.95)."),
        QStringLiteral("C"), QStringLiteral("0.95"));
    parser.addOption(confidence);
    const QCommandLineOption seed(
        QStringLiteral("seed"),
        QStringLiteral("Seed of the store permutation's sample when there are more than 2000 "
                       "choices of changed stores (default 1)."),
        QStringLiteral("N"), QStringLiteral("1"));
    parser.addOption(seed);
    const QCommandLineOption out(QStringLiteral("out"),
                                 QStringLiteral("CSV to write: one row per measure."),
                                 QStringLiteral("FILE.csv"));
    parser.addOption(out);
    parser.addOption(
        QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print one JSON object.")));
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Tests a layout change: the difference in differences of the "
                       "cross-category basket share, the basket value and the moved categories' "
                       "sales between the changed stores and control stores, over the weeks "
                       "before and after the date, with store-clustered intervals and a check "
                       "of the trends before it."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    layout::LayoutTestRequest request;
    try {
        request.stores = commaList(parser, stores);
        request.control = commaList(parser, control);
        request.date = parser.value(date).trimmed();
        if (request.stores.isEmpty())
            throw UsageProblem(
                QStringLiteral("layout-test: --stores: expected the changed "
                               "stores, comma-separated"));
        if (request.date.size() != 10 || !QDate::fromString(request.date, Qt::ISODate).isValid())
            throw UsageProblem(
                QStringLiteral("layout-test: --date: expected a date YYYY-MM-DD, got \"%1\"")
                    .arg(request.date));
        request.weeks = static_cast<int>(wholeOption(parser, weeks, 1, 104));
        request.confidence = numberOption(parser, confidence, 0.5, 0.999);
        request.seed = wholeOption(parser, seed, 0);
        // The request's own checks (a store twice, a control store that changed).
        request = layout::LayoutTestRequest::fromJson(request.toJson());
    } catch (const Error& problem) {
        printError(problem.message());
        return UsageError;
    }
    if (const int refused = refuseProjectOut(parser, out); refused >= 0)
        return refused;

    try {
        const auto project = data::Project::open(parser.positionalArguments().at(0),
                                                 data::Project::OpenMode::MustExist);
        jobs::OutputFiles outputs;
        if (parser.isSet(out))
            outputs.insert(QStringLiteral("out"), parser.value(out));
        RecordedJob job =
            runRecordedJob(*project, layout::runLayoutTestJob, request.toJson(), outputs);
        const jobs::JobOutcome& outcome = job.outcome;
        QJsonObject& summary = job.summary;
        if (parser.isSet(QStringLiteral("json"))) {
            summary.insert(QStringLiteral("project"), project->path());
            summary.insert(QStringLiteral("parameters"), outcome.provenance.request);
            addWarnings(summary, outcome.warnings);
            printJson(summary);
            return Success;
        }
        printLine(summary.value(QStringLiteral("verdict")).toString());
        const QJsonObject measures = summary.value(QStringLiteral("measures")).toObject();
        for (const char* name : {"cross_category_share", "basket_value", "moved_category_sales"}) {
            const QJsonValue measure = measures.value(QLatin1String(name));
            if (!measure.isObject()) {
                printLine(QStringLiteral("%1: not measured").arg(QLatin1String(name)));
                continue;
            }
            const QJsonObject m = measure.toObject();
            const QJsonObject d = m.value(QStringLiteral("difference")).toObject();
            printLine(QStringLiteral("%1: difference %2 (CI %3 to %4), relative %5% (CI %6% to "
                                     "%7%)")
                          .arg(QLatin1String(name))
                          .arg(d.value(QStringLiteral("estimate")).toDouble(), 0, 'g', 4)
                          .arg(d.value(QStringLiteral("ci_low")).toDouble(), 0, 'g', 4)
                          .arg(d.value(QStringLiteral("ci_high")).toDouble(), 0, 'g', 4)
                          .arg(100 * m.value(QStringLiteral("effect")).toDouble(), 0, 'f', 1)
                          .arg(100 * m.value(QStringLiteral("ci_low")).toDouble(), 0, 'f', 1)
                          .arg(100 * m.value(QStringLiteral("ci_high")).toDouble(), 0, 'f', 1));
        }
        const QJsonObject permutation = measures.value(QStringLiteral("cross_category_share"))
                                            .toObject()
                                            .value(QStringLiteral("permutation"))
                                            .toObject();
        const auto end = [&](const char* key) {
            const QJsonValue value = permutation.value(QLatin1String(key));
            return value.isDouble() ? QString::number(value.toDouble(), 'g', 4)
                                    : QStringLiteral("unbounded");
        };
        printLine(QStringLiteral("store permutation of the cross-category share: p = %1 over %2 "
                                 "choices of changed stores (%3); difference CI %4 to %5")
                      .arg(permutation.value(QStringLiteral("p_value")).toDouble(), 0, 'g', 3)
                      .arg(permutation.value(QStringLiteral("assignments")).toInteger())
                      .arg(permutation.value(QStringLiteral("exact")).toBool()
                               ? QStringLiteral("every one")
                               : QStringLiteral("a seeded sample"),
                           end("ci_low"), end("ci_high")));
        printLine(QStringLiteral("moved categories: %1")
                      .arg(summary.value(QStringLiteral("moved_by_store"))
                               .toVariant()
                               .toStringList()
                               .join(QStringLiteral("; "))));
        if (parser.isSet(out))
            printLine(QStringLiteral("-> %1").arg(parser.value(out)));
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "layout-test",
    "layout-test PROJECT --stores S1,S2 --date YYYY-MM-DD [--control S3,...] [--weeks N] "
    "[--confidence C] [--seed N] [--out FILE.csv] [--json]",
    layoutTestCommand};

}  // namespace mb::cli
