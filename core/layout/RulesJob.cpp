#include "layout/RulesJob.h"

#include "common/JsonNumber.h"
#include "common/MemoryBudget.h"
#include "jobs/RequestReader.h"
#include "layout/FileOrProjectRun.h"
#include "layout/RulesCsv.h"

#include <QElapsedTimer>
#include <QJsonArray>

namespace mb::layout {

namespace {

const QString kAnalysis = QStringLiteral("rules");

QJsonArray topRules(const RuleResult& result, const std::vector<std::string>& names) {
    QJsonArray top;
    for (std::size_t i = 0; i < std::min<std::size_t>(10, result.rules.size()); ++i) {
        const AssociationRule& rule = result.rules[i];
        top.append(QJsonObject{{QStringLiteral("antecedent"),
                                QString::fromStdString(itemsetLabel(rule.antecedent, names))},
                               {QStringLiteral("consequent"),
                                QString::fromStdString(itemsetLabel({rule.consequent}, names))},
                               {QStringLiteral("support"), rule.support},
                               {QStringLiteral("confidence"), rule.confidence},
                               {QStringLiteral("lift"), rule.lift},
                               {QStringLiteral("count"), qint64(rule.count)},
                               {QStringLiteral("conviction"), jsonNumber(rule.conviction)}});
    }
    return top;
}

}  // namespace

bool RulesRequest::operator==(const RulesRequest& other) const {
    const RuleOptions& a = rules;
    const RuleOptions& b = other.rules;
    return input == other.input && a.minSupport == b.minSupport &&
           a.minConfidence == b.minConfidence && a.minLift == b.minLift &&
           a.minLength == b.minLength && a.maxLength == b.maxLength &&
           memoryLimit == other.memoryLimit;
}

QJsonObject RulesRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    input.addTo(json);
    json.insert(QStringLiteral("min_support"), rules.minSupport);
    json.insert(QStringLiteral("min_confidence"), rules.minConfidence);
    json.insert(QStringLiteral("min_lift"), rules.minLift);
    json.insert(QStringLiteral("min_len"), rules.minLength);
    json.insert(QStringLiteral("max_len"), rules.maxLength);
    json.insert(QStringLiteral("memory_limit"), memoryLimit);
    return json;
}

RulesRequest RulesRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    RulesRequest request;
    request.input = BasketInput::read(reader);
    if (!reader.has("min_support"))
        reader.fail("min_support", QStringLiteral("a number from 0 to 1"));
    if (!reader.has("min_confidence"))
        reader.fail("min_confidence", QStringLiteral("a number from 0 to 1"));
    request.rules.minSupport = reader.number("min_support", 0, 0, 1);
    request.rules.minConfidence = reader.number("min_confidence", 0, 0, 1);
    request.rules.minLift = reader.number("min_lift", 0, 0, 1e300);
    request.rules.minLength = static_cast<int>(reader.whole("min_len", 1, 1, 100));
    request.rules.maxLength = static_cast<int>(reader.whole("max_len", 10, 1, 100));
    if (request.rules.minLength > request.rules.maxLength)
        reader.fail("min_len", QStringLiteral("at most max_len"));
    request.memoryLimit = reader.whole("memory_limit", 0);
    reader.finish();
    return request;
}

jobs::JobOutcome runRulesJob(const QJsonObject& json, jobs::JobContext& context) {
    const RulesRequest request = RulesRequest::fromJson(json);
    QElapsedTimer timer;
    timer.start();
    const LoadedBaskets loaded = loadBaskets(context.project, request.input);
    const qint64 readMs = timer.restart();
    MemoryBudget budget = requestedBudget(request.memoryLimit);
    const QString out = context.outputs.value(QStringLiteral("out"));
    jobs::JobOutcome outcome = computeAndRecordOnProject(
        context, request.input.isProject(), requestProvenance(request.toJson(), loaded.fingerprint),
        [&](ProgressToken& progress) {
            return findAssociationRules(loaded.baskets, request.rules, &progress, &budget);
        },
        [&](const RuleResult& result, jobs::JobOutcome& outcome) {
            const qint64 mineMs = timer.restart();
            if (!out.isEmpty()) {
                writeRulesCsv(out, result.rules, loaded.baskets.itemNames);
                outcome.files.append(out);
            }
            outcome.summary = basketSummaryJson(
                loaded, request.input,
                QJsonObject{
                    {QStringLiteral("itemsets"), qint64(result.itemsets)},
                    {QStringLiteral("rules"), qint64(result.rules.size())},
                    {QStringLiteral("min_support"), request.rules.minSupport},
                    {QStringLiteral("min_confidence"), request.rules.minConfidence},
                    {QStringLiteral("min_lift"), request.rules.minLift},
                    {QStringLiteral("min_len"), request.rules.minLength},
                    {QStringLiteral("max_len"), request.rules.maxLength},
                    {QStringLiteral("memory_limit"), qint64(budget.limit())},
                    {QStringLiteral("memory_peak"), qint64(budget.peak())},
                    {QStringLiteral("out"), out},
                    {QStringLiteral("read_ms"), readMs},
                    {QStringLiteral("mine_ms"), mineMs},
                    {QStringLiteral("top_rules"), topRules(result, loaded.baskets.itemNames)}});
        });
    outcome.warnings = loaded.warnings + outcome.warnings;
    return outcome;
}

}  // namespace mb::layout
