#include "markdown/UserPlanFile.h"

#include "common/Error.h"
#include "data/HeaderedCsv.h"
#include "data/ValueParser.h"
#include "export/CsvExport.h"

#include <cmath>

namespace mb::markdown {

namespace {

QString text(std::string_view field) {
    return QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size())).trimmed();
}

}  // namespace

std::vector<UserPriceChange> readUserPlan(const QString& path) {
    data::HeaderedCsv csv(path);
    const int product = csv.column(QStringLiteral("product"), true);
    const int store = csv.column(QStringLiteral("store"), true);
    int week = csv.column(QStringLiteral("week"), false);
    if (week < 0)
        week = csv.column(QStringLiteral("date"), true);
    const int step = csv.column(QStringLiteral("step"), false);
    const int discount = csv.column(QStringLiteral("discount"), false);
    int price = csv.column(QStringLiteral("new_price"), false);
    if (price < 0)
        price = csv.column(QStringLiteral("price"), false);
    if (step < 0 && discount < 0 && price < 0)
        throw Error(
            QStringLiteral("%1:1:1: missing column (step, discount or new_price)").arg(path));
    // The first of step, discount, price that the file has is the one read.
    std::vector<UserPriceChange> changes;
    qint64 row = 1;
    while (csv.next()) {
        ++row;
        UserPriceChange change;
        change.line = row;
        // Ids as --out wrote them: one starting like a formula carries a quote there.
        change.product = exporting::fromSpreadsheetSafe(text(csv.field(product)));
        change.store = exporting::fromSpreadsheetSafe(text(csv.field(store)));
        if (change.product.isEmpty())
            csv.fail(product, QStringLiteral("expected a product id"));
        if (change.store.isEmpty())
            csv.fail(store, QStringLiteral("expected a store id"));
        const auto date = data::parseDateTime(csv.field(week), data::DateOrder::Auto);
        if (!date)
            csv.fail(week, QStringLiteral("expected a date such as 2024-08-05"));
        change.date = QDate(1970, 1, 1).addDays(date->days);
        if (step >= 0) {
            const double value = csv.number(step, "step");
            if (value < 0 || value > 126 || value != std::floor(value))
                csv.fail(step, QStringLiteral("expected a ladder step 0, 1, 2, ..."));
            change.step = static_cast<int>(value);
        } else if (discount >= 0) {
            QString field = text(csv.field(discount));
            const bool percent = field.endsWith(QLatin1Char('%'));
            const std::string number = (percent ? field.chopped(1) : field).toStdString();
            const auto value = data::parseNumber(number, data::NumberFormat{});
            const double share = value ? *value / (percent ? 100.0 : 1.0) : -1.0;
            if (!value || !(share >= 0.0 && share < 1.0))
                csv.fail(discount, QStringLiteral("expected a discount from 0 to under 1 (or %)"));
            change.discount = share;
        } else {
            change.price = csv.number(price, "new_price");
            if (!(change.price > 0.0))
                csv.fail(price, QStringLiteral("expected a price above 0"));
        }
        changes.push_back(std::move(change));
    }
    return changes;
}

}  // namespace mb::markdown
