#include "markdown/MarkdownJson.h"

#include "common/Error.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace mb::markdown {

namespace {

class Reader {
public:
    explicit Reader(const QString& fileName) : fileName_(fileName) {}

    [[noreturn]] void fail(const QString& key, const QString& expected,
                           const QJsonValue& got) const {
        throw Error(QStringLiteral("%1: %2: expected %3 (got %4)")
                        .arg(fileName_, key, expected, describe(got)));
    }

    static QString describe(const QJsonValue& value) {
        switch (value.type()) {
            case QJsonValue::Undefined:
                return QStringLiteral("nothing");
            case QJsonValue::Null:
                return QStringLiteral("null");
            case QJsonValue::Bool:
                return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            case QJsonValue::Double:
                return QString::number(value.toDouble(), 'g', 12);
            case QJsonValue::String:
                return QLatin1Char('"') + value.toString().left(40) + QLatin1Char('"');
            case QJsonValue::Array:
                return QStringLiteral("an array");
            case QJsonValue::Object:
                return QStringLiteral("an object");
        }
        return QString();
    }

    double number(const QJsonValue& value, const QString& key, double low, double high) const {
        const QString expected = QStringLiteral("a number from %1 to %2").arg(low).arg(high);
        if (!value.isDouble() || !(value.toDouble() >= low && value.toDouble() <= high))
            fail(key, expected, value);
        return value.toDouble();
    }

    qint64 integer(const QJsonValue& value, const QString& key, qint64 low, qint64 high) const {
        const QString expected = QStringLiteral("a whole number from %1 to %2").arg(low).arg(high);
        if (!value.isDouble() || std::floor(value.toDouble()) != value.toDouble() ||
            !(value.toDouble() >= double(low) && value.toDouble() <= double(high)))
            fail(key, expected, value);
        return qint64(value.toDouble());
    }

    QJsonObject object(const QJsonValue& value, const QString& key) const {
        if (!value.isObject())
            fail(key, QStringLiteral("an object"), value);
        return value.toObject();
    }

    // Unknown keys are errors, so a misspelt rule is never silently ignored.
    void onlyKeys(const QJsonObject& object, const QString& where, const QStringList& known) const {
        for (const QString& key : object.keys())
            if (!known.contains(key))
                fail(where.isEmpty() ? key : where + QLatin1Char('.') + key,
                     QStringLiteral("one of %1").arg(known.join(QStringLiteral(", "))),
                     QJsonValue(QStringLiteral("an unknown key")));
    }

    void require(const QJsonObject& object, const QString& where, const QStringList& keys) const {
        for (const QString& key : keys)
            if (!object.contains(key))
                fail(where.isEmpty() ? key : where + QLatin1Char('.') + key,
                     QStringLiteral("a value (it is required)"), QJsonValue(QJsonValue::Undefined));
    }

private:
    QString fileName_;
};

// Line and column (1-based) of a byte offset, for parse errors.
QString position(const QByteArray& text, int offset) {
    int line = 1, column = 1;
    for (int i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return QStringLiteral("%1:%2").arg(line).arg(column);
}

}  // namespace

MarkdownInstance readMarkdownInstance(const QByteArray& json, const QString& fileName) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw Error(
            QStringLiteral("%1:%2: not valid JSON: %3")
                .arg(fileName, position(json, parseError.offset), parseError.errorString()));
    const Reader read(fileName);
    if (!document.isObject())
        read.fail(
            QStringLiteral("(top level)"), QStringLiteral("an object"),
            document.isArray() ? QJsonValue(document.array()) : QJsonValue(QJsonValue::Undefined));
    const QJsonObject top = document.object();
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
    const QJsonValue ladder = top[QLatin1String("ladder")];
    if (!ladder.isArray() || ladder.toArray().isEmpty() || ladder.toArray().size() > 127)
        read.fail(QStringLiteral("ladder"),
                  QStringLiteral("an array of 1 to 127 price multipliers, deepest last"), ladder);
    for (qsizetype k = 0; k < ladder.toArray().size(); ++k) {
        const QString key = QStringLiteral("ladder[%1]").arg(k);
        problem.ladder.push_back(read.number(ladder.toArray()[k], key, 1e-9, 1e6));
        if (k > 0 && !(problem.ladder.back() < problem.ladder[size_t(k - 1)]))
            read.fail(key,
                      QStringLiteral("a multiplier below ladder[%1] (steps go deeper)").arg(k - 1),
                      ladder.toArray()[k]);
    }
    const int steps = int(problem.ladder.size());

