#include "markdown/MarkdownJsonReader.h"

#include "common/Error.h"

#include <algorithm>

namespace mb::markdown::json {

QJsonObject parseObject(const QByteArray& json, const QString& fileName) {
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        throw Error(
            QStringLiteral("%1:%2: not valid JSON: %3")
                .arg(fileName, position(json, parseError.offset), parseError.errorString()));
    if (!document.isObject())
        Reader(fileName).fail(
            QStringLiteral("(top level)"), QStringLiteral("an object"),
            document.isArray() ? QJsonValue(document.array()) : QJsonValue(QJsonValue::Undefined));
    return document.object();
}

std::vector<double> readLadder(const Reader& read, const QJsonValue& ladder) {
    if (!ladder.isArray() || ladder.toArray().isEmpty() || ladder.toArray().size() > 127)
        read.fail(QStringLiteral("ladder"),
                  QStringLiteral("an array of 1 to 127 price multipliers, deepest last"), ladder);
    std::vector<double> steps;
    for (qsizetype k = 0; k < ladder.toArray().size(); ++k) {
        const QString key = QStringLiteral("ladder[%1]").arg(k);
        steps.push_back(read.number(ladder.toArray()[k], key, 1e-9, 1e6));
        if (k > 0 && !(steps.back() < steps[size_t(k - 1)]))
            read.fail(key,
                      QStringLiteral("a multiplier below ladder[%1] (steps go deeper)").arg(k - 1),
                      ladder.toArray()[k]);
    }
    return steps;
}

DemandDistribution readDistribution(const Reader& read, const QJsonValue& value,
                                    const QString& key) {
    const QString distribution = value.toString();
    if (distribution == QLatin1String("poisson"))
        return DemandDistribution::Poisson;
    if (distribution == QLatin1String("negbin"))
        return DemandDistribution::NegativeBinomial;
    if (distribution == QLatin1String("deterministic"))
        return DemandDistribution::Deterministic;
    read.fail(key, QStringLiteral("\"poisson\", \"negbin\" or \"deterministic\""), value);
}

MarkdownObjective readObjective(const Reader& read, const QJsonValue& objective) {
    if (objective.toString() == QLatin1String("revenue"))
        return MarkdownObjective::Revenue;
    if (objective.toString() == QLatin1String("margin"))
        return MarkdownObjective::Margin;
    read.fail(QStringLiteral("objective"), QStringLiteral("\"revenue\" or \"margin\""), objective);
}

namespace {

std::vector<int> readLocks(const Reader& read, const QJsonValue& locks, int steps, int weeks) {
    const QString key = QStringLiteral("rules.locks");
    if (!locks.isArray())
        read.fail(key, QStringLiteral("an array of {\"week\": W, \"step\": S}"), locks);
    std::vector<int> locked(size_t(weeks), -1);
    for (qsizetype i = 0; i < locks.toArray().size(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(key).arg(i);
        const QJsonObject lock = read.object(locks.toArray()[i], at);
        read.onlyKeys(lock, at, {QStringLiteral("week"), QStringLiteral("step")});
        const int week =
            int(read.integer(lock[QLatin1String("week")], at + QStringLiteral(".week"), 1, weeks));
        const int step = int(
            read.integer(lock[QLatin1String("step")], at + QStringLiteral(".step"), 0, steps - 1));
        if (locked[size_t(week - 1)] >= 0 && locked[size_t(week - 1)] != step)
            read.fail(at + QStringLiteral(".week"),
                      QStringLiteral("a week not already locked at another step"),
                      lock[QLatin1String("week")]);
        locked[size_t(week - 1)] = step;
    }
    return locked;
}

}  // namespace

std::vector<int> readPriceEndings(const Reader& read, const QJsonValue& endings) {
    const QString key = QStringLiteral("rules.price_endings");
    if (!endings.isArray() || endings.toArray().isEmpty())
        read.fail(key, QStringLiteral("an array of price endings such as [0.49, 0.99]"), endings);
    std::vector<int> cents;
    for (qsizetype i = 0; i < endings.toArray().size(); ++i) {
        const QString at = QStringLiteral("%1[%2]").arg(key).arg(i);
        const QJsonValue ending = endings.toArray()[i];
        const double value = read.number(ending, at, 0.0, 0.99);
        // An ending is whole cents: 0.995 is no price a shelf can carry.
        const auto whole = static_cast<int>(std::lround(value * 100.0));
        if (std::abs(value * 100.0 - whole) > 1e-6)
            read.fail(at, QStringLiteral("an ending in whole cents from 0.00 to 0.99"), ending);
        if (std::find(cents.begin(), cents.end(), whole) != cents.end())
            read.fail(at, QStringLiteral("an ending not already listed"), ending);
        cents.push_back(whole);
    }
    std::sort(cents.begin(), cents.end());
    return cents;
}

void readRules(const Reader& read, const QJsonValue& rulesValue, int steps, int weeks,
               MarkdownRules& r, Locks locks) {
    const QJsonObject rules = read.object(rulesValue, QStringLiteral("rules"));
    QStringList known{QStringLiteral("monotone"),
                      QStringLiteral("max_markdowns"),
                      QStringLiteral("min_weeks_between"),
                      QStringLiteral("earliest_week"),
                      QStringLiteral("margin_floor"),
                      QStringLiteral("start_step"),
                      QStringLiteral("deepest_step"),
                      QStringLiteral("target_sell_through"),
                      QStringLiteral("sell_through_penalty"),
                      QStringLiteral("min_on_hand"),
                      QStringLiteral("price_endings"),
                      QStringLiteral("no_change_weeks")};
    if (locks == Locks::Allowed)
        known << QStringLiteral("locks");
    read.onlyKeys(rules, QStringLiteral("rules"), known);
    const auto has = [&](const char* key) { return rules.contains(QLatin1String(key)); };
    const auto value = [&](const char* key) { return rules[QLatin1String(key)]; };
    const auto name = [](const char* key) { return QStringLiteral("rules.") + QLatin1String(key); };
    if (has("monotone")) {
        if (!value("monotone").isBool())
            read.fail(name("monotone"), QStringLiteral("true or false"), value("monotone"));
        r.monotone = value("monotone").toBool();
    }
    if (has("max_markdowns"))
        r.maxMarkdowns = int(read.integer(value("max_markdowns"), name("max_markdowns"), 0, 520));
    if (has("min_weeks_between"))
        r.minWeeksBetween =
            int(read.integer(value("min_weeks_between"), name("min_weeks_between"), 0, 520));
    if (has("earliest_week"))
        r.earliestWeek =
            int(read.integer(value("earliest_week"), name("earliest_week"), 1, weeks + 1));
    if (has("no_change_weeks"))
        r.noChangeWeeks =
            int(read.integer(value("no_change_weeks"), name("no_change_weeks"), 0, 520));
    if (has("margin_floor"))
        r.marginFloor = read.number(value("margin_floor"), name("margin_floor"), -1.0, 1e6);
    if (has("start_step"))
        r.startStep = int(read.integer(value("start_step"), name("start_step"), 0, steps - 1));
    if (has("deepest_step"))
        r.deepestStep =
            int(read.integer(value("deepest_step"), name("deepest_step"), r.startStep, steps - 1));
    if (has("target_sell_through"))
        r.targetSellThrough =
            read.number(value("target_sell_through"), name("target_sell_through"), 0.0, 1.0);
    // A target without a penalty stays hard (the default of MarkdownRules).
    if (has("sell_through_penalty"))
        r.sellThroughPenalty =
            read.number(value("sell_through_penalty"), name("sell_through_penalty"), 0.0, 1e12);
    if (has("min_on_hand"))
        r.minOnHand = int(read.integer(value("min_on_hand"), name("min_on_hand"), 0, 1000000000));
    if (has("price_endings"))
        r.priceEndingCents = readPriceEndings(read, value("price_endings"));
    if (has("locks"))
        r.lockedSteps = readLocks(read, value("locks"), steps, weeks);
}

}  // namespace mb::markdown::json
