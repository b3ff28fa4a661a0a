#include "data/Kind.h"
#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"
#include "data/health/Wording.h"

namespace mb::data::health {

void countRows(HealthCheck& check) {
    for (const KindSpec& spec : allKinds()) {
        check.health(spec.name).rows =
            queryInt(check.db, sql(QStringLiteral("SELECT count(*) FROM %1").arg(spec.table)));
    }
}

void countStockAndTrafficSeries(HealthCheck& check) {
    KindHealth& traffic = check.health("traffic");
    if (traffic.rows > 0) {
        traffic.series = queryInt(check.db, "SELECT count(DISTINCT zone) FROM traffic");
    }
    KindHealth& inventory = check.health("inventory");
    if (inventory.rows > 0) {
        inventory.series = queryInt(
            check.db, "SELECT count(*) FROM (SELECT 1 FROM inventory GROUP BY store, product)");
    }
}

}  // namespace mb::data::health
