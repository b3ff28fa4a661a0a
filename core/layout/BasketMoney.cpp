#include "layout/BasketMoney.h"

#include "data/Project.h"
#include "data/Sqlite.h"

#include <QDate>

namespace mb::layout {

namespace {

// The same lines readProjectBaskets reads at category level; returns (quantity 0 or less) are
// not purchases.
constexpr const char* kLines =
    "FROM basket_lines b LEFT JOIN products p ON p.product = b.product "
    "WHERE (?1 = '' OR b.store = ?1) AND (?2 = '' OR b.time < ?2) AND (?3 = '' OR b.time >= ?3) "
    "AND (b.quantity IS NULL OR b.quantity > 0) "
    "AND COALESCE(NULLIF(b.category, ''), p.category) IS NOT NULL";

void bindScope(data::Statement& statement, const BasketScope& scope) {
    statement.bind(1, scope.store.isNull() ? QStringLiteral("") : scope.store);
    statement.bind(2, scope.before.isNull() ? QStringLiteral("") : scope.before);
    statement.bind(3, scope.since.isNull() ? QStringLiteral("") : scope.since);
}

}  // namespace

BasketMoney readBasketMoney(const data::Project& project, const BasketScope& scope) {
    BasketMoney money;
    data::Statement values(
        project.db(),
        QStringLiteral("SELECT category, AVG(value) FROM (SELECT COALESCE(NULLIF(b.category, ''), "
                       "p.category) AS category, SUM(COALESCE(b.value, b.price * b.quantity)) "
                       "AS value %1 GROUP BY 1, b.basket) WHERE value IS NOT NULL GROUP BY 1")
            .arg(QLatin1String(kLines))
            .toStdString());
    bindScope(values, scope);
    while (values.step())
        money.valuePerBasket.insert(values.text(0), values.real(1));
    data::Statement span(project.db(),
                         QStringLiteral("SELECT MIN(substr(b.time, 1, 10)), MAX(substr(b.time, 1, "
                                        "10)), SUM(b.time IS NULL) %1")
                             .arg(QLatin1String(kLines))
                             .toStdString());
    bindScope(span, scope);
    if (!span.step())
        return money;
    money.undatedLines = span.isNull(2) ? 0 : span.int64(2);
    if (span.isNull(0))
        return money;
    money.firstDay = span.text(0);
    money.lastDay = span.text(1);
    const QDate first = QDate::fromString(money.firstDay, Qt::ISODate);
    const QDate last = QDate::fromString(money.lastDay, Qt::ISODate);
    if (money.undatedLines == 0 && first.isValid() && last.isValid())
        money.weeks = static_cast<double>(first.daysTo(last) + 1) / 7.0;
    return money;
}

}  // namespace mb::layout
