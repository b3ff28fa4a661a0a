#include "markdown/PlanningRules.h"

#include "data/InputFile.h"
#include "markdown/MarkdownJsonReader.h"

#include <limits>

namespace mb::markdown {

namespace {

// "product_ladders": {"P12": [9.99, 7.99, 5.99]}: per product, one falling shelf price per step.
std::map<QString, std::vector<double>> readProductLadders(const json::Reader& read,
                                                          const QJsonValue& value, int steps) {
    const QJsonObject ladders = read.object(value, QStringLiteral("product_ladders"));
    std::map<QString, std::vector<double>> out;
    for (auto it = ladders.begin(); it != ladders.end(); ++it) {
        const QString key = QStringLiteral("product_ladders.%1").arg(it.key());
        const QJsonArray prices = it.value().toArray();
        if (!it.value().isArray() || prices.size() != steps)
            read.fail(
                key, QStringLiteral("an array of %1 prices, one per step of \"ladder\"").arg(steps),
                it.value());
        std::vector<double> ladder;
        for (qsizetype k = 0; k < prices.size(); ++k) {
            const QString at = QStringLiteral("%1[%2]").arg(key).arg(k);
            ladder.push_back(read.number(prices[k], at, 0.01, 1e12));
            if (k > 0 && !(ladder.back() < ladder[size_t(k - 1)]))
                read.fail(
                    at,
                    QStringLiteral("a price below %1[%2] (steps go deeper)").arg(key).arg(k - 1),
                    prices[k]);
        }
        out.emplace(it.key(), std::move(ladder));
    }
    return out;
}

}  // namespace

PlanningRules readPlanningRules(const QByteArray& text, const QString& fileName) {
    const json::Reader read(fileName);
    const QJsonObject top = json::parseObject(text, fileName);
    read.onlyKeys(
        top, QString(),
        {QStringLiteral("ladder"), QStringLiteral("objective"),
         QStringLiteral("salvage_share_of_cost"), QStringLiteral("salvage_value"),
         QStringLiteral("distribution"), QStringLiteral("rules"), QStringLiteral("schedule_per"),
         QStringLiteral("simulations"), QStringLiteral("seed"), QStringLiteral("markdown_budget"),
         QStringLiteral("simulations"), QStringLiteral("seed"), QStringLiteral("product_ladders"),
         QStringLiteral("all_or_nothing")});
    PlanningRules planning;
    if (top.contains(QLatin1String("ladder")))
        planning.ladder = json::readLadder(read, top[QLatin1String("ladder")]);
    if (top.contains(QLatin1String("objective")))
        planning.objective = json::readObjective(read, top[QLatin1String("objective")]);
    if (top.contains(QLatin1String("salvage_share_of_cost")))
        planning.salvageShareOfCost =
            read.number(top[QLatin1String("salvage_share_of_cost")],
                        QStringLiteral("salvage_share_of_cost"), 0.0, 100.0);
    if (top.contains(QLatin1String("salvage_value")))
        planning.salvageValue = read.number(top[QLatin1String("salvage_value")],
                                            QStringLiteral("salvage_value"), 0.0, 1e12);
    if (top.contains(QLatin1String("distribution"))) {
        const QJsonValue value = top[QLatin1String("distribution")];
        if (value.toString() == QLatin1String("fitted")) {
            planning.distribution = PlanningDistribution::Fitted;
        } else {
            switch (json::readDistribution(read, value, QStringLiteral("distribution"))) {
                case DemandDistribution::Poisson:
                    planning.distribution = PlanningDistribution::Poisson;
                    break;
                case DemandDistribution::NegativeBinomial:
                    planning.distribution = PlanningDistribution::NegativeBinomial;
                    break;
                case DemandDistribution::Deterministic:
                    planning.distribution = PlanningDistribution::Deterministic;
                    break;
            }
        }
    }
    if (top.contains(QLatin1String("schedule_per"))) {
        const QJsonValue value = top[QLatin1String("schedule_per")];
        if (value.toString() == QLatin1String("cluster"))
            planning.schedulePerCluster = true;
        else if (value.toString() != QLatin1String("store"))
            read.fail(QStringLiteral("schedule_per"), QStringLiteral("\"store\" or \"cluster\""),
                      value);
    }
    if (top.contains(QLatin1String("all_or_nothing"))) {
        const QJsonValue value = top[QLatin1String("all_or_nothing")];
        if (!value.isBool())
            read.fail(QStringLiteral("all_or_nothing"), QStringLiteral("true or false"), value);
        if (value.toBool() && !planning.schedulePerCluster)
            read.fail(QStringLiteral("all_or_nothing"),
                      QStringLiteral("false unless \"schedule_per\" is \"cluster\""), value);
        planning.clusterAllOrNothing = value.toBool();
    }
    const int steps = static_cast<int>(planning.ladder.size());
    if (top.contains(QLatin1String("rules")))
        json::readRules(read, top[QLatin1String("rules")], steps, 520, planning.rules);
    if (top.contains(QLatin1String("markdown_budget")))
        planning.markdownBudget = read.number(top[QLatin1String("markdown_budget")],
                                              QStringLiteral("markdown_budget"), 0.0, 1e15);
    // The budget's price is found on each unit's pooled plan, while an all-or-nothing cluster is
    // valued store by store afterwards: the two would disagree on the spend.
    if (planning.markdownBudget >= 0.0 && planning.clusterAllOrNothing)
        read.fail(QStringLiteral("markdown_budget"),
                  QStringLiteral("no budget together with \"all_or_nothing\" (not supported yet)"),
                  top[QLatin1String("markdown_budget")]);
    if (top.contains(QLatin1String("product_ladders")))
        planning.productLadders =
            readProductLadders(read, top[QLatin1String("product_ladders")], steps);
    if (top.contains(QLatin1String("simulations")))
        planning.simulations = int(read.integer(top[QLatin1String("simulations")],
                                                QStringLiteral("simulations"), 0, 100000));
    if (top.contains(QLatin1String("seed")))
        planning.seed = std::uint64_t(
            read.integer(top[QLatin1String("seed")], QStringLiteral("seed"), 0, qint64(1) << 53));
    return planning;
}

PlanningRules readPlanningRulesFile(const QString& path) {
    // Rules are a few lines of JSON; 16 MiB is far more than any real file.
    return readPlanningRules(data::InputFile::readSmall(path, qint64(16) << 20), path);
}

QJsonObject planningRulesToJson(const PlanningRules& planning) {
    QJsonArray ladder;
    for (double step : planning.ladder)
        ladder.append(step);
    const MarkdownRules& r = planning.rules;
    QJsonObject rules{{QStringLiteral("monotone"), r.monotone},
                      {QStringLiteral("min_weeks_between"), r.minWeeksBetween},
                      {QStringLiteral("earliest_week"), r.earliestWeek},
                      {QStringLiteral("start_step"), r.startStep}};
    if (r.maxMarkdowns != std::numeric_limits<int>::max())
        rules[QStringLiteral("max_markdowns")] = r.maxMarkdowns;
    if (r.deepestStep != std::numeric_limits<int>::max())
        rules[QStringLiteral("deepest_step")] = r.deepestStep;
    if (r.marginFloor > -1.0)
        rules[QStringLiteral("margin_floor")] = r.marginFloor;
    if (r.minOnHand > 0)
        rules[QStringLiteral("min_on_hand")] = r.minOnHand;
    if (r.noChangeWeeks > 0)
        rules[QStringLiteral("no_change_weeks")] = r.noChangeWeeks;
    if (!r.priceEndingCents.empty()) {
        QJsonArray endings;
        for (const int cents : r.priceEndingCents)
            endings.append(cents / 100.0);
        rules[QStringLiteral("price_endings")] = endings;
    }
    if (r.targetSellThrough > 0.0) {
        rules[QStringLiteral("target_sell_through")] = r.targetSellThrough;
        if (r.sellThroughPenalty >= 0.0)
            rules[QStringLiteral("sell_through_penalty")] = r.sellThroughPenalty;
    }
    static const char* const distributions[] = {"fitted", "poisson", "negbin", "deterministic"};
    QJsonObject out{{QStringLiteral("ladder"), ladder},
                    {QStringLiteral("objective"), planning.objective == MarkdownObjective::Margin
                                                      ? QStringLiteral("margin")
                                                      : QStringLiteral("revenue")},
                    {QStringLiteral("distribution"),
                     QLatin1String(distributions[static_cast<int>(planning.distribution)])},
                    {QStringLiteral("rules"), rules},
                    {QStringLiteral("simulations"), planning.simulations},
                    {QStringLiteral("seed"), static_cast<qint64>(planning.seed)}};
    // Both salvage fields, so the rules read back exactly (the value wins when it is set).
    out[QStringLiteral("salvage_share_of_cost")] = planning.salvageShareOfCost;
    if (planning.salvageValue >= 0.0)
        out[QStringLiteral("salvage_value")] = planning.salvageValue;
    if (planning.markdownBudget >= 0.0)
        out[QStringLiteral("markdown_budget")] = planning.markdownBudget;
    if (!planning.productLadders.empty()) {
        QJsonObject ladders;
        for (const auto& [product, prices] : planning.productLadders) {
            QJsonArray row;
            for (const double price : prices)
                row.append(price);
            ladders[product] = row;
        }
        out[QStringLiteral("product_ladders")] = ladders;
    }
    if (planning.clusterAllOrNothing)
        out[QStringLiteral("all_or_nothing")] = true;
    // A cluster plan pools stores: a replay must plan per cluster again.
    out[QStringLiteral("schedule_per")] =
        planning.schedulePerCluster ? QStringLiteral("cluster") : QStringLiteral("store");
    return out;
}

}  // namespace mb::markdown
