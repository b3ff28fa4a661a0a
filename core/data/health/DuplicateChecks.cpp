#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/RepeatedRows.h"
#include "data/health/Wording.h"

#include <cstdint>

namespace mb::data::health {

void checkBasketDuplicates(HealthCheck& check) {
    KindHealth& baskets = check.health("baskets");
    if (baskets.rows == 0)
        return;
    const RepeatedRows repeated = findRepeatedRows(
        check.db, "basket_lines",
        "import_id, basket, product, category, customer, quantity, value, price, time, store");
    baskets.duplicates = repeated.extraRows;
    if (baskets.duplicates == 0)
        return;
    check.add(Severity::Warning, "baskets", "duplicates", QStringLiteral("all basket lines"),
              QStringLiteral("%1 exactly another line of the same basket in the same import: "
                             "unless the till recorded the item twice, they inflate quantities "
                             "and affinities.")
                  .arg(plural(baskets.duplicates, "basket line repeats", "basket lines repeat")),
              static_cast<double>(baskets.duplicates));
    Statement line(check.db,
                   "SELECT basket, product, category, quantity, value, time FROM basket_lines "
                   "WHERE id = ?1");
    auto orDash = [&](int column, const QString& text) {
        return line.isNull(column) ? QStringLiteral("-") : text;
    };
    for (const RepeatedGroup& group : repeated.worstGroups) {
        line.reset();
        line.bind(1, static_cast<std::int64_t>(group.firstRow));
        if (!line.step())
            continue;
        const QString item = line.isNull(1) ? QStringLiteral("category %1").arg(line.text(2))
                                            : QStringLiteral("product %1").arg(line.text(1));
        check.addExample(
            Severity::Warning, "baskets", "duplicates",
            QStringLiteral("basket %1").arg(line.text(0)),
            QStringLiteral("The line for %1 (quantity %2, value %3, time %4) "
                           "appears %5 times in one import.")
                .arg(item, orDash(3, QString::number(line.real(3))), orDash(4, money(line.real(4))),
                     orDash(5, line.text(5)), number(group.rows)),
            static_cast<double>(group.rows));
    }
}

void checkPathDuplicates(HealthCheck& check) {
    KindHealth& paths = check.health("paths");
    if (paths.rows == 0)
        return;
    const RepeatedRows repeated = findRepeatedRows(check.db, "paths", "time, shopper, zone");
    paths.duplicates = repeated.extraRows;
    if (paths.duplicates == 0)
        return;
    check.add(Severity::Warning, "paths", "duplicates", QStringLiteral("all path rows"),
              QStringLiteral("%1 another row (same shopper, zone and time): they overstate "
                             "visits and dwell.")
                  .arg(plural(paths.duplicates, "path row repeats", "path rows repeat")),
              static_cast<double>(paths.duplicates));
    Statement row(check.db, "SELECT shopper, zone, time FROM paths WHERE id = ?1");
    for (const RepeatedGroup& group : repeated.worstGroups) {
        row.reset();
        row.bind(1, static_cast<std::int64_t>(group.firstRow));
        if (!row.step())
            continue;
        check.addExample(Severity::Warning, "paths", "duplicates",
                         QStringLiteral("shopper %1").arg(row.text(0)),
                         QStringLiteral("Seen in zone %1 at %2 %3 times.")
                             .arg(row.text(1), row.text(2), number(group.rows)),
                         static_cast<double>(group.rows));
    }
}

}  // namespace mb::data::health
