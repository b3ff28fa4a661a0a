#include "markdown/MarkdownJson.h"
#include "markdown/ItemDates.h"
#include "markdown/MarkdownJsonReader.h"
#include "markdown/PricePoints.h"

#include "common/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace mb::markdown {

using json::Reader;

MarkdownInstance readMarkdownInstance(const QByteArray& json, const QString& fileName) {
    const Reader read(fileName);
    const QJsonObject top = json::parseObject(json, fileName);
    read.onlyKeys(
        top, QString(),
        {QStringLiteral("weeks"), QStringLiteral("inventory"), QStringLiteral("regular_price"),
         QStringLiteral("unit_cost"), QStringLiteral("salvage_value"), QStringLiteral("ladder"),
         QStringLiteral("demand"), QStringLiteral("rules"), QStringLiteral("objective"),
         QStringLiteral("simulations"), QStringLiteral("seed")});
    read.require(
        top, QString(),
        {QStringLiteral("weeks"), QStringLiteral("inventory"), QStringLiteral("regular_price"),
         QStringLiteral("ladder"), QStringLiteral("demand")});

    MarkdownInstance instance;
    MarkdownProblem& problem = instance.problem;
    problem.weeks = int(read.integer(top[QLatin1String("weeks")], QStringLiteral("weeks"), 1, 520));
    problem.inventory =
        int(read.integer(top[QLatin1String("inventory")], QStringLiteral("inventory"), 0, 1000000));
    problem.regularPrice = read.number(top[QLatin1String("regular_price")],
                                       QStringLiteral("regular_price"), 1e-9, 1e12);
    if (top.contains(QLatin1String("unit_cost")))
        problem.unitCost =
            read.number(top[QLatin1String("unit_cost")], QStringLiteral("unit_cost"), 0.0, 1e12);
    if (top.contains(QLatin1String("salvage_value")))
        problem.salvageValue = read.number(top[QLatin1String("salvage_value")],
                                           QStringLiteral("salvage_value"), 0.0, 1e12);
    problem.ladder = json::readLadder(read, top[QLatin1String("ladder")]);
    const int steps = int(problem.ladder.size());

    const QJsonObject demand = read.object(top[QLatin1String("demand")], QStringLiteral("demand"));
    read.onlyKeys(
        demand, QStringLiteral("demand"),
        {QStringLiteral("distribution"), QStringLiteral("mean"), QStringLiteral("dispersion")});
    read.require(demand, QStringLiteral("demand"),
                 {QStringLiteral("distribution"), QStringLiteral("mean")});
    problem.demand.distribution = json::readDistribution(
        read, demand[QLatin1String("distribution")], QStringLiteral("demand.distribution"));
    if (problem.demand.distribution == DemandDistribution::NegativeBinomial) {
        if (!demand.contains(QLatin1String("dispersion")))
            read.fail(QStringLiteral("demand.dispersion"),
                      QStringLiteral("a positive number for negbin"),
                      QJsonValue(QJsonValue::Undefined));
        problem.demand.dispersion = read.number(demand[QLatin1String("dispersion")],
                                                QStringLiteral("demand.dispersion"), 1e-9, 1e12);
    }
    const QJsonValue mean = demand[QLatin1String("mean")];
    if (!mean.isArray() || mean.toArray().size() != problem.weeks)
        read.fail(QStringLiteral("demand.mean"),
                  QStringLiteral("an array of %1 weeks, each an array of %2 means (one per "
                                 "ladder step)")
                      .arg(problem.weeks)
                      .arg(steps),
                  mean.isArray() ? QJsonValue(QStringLiteral("%1 rows").arg(mean.toArray().size()))
                                 : mean);
    for (int t = 0; t < problem.weeks; ++t) {
        const QJsonValue row = mean.toArray()[t];
        const QString key = QStringLiteral("demand.mean[%1]").arg(t);
        if (!row.isArray() || row.toArray().size() != steps)
            read.fail(key, QStringLiteral("an array of %1 means, one per ladder step").arg(steps),
                      row.isArray()
                          ? QJsonValue(QStringLiteral("%1 values").arg(row.toArray().size()))
                          : row);
        std::vector<double> values;
        values.reserve(static_cast<std::size_t>(steps));
        for (int k = 0; k < steps; ++k)
            values.push_back(
                read.number(row.toArray()[k], QStringLiteral("%1[%2]").arg(key).arg(k), 0.0, 1e7));
        problem.demand.mean.push_back(std::move(values));
    }

    if (top.contains(QLatin1String("rules")))
        json::readRules(read, top[QLatin1String("rules")], steps, problem.weeks, problem.rules,
                        json::Locks::Allowed);
    if (top.contains(QLatin1String("objective")))
        problem.objective = json::readObjective(read, top[QLatin1String("objective")]);
    setPricePoints(problem);
    // One item's stock is on hand from week 1: no change in weeks 1 to no_change_weeks.
    holdAfterArrival(problem, QDate(), QDate());
    if (top.contains(QLatin1String("simulations")))
        instance.simulations = int(read.integer(top[QLatin1String("simulations")],
                                                QStringLiteral("simulations"), 0, 10000000));
    if (top.contains(QLatin1String("seed")))
        instance.seed = std::uint64_t(
            read.integer(top[QLatin1String("seed")], QStringLiteral("seed"), 0, qint64(1) << 53));
    const QStringList problems = problem.problems();
    if (!problems.isEmpty())
        throw Error(QStringLiteral("%1: %2").arg(
            fileName, problems.join(QStringLiteral("\n%1: ").arg(fileName))));
    return instance;
}

