#include "BasketInputOptions.h"
#include "Cli.h"
#include "MemoryLimitOption.h"
#include "OutputCheck.h"
#include "Warnings.h"

#include "common/Error.h"
#include "layout/BasketReader.h"
#include "layout/RulesCsv.h"
#include "layout/RulesMiner.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <cmath>

namespace mb::cli {

namespace {

QJsonValue jsonNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

// Reads a number option; prints the problem and returns false when it is not in [low, high].
bool numberOption(const QCommandLineParser& parser, const QString& name, double low, double high,
                  double* value) {
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const double parsed = parser.value(name).toDouble(&ok);
    if (!ok || !std::isfinite(parsed) || parsed < low || parsed > high) {
        printError(QStringLiteral("--%1: expected a number from %2 to %3 (%4)")
                       .arg(name)
                       .arg(low)
                       .arg(high)
                       .arg(parser.value(name)));
        return false;
    }
    *value = parsed;
    return true;
}

}  // namespace

static int rulesCommand(const QStringList& arguments) {
    QCommandLineParser parser;
    addBasketInputOptions(parser);
    const auto option = [&](const char* name, const char* help, const char* valueName = nullptr) {
        addOption(parser, name, help, valueName);
    };
    option("min-support", "Minimum support of a rule, a fraction of baskets (required).", "S");
    option("min-confidence", "Minimum confidence (required).", "C");
    option("min-lift", "Minimum lift (default: none).", "L");
    option("min-len", "Minimum items in a rule; 1 (default) allows {} => {item}, as arules.", "K");
    option("max-len", "Maximum items in a rule, antecedent plus consequent (default 10).", "K");
    option("out", "Rules CSV to write (required).", "RULES.csv");
    addMemoryLimitOption(parser);
    option("json", "Print a summary as one JSON object.");
    const int parsed = parseArguments(
        parser, arguments,
        QStringLiteral("Association rules (antecedent => one consequent) with support, "
                       "confidence and lift as R's arules computes them. Lines with a negative "
                       "or zero quantity are returns: a basket counts when it has a line with a "
                       "positive quantity, and only such lines are its items."),
        1, 1);
    if (parsed >= 0)
        return parsed;

    layout::BasketFileOptions input;
    layout::RuleOptions rules;
    rules.minSupport = -1;
    rules.minConfidence = -1;
    if (!parser.isSet(QStringLiteral("min-support")) ||
        !parser.isSet(QStringLiteral("min-confidence")) || !parser.isSet(QStringLiteral("out"))) {
        printError(
            QStringLiteral("rules: --min-support, --min-confidence and --out are required."));
        return UsageError;
    }
    exporting::CommandFiles files;
    files.addProjectOrInput(QStringLiteral("the basket file"), parser.positionalArguments().at(0));
    files.addOutput(QStringLiteral("--out"), parser.value(QStringLiteral("out")));
    if (const int refused = refuseOverwrites(files); refused >= 0)
        return refused;
    double minLength = 1;
    double maxLength = 10;
    if (!numberOption(parser, QStringLiteral("min-support"), 0, 1, &rules.minSupport) ||
        !numberOption(parser, QStringLiteral("min-confidence"), 0, 1, &rules.minConfidence) ||
        !numberOption(parser, QStringLiteral("min-lift"), 0, 1e300, &rules.minLift) ||
        !numberOption(parser, QStringLiteral("min-len"), 1, 100, &minLength) ||
        !numberOption(parser, QStringLiteral("max-len"), 1, 100, &maxLength))
        return UsageError;
    if (minLength != std::floor(minLength) || maxLength != std::floor(maxLength) ||
        minLength > maxLength) {
        printError(
            QStringLiteral("rules: --min-len and --max-len must be whole numbers, "
                           "min <= max."));
        return UsageError;
    }
    rules.minLength = int(minLength);
    rules.maxLength = int(maxLength);
    if (!readBasketInputOptions(parser, "rules", input))
        return UsageError;
    std::optional<MemoryBudget> budget = readMemoryLimit(parser, "rules");
    if (!budget)
        return UsageError;

    try {
        QElapsedTimer timer;
        timer.start();
        const QString path = parser.positionalArguments().at(0);
        layout::BasketFileSummary summary;
        const layout::BasketSet baskets = layout::readBaskets(path, input, &summary);
        requireCategoryBaskets(baskets, input, path);
        printWarnings(leftOutLineWarnings(summary, input, path));
        const qint64 readMs = timer.restart();
        const layout::RuleResult result =
            layout::findAssociationRules(baskets, rules, nullptr, &*budget);
        const qint64 mineMs = timer.restart();
        const QString out = parser.value(QStringLiteral("out"));
        layout::writeRulesCsv(out, result.rules, baskets.itemNames);

        if (parser.isSet(QStringLiteral("json"))) {
            QJsonArray top;
            for (std::size_t i = 0; i < std::min<std::size_t>(10, result.rules.size()); ++i) {
                const layout::AssociationRule& rule = result.rules[i];
                top.append(QJsonObject{
                    {QStringLiteral("antecedent"), QString::fromStdString(layout::itemsetLabel(
                                                       rule.antecedent, baskets.itemNames))},
                    {QStringLiteral("consequent"), QString::fromStdString(layout::itemsetLabel(
                                                       {rule.consequent}, baskets.itemNames))},
                    {QStringLiteral("support"), rule.support},
                    {QStringLiteral("confidence"), rule.confidence},
                    {QStringLiteral("lift"), rule.lift},
                    {QStringLiteral("count"), qint64(rule.count)},
                    {QStringLiteral("conviction"), jsonNumber(rule.conviction)}});
            }
            printJson(basketSummaryJson(
                path, input, summary, baskets,
                QJsonObject{{QStringLiteral("itemsets"), qint64(result.itemsets)},
                            {QStringLiteral("rules"), qint64(result.rules.size())},
                            {QStringLiteral("min_support"), rules.minSupport},
                            {QStringLiteral("min_confidence"), rules.minConfidence},
                            {QStringLiteral("min_lift"), rules.minLift},
                            {QStringLiteral("min_len"), rules.minLength},
                            {QStringLiteral("max_len"), rules.maxLength},
                            {QStringLiteral("memory_limit"), qint64(budget->limit())},
                            {QStringLiteral("memory_peak"), qint64(budget->peak())},
                            {QStringLiteral("out"), out},
                            {QStringLiteral("read_ms"), readMs},
                            {QStringLiteral("mine_ms"), mineMs},
                            {QStringLiteral("top_rules"), top}}));
        } else {
            printLine(QStringLiteral("%1 baskets, %2 items, %3 frequent itemsets, %4 rules -> %5")
                          .arg(baskets.basketCount())
                          .arg(baskets.itemCount())
                          .arg(result.itemsets)
                          .arg(result.rules.size())
                          .arg(out));
            printReturns(summary);
        }
    } catch (const MemoryBudgetExceeded& error) {
        printError(QStringLiteral("rules: ") + error.message());
        return InputError;
    } catch (const Error& error) {
        printError(error.message());
        return InputError;
    }
    return Success;
}

static const CommandRegistration registration{
    "rules",
    "rules INPUT --min-support S --min-confidence C --out RULES.csv [--min-lift L] "
    "[--max-len K] [--format lines|long] [--level product|category] [--memory-limit SIZE] "
    "[--json]",
    rulesCommand};

}  // namespace mb::cli
