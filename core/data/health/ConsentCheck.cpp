#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/Wording.h"

namespace mb::data::health {

void checkConsent(HealthCheck& check) {
    const KindHealth& customers = check.health("customers");
    if (customers.rows == 0)
        return;
    const qint64 without =
        queryInt(check.db, "SELECT count(*) FROM customers WHERE consent_offers IS NOT 1");
    const double share = static_cast<double>(without) / static_cast<double>(customers.rows);
    check.add(Severity::Info, "customers", "consent", QStringLiteral("all customers"),
              QStringLiteral("%1 of customers (%2 of %3) have not agreed to receive offers: they "
                             "are never targeted.")
                  .arg(percent(share), number(without), number(customers.rows)),
              share);
}

}  // namespace mb::data::health
