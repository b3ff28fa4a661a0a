#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/Wording.h"

#include <set>
#include <utility>

namespace mb::data::health {

namespace {

// Reports the values a query lists as unknown (value, rows naming it; most frequent first)
// and returns the number of rows naming one.
qint64 reportUnknown(HealthCheck& check, const char* kind, const QString& selectUnknown,
                     const char* rowName, const char* rowsName, const char* what,
                     const char* listName) {
    Statement unknown(check.db, sql(selectUnknown));
    qint64 rows = 0;
    qint64 values = 0;
    std::vector<std::pair<QString, qint64>> examples;
    while (unknown.step()) {
        ++values;
        rows += unknown.int64(1);
        if (examples.size() < kMaxExamples) {
            examples.emplace_back(unknown.text(0), unknown.int64(1));
        }
    }
    if (rows == 0)
        return 0;
    const QString whatName = QString::fromLatin1(what);
    const QString list = QString::fromLatin1(listName);
    check.add(Severity::Warning, kind, "unknown_reference", QStringLiteral("all %1").arg(rowsName),
              QStringLiteral("%1 naming a %2 that is not in the %3: %4 (%5 different). Nothing "
                             "known about the %2 can be attached to them.")
                  .arg(capitalised(QString::fromLatin1(rowsName)), whatName, list, number(rows),
                       number(values)),
              static_cast<double>(rows));
    for (const auto& [value, count] : examples) {
        check.addExample(Severity::Warning, kind, "unknown_reference",
                         QStringLiteral("%1 %2").arg(whatName, value),
                         QStringLiteral("Not in the %1; named in %2.")
                             .arg(list, plural(count, rowName, rowsName)),
                         static_cast<double>(count));
    }
    return rows;
}

}  // namespace

void checkBasketProducts(HealthCheck& check) {
    KindHealth& baskets = check.health("baskets");
    if (baskets.rows == 0 || check.health("products").rows == 0)
        return;
    baskets.unknownReferences += reportUnknown(
        check, "baskets",
        QStringLiteral("SELECT b.product, count(*) AS n FROM basket_lines b "
                       "WHERE b.product IS NOT NULL AND NOT EXISTS (SELECT 1 FROM products p "
                       "WHERE p.product = b.product) GROUP BY b.product "
                       "ORDER BY n DESC, b.product"),
        "basket line", "basket lines", "product", "product list");
}

// An offer counts once even when both its product and its category are unknown.
void checkOffers(HealthCheck& check) {
    KindHealth& offers = check.health("offers");
    if (offers.rows == 0)
        return;
    std::set<QString> unknownOffers;
    auto collect = [&](const char* query) {
        Statement rows(check.db, query);
        std::vector<std::pair<QString, QString>> found;
        while (rows.step())
            found.emplace_back(rows.text(0), rows.text(1));
        return found;
    };
    std::vector<std::pair<QString, QString>> products;
    if (check.health("products").rows > 0) {
        products = collect(
            "SELECT offer, product FROM offers o WHERE product IS NOT NULL AND NOT EXISTS "
            "(SELECT 1 FROM products p WHERE p.product = o.product) ORDER BY offer");
    }
    // Categories are known from the product list, the layout and the basket lines.
    const char* knownCategories =
        "SELECT category FROM products WHERE category IS NOT NULL UNION "
        "SELECT category FROM layout UNION "
        "SELECT category FROM basket_lines WHERE category IS NOT NULL";
    std::vector<std::pair<QString, QString>> categories;
    if (queryInt(check.db, std::string("SELECT EXISTS (") + knownCategories + ")") != 0) {
        categories = collect(
            (std::string("SELECT offer, category FROM offers WHERE category IS NOT NULL AND "
                         "category NOT IN (") +
             knownCategories + ") ORDER BY offer")
                .c_str());
    }
    for (const auto& item : products)
        unknownOffers.insert(item.first);
    for (const auto& item : categories)
        unknownOffers.insert(item.first);
    offers.unknownReferences = static_cast<qint64>(unknownOffers.size());
    if (unknownOffers.empty())
        return;
    check.add(Severity::Warning, "offers", "unknown_reference", QStringLiteral("all offers"),
              QStringLiteral("%1 of %2 target a product or category that is not in the data: "
                             "they cannot be matched to purchase history.")
                  .arg(number(offers.unknownReferences), plural(offers.rows, "offer", "offers")),
              static_cast<double>(offers.unknownReferences));
    size_t listed = 0;
    auto list = [&](const std::vector<std::pair<QString, QString>>& items, const char* what,
                    const char* where) {
        for (const auto& [offer, target] : items) {
            if (listed++ >= kMaxExamples)
                return;
            check.addExample(
                Severity::Warning, "offers", "unknown_reference",
                QStringLiteral("offer %1").arg(offer),
                QStringLiteral("Targets %1 %2, which is not in the %3.")
                    .arg(QString::fromLatin1(what), target, QString::fromLatin1(where)),
                1);
        }
    };
    list(products, "product", "product list");
    list(categories, "category", "product list, layout or baskets");
}

void checkCampaignCustomers(HealthCheck& check) {
    KindHealth& campaign = check.health("campaign");
    if (campaign.rows == 0 || check.health("customers").rows == 0)
        return;
    campaign.unknownReferences += reportUnknown(
        check, "campaign",
        QStringLiteral("SELECT c.customer, count(*) AS n FROM campaign_rows c "
                       "WHERE c.customer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers k "
                       "WHERE k.customer = c.customer) GROUP BY c.customer "
                       "ORDER BY n DESC, c.customer"),
        "campaign row", "campaign rows", "customer", "customer list");
}

}  // namespace mb::data::health