    const QJsonObject demand = read.object(top[QLatin1String("demand")], QStringLiteral("demand"));
    read.onlyKeys(
        demand, QStringLiteral("demand"),
        {QStringLiteral("distribution"), QStringLiteral("mean"), QStringLiteral("dispersion")});
    read.require(demand, QStringLiteral("demand"),
                 {QStringLiteral("distribution"), QStringLiteral("mean")});
    const QString distribution = demand[QLatin1String("distribution")].toString();
    if (distribution == QLatin1String("poisson"))
        problem.demand.distribution = DemandDistribution::Poisson;
    else if (distribution == QLatin1String("negbin"))
        problem.demand.distribution = DemandDistribution::NegativeBinomial;
    else if (distribution == QLatin1String("deterministic"))
        problem.demand.distribution = DemandDistribution::Deterministic;
    else
        read.fail(QStringLiteral("demand.distribution"),
                  QStringLiteral("\"poisson\", \"negbin\" or \"deterministic\""),
                  demand[QLatin1String("distribution")]);
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
        for (int k = 0; k < steps; ++k)
            values.push_back(
                read.number(row.toArray()[k], QStringLiteral("%1[%2]").arg(key).arg(k), 0.0, 1e7));
        problem.demand.mean.push_back(std::move(values));
    }

    if (top.contains(QLatin1String("rules"))) {
        const QJsonObject rules = read.object(top[QLatin1String("rules")], QStringLiteral("rules"));
        read.onlyKeys(rules, QStringLiteral("rules"),
                      {QStringLiteral("monotone"), QStringLiteral("max_markdowns"),
                       QStringLiteral("min_weeks_between"), QStringLiteral("earliest_week"),
                       QStringLiteral("margin_floor"), QStringLiteral("start_step"),
                       QStringLiteral("deepest_step"), QStringLiteral("target_sell_through"),
                       QStringLiteral("sell_through_penalty")});
        MarkdownRules& r = problem.rules;
        const auto has = [&](const char* key) { return rules.contains(QLatin1String(key)); };
        const auto value = [&](const char* key) { return rules[QLatin1String(key)]; };
        const auto name = [](const char* key) {
            return QStringLiteral("rules.") + QLatin1String(key);
        };
        if (has("monotone")) {
            if (!value("monotone").isBool())
                read.fail(name("monotone"), QStringLiteral("true or false"), value("monotone"));
            r.monotone = value("monotone").toBool();
        }
        if (has("max_markdowns"))
            r.maxMarkdowns =
                int(read.integer(value("max_markdowns"), name("max_markdowns"), 0, 520));
        if (has("min_weeks_between"))
            r.minWeeksBetween =
                int(read.integer(value("min_weeks_between"), name("min_weeks_between"), 0, 520));
        if (has("earliest_week"))
            r.earliestWeek = int(
                read.integer(value("earliest_week"), name("earliest_week"), 1, problem.weeks + 1));
        if (has("margin_floor"))
            r.marginFloor = read.number(value("margin_floor"), name("margin_floor"), -1.0, 1e6);
        if (has("start_step"))
            r.startStep = int(read.integer(value("start_step"), name("start_step"), 0, steps - 1));
        if (has("deepest_step"))
            r.deepestStep = int(
                read.integer(value("deepest_step"), name("deepest_step"), r.startStep, steps - 1));
        if (has("target_sell_through"))
            r.targetSellThrough =
                read.number(value("target_sell_through"), name("target_sell_through"), 0.0, 1.0);
        // A target without a penalty stays hard (the default of MarkdownRules).
        if (has("sell_through_penalty"))
            r.sellThroughPenalty =
                read.number(value("sell_through_penalty"), name("sell_through_penalty"), 0.0, 1e12);
    }
    if (top.contains(QLatin1String("objective"))) {
        const QString objective = top[QLatin1String("objective")].toString();
        if (objective == QLatin1String("revenue"))
            problem.objective = MarkdownObjective::Revenue;
        else if (objective == QLatin1String("margin"))
            problem.objective = MarkdownObjective::Margin;
        else
            read.fail(QStringLiteral("objective"), QStringLiteral("\"revenue\" or \"margin\""),
                      top[QLatin1String("objective")]);
    }
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

QJsonObject markdownResultToJson(const MarkdownPlan& plan, const MarkdownSimulation& simulation) {
    const MarkdownProblem& problem = plan.policy.problem();
    QJsonArray schedule;
    for (const PlannedWeek& week : plan.schedule)
        schedule.append(
            QJsonObject{{QStringLiteral("week"), week.week},
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
        {QStringLiteral("schedule"), schedule}};
}

}  // namespace mb::markdown
