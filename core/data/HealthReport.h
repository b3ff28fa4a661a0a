#pragma once

#include <QJsonObject>
#include <QString>
#include <vector>

namespace mb::data {

class Project;

enum class Severity { Info, Warning, Problem };

// One finding of the data-health check, phrased for a merchandiser.
struct HealthFinding {
    Severity severity = Severity::Info;
    QString kind;     // input kind it concerns ("sales", ...)
    QString check;    // short id: "gaps", "missing", "duplicates", "price_outlier", "zero_price",
                      // "negative_units", "stale_series", "unknown_reference", "coverage",
                      // "revenue_mismatch", "no_regular_price", "negative_stock", "consent",
                      // "negative_quantity"
    QString subject;  // what it is about: "product 123 / store 7", a column name, ...
    QString message;
    double value = 0;      // the figure behind the message (count, share, ...)
    bool example = false;  // one worst case of a check; the check's summary finding has false
};

struct KindHealth {
    QString kind;
    qint64 rows = 0;
    QString firstDate;  // date coverage, when the kind has dates
    QString lastDate;
    qint64 series = 0;          // sales/inventory/traffic: distinct series
    qint64 seriesWithGaps = 0;  // weeks missing inside a series' span
    qint64 missingWeeks = 0;
    qint64 staleSeries = 0;    // last sale more than 8 weeks before the last week in the data
    qint64 missingValues = 0;  // NULLs in optional columns
    qint64 duplicates = 0;
    qint64 outliers = 0;
    qint64 zeroPrices = 0;
    qint64 negativeUnits = 0;        // inventory: negative stock on hand; baskets: negative
                                     // quantities (returns)
    qint64 unknownReferences = 0;    // rows (offers: offers) naming a product/category/customer
                                     // that is not in the data
    qint64 revenueMismatches = 0;    // sales: revenue more than 5% away from units x price
    qint64 missingRegularPrice = 0;  // products: sold, but no regular price anywhere
};

struct HealthReport {
    std::vector<KindHealth> kinds;
    std::vector<HealthFinding> findings;
    QJsonObject toJson() const;

    const KindHealth* kind(const QString& name) const;  // nullptr for an unknown kind
    qint64 count(Severity severity) const;  // summary findings of that severity (not examples)
};

// Reads the project (never writes) and reports what a planner should know before trusting an
// analysis. Price outliers: more than 3 median absolute deviations (and 50%) from the product's
// median price. A sales series is stale when its last week is more than 8 weeks before the last
// week in the data.
HealthReport checkHealth(const Project& project);

// A product's usual price: the median, and the median absolute deviation scaled by 1.4826 so it
// estimates the standard deviation of normally spread prices.
struct PriceSpread {
    double median = 0;
    double scaledMad = 0;
};
PriceSpread priceSpread(std::vector<double> prices);
bool isPriceOutlier(double price, const PriceSpread& spread);

}  // namespace mb::data
