#include "markdown/MarkdownPlanRequest.h"

#include "common/Error.h"
#include "jobs/RequestReader.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace mb::markdown {

namespace {

const QString kAnalysis = QStringLiteral("markdown");

QJsonObject userChangeToJson(const UserPriceChange& change) {
    QJsonObject row{{QStringLiteral("line"), change.line},
                    {QStringLiteral("product"), change.product},
                    {QStringLiteral("store"), change.store},
                    {QStringLiteral("week"), change.date.toString(Qt::ISODate)}};
    if (change.step >= 0)
        row[QStringLiteral("step")] = change.step;
    else if (change.discount >= 0.0)
        row[QStringLiteral("discount")] = change.discount;
    else
        row[QStringLiteral("new_price")] = change.price;
    return row;
}

// One row of "user_plan": {"line", "product", "store", "week" and one of "step", "discount",
// "new_price"}; errors name the row and its field.
UserPriceChange userChangeFromJson(const QJsonValue& value, qsizetype index) {
    const auto fail = [index](const QString& field, const QString& expected,
                              const QJsonValue& got) {
        throw Error(QStringLiteral("markdown request: user_plan[%1].%2: expected %3, got %4")
                        .arg(index)
                        .arg(field, expected,
                             QString::fromUtf8(
                                 QJsonDocument(QJsonArray{got}).toJson(QJsonDocument::Compact))
                                 .mid(1)
                                 .chopped(1)));
    };
    if (!value.isObject())
        fail(QStringLiteral("row"), QStringLiteral("an object"), value);
    const QJsonObject row = value.toObject();
    static const QStringList known{QStringLiteral("line"),     QStringLiteral("product"),
                                   QStringLiteral("store"),    QStringLiteral("week"),
                                   QStringLiteral("step"),     QStringLiteral("discount"),
                                   QStringLiteral("new_price")};
    for (auto it = row.begin(); it != row.end(); ++it)
        if (!known.contains(it.key()))
            fail(it.key(), QStringLiteral("no such field"), it.value());
    UserPriceChange change;
    for (const char* field : {"product", "store"}) {
        const QJsonValue text = row.value(QLatin1String(field));
        if (!text.isString() || text.toString().isEmpty())
            fail(QLatin1String(field), QStringLiteral("an id"), text);
        (field[0] == 'p' ? change.product : change.store) = text.toString();
    }
    change.date = QDate::fromString(row.value(QStringLiteral("week")).toString(), Qt::ISODate);
    if (!change.date.isValid())
        fail(QStringLiteral("week"), QStringLiteral("a date YYYY-MM-DD"),
             row.value(QStringLiteral("week")));
    const QJsonValue line = row.value(QStringLiteral("line"));
    if (!line.isUndefined()) {
        if (!line.isDouble() || line.toDouble() < 0 ||
            std::floor(line.toDouble()) != line.toDouble())
            fail(QStringLiteral("line"), QStringLiteral("a line number"), line);
        change.line = qint64(line.toDouble());
    }
    int given = 0;
    if (const QJsonValue step = row.value(QStringLiteral("step")); !step.isUndefined()) {
        if (!step.isDouble() || step.toDouble() < 0 || step.toDouble() > 126 ||
            std::floor(step.toDouble()) != step.toDouble())
            fail(QStringLiteral("step"), QStringLiteral("a ladder step from 0"), step);
        change.step = int(step.toDouble());
        ++given;
    }
    if (const QJsonValue discount = row.value(QStringLiteral("discount"));
        !discount.isUndefined()) {
        if (!discount.isDouble() || !(discount.toDouble() >= 0.0 && discount.toDouble() <= 1.0))
            fail(QStringLiteral("discount"), QStringLiteral("a share from 0 to 1"), discount);
        change.discount = discount.toDouble();
        ++given;
    }
    if (const QJsonValue price = row.value(QStringLiteral("new_price")); !price.isUndefined()) {
        if (!price.isDouble() || !(price.toDouble() >= 0.0 && std::isfinite(price.toDouble())))
            fail(QStringLiteral("new_price"), QStringLiteral("a price >= 0"), price);
        change.price = price.toDouble();
        ++given;
    }
    if (given != 1)
        fail(QStringLiteral("step"), QStringLiteral("exactly one of step, discount, new_price"),
             QJsonValue(given));
    return change;
}

}  // namespace

QJsonObject MarkdownPlanRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json[QStringLiteral("exit_week")] = exitWeek.toString(Qt::ISODate);
    if (asOf.isValid())
        json[QStringLiteral("as_of")] = asOf.toString(Qt::ISODate);
    json[QStringLiteral("products")] = QJsonArray::fromStringList(products);
    json[QStringLiteral("stores")] = QJsonArray::fromStringList(stores);
    json[QStringLiteral("rules")] = planningRulesToJson(rules);
    if (userPlan) {
        QJsonArray rows;
        for (const UserPriceChange& change : *userPlan)
            rows.append(userChangeToJson(change));
        json[QStringLiteral("user_plan")] = rows;
        json[QStringLiteral("user_plan_name")] = userPlanName;
    }
    return json;
}

MarkdownPlanRequest MarkdownPlanRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader read(json, kAnalysis);
    MarkdownPlanRequest request;
    request.exitWeek = QDate::fromString(read.date("exit_week"), Qt::ISODate);
    if (!request.exitWeek.isValid())
        read.fail("exit_week", QStringLiteral("a date YYYY-MM-DD (it is required)"));
    request.asOf = QDate::fromString(read.date("as_of"), Qt::ISODate);
    request.products = read.texts("products");
    request.stores = read.texts("stores");
    const bool hasRules = read.has("rules");
    const QJsonObject rules = read.object("rules");
    if (hasRules) {
        request.rules = readPlanningRules(QJsonDocument(rules).toJson(QJsonDocument::Compact),
                                          QStringLiteral("markdown request: rules"));
    }
    const bool hasUserPlan = read.has("user_plan");
    const QJsonArray rows = read.array("user_plan");
    if (hasUserPlan) {
        request.userPlan.emplace();
        for (qsizetype i = 0; i < rows.size(); ++i)
            request.userPlan->push_back(userChangeFromJson(rows.at(i), i));
    }
    request.userPlanName = read.text("user_plan_name");
    read.finish();
    return request;
}

}  // namespace mb::markdown