namespace {

// The shelf price of each ladder step (on the price endings when the rules set them).
QJsonArray stepPrices(const MarkdownProblem& problem) {
    QJsonArray prices;
    for (int step = 0; step < static_cast<int>(problem.ladder.size()); ++step)
        prices.append(problem.price(step));
    return prices;
}

}  // namespace

QJsonObject markdownResultToJson(const MarkdownPlan& plan, const MarkdownSimulation& simulation) {
    const MarkdownProblem& problem = plan.policy.problem();
    QJsonArray schedule;
    for (const PlannedWeek& week : plan.schedule)
        schedule.append(
            QJsonObject{{QStringLiteral("week"), week.week},
                        {QStringLiteral("locked"), problem.rules.lockedStep(week.week - 1) >= 0},
                        {QStringLiteral("step"), week.step},
                        {QStringLiteral("price"), week.price},
                        {QStringLiteral("path_stock"), week.pathStock},
                        {QStringLiteral("path_units"), week.pathUnits},
                        {QStringLiteral("expected_stock"), week.expectedStock},
                        {QStringLiteral("expected_units"), week.expectedUnits},
                        {QStringLiteral("expected_price"), week.expectedPrice},
                        {QStringLiteral("probability_at_step"), week.probabilityAtStep}});
    const auto figure = [](const SimulatedFigure& f) {
        return QJsonObject{{QStringLiteral("mean"), f.mean},
                           {QStringLiteral("standard_error"), f.standardError},
                           {QStringLiteral("p10"), f.p10},
                           {QStringLiteral("p90"), f.p90}};
    };
    return QJsonObject{
        {QStringLiteral("objective"), problem.objective == MarkdownObjective::Revenue
                                          ? QStringLiteral("revenue")
                                          : QStringLiteral("margin")},
        {QStringLiteral("expected_objective"), plan.expectedObjective},
        {QStringLiteral("expected_revenue"), plan.expectedRevenue},
        {QStringLiteral("expected_margin"), plan.expectedMargin},
        {QStringLiteral("expected_units"), plan.expectedUnits},
        {QStringLiteral("expected_leftover"), plan.expectedLeftover},
        {QStringLiteral("expected_sell_through"), plan.expectedSellThrough},
        {QStringLiteral("expected_salvage"), plan.expectedSalvage},
        {QStringLiteral("expected_shortfall"), plan.expectedShortfall},
        {QStringLiteral("expected_penalty"), plan.expectedPenalty},
        {QStringLiteral("p10"), simulation.objective.p10},
        {QStringLiteral("p90"), simulation.objective.p90},
        {QStringLiteral("simulated_objective"), simulation.objective.mean},
        {QStringLiteral("simulations"), simulation.seasons},
        {QStringLiteral("simulated"),
         QJsonObject{{QStringLiteral("objective"), figure(simulation.objective)},
                     {QStringLiteral("revenue"), figure(simulation.revenue)},
                     {QStringLiteral("margin"), figure(simulation.margin)},
                     {QStringLiteral("units"), figure(simulation.units)},
                     {QStringLiteral("leftover"), figure(simulation.leftover)},
                     {QStringLiteral("sell_through"), figure(simulation.sellThrough)}}},
        {QStringLiteral("schedule_rule"),
         QStringLiteral("the policy's path when each week's demand equals its mean rounded to "
                        "whole units")},
        {QStringLiteral("step_prices"), stepPrices(problem)},
        {QStringLiteral("schedule"), schedule}};
}

}  // namespace mb::markdown
