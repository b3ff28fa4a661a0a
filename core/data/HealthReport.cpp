#include "data/HealthReport.h"

#include "data/Kind.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <sqlite3.h>
#include <QDate>
#include <QJsonArray>
#include <QLocale>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <tuple>

namespace mb::data {

namespace {

constexpr size_t kMaxExamples = 20;  // worst cases listed per check; the rest are only counted
constexpr double kStaleDays = 8 * 7;
constexpr double kRevenueTolerance = 0.05;
// Leys et al. (2013), "Detecting outliers: Do not use standard deviation around the mean, use
// absolute deviation around the median", J. Exp. Soc. Psychol. 49(4): 1.4826 x MAD, 3 of them.
constexpr double kMadScale = 1.4826;
constexpr double kOutlierMads = 3.0;
constexpr double kOutlierShare = 0.5;

std::string sql(const QString& text) {
    return text.toStdString();
}
QString fromView(std::string_view text) {
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}
QString fromStd(const std::string& text) {
    return fromView(text);
}

// Group separators make big counts readable; English keeps the report the same on every machine.
QString number(qint64 value) {
    return QLocale(QLocale::English).toString(value);
}
QString plural(qint64 count, const char* one, const char* many) {
    return number(count) + u' ' + QString::fromLatin1(count == 1 ? one : many);
}
QString money(double value) {
    return QString::number(value, 'f', 2);
}
QString percent(double share) {
    return QString::number(share * 100, 'f', std::abs(share) < 0.1 ? 1 : 0) + u'%';
}
QString capitalised(QString text) {
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}
QString seriesName(const QString& product, const QString& store) {
    return QStringLiteral("product %1 at store %2").arg(product, store);
}

QString severityName(Severity severity) {
    switch (severity) {
        case Severity::Info:
            return QStringLiteral("info");
        case Severity::Warning:
            return QStringLiteral("warning");
        case Severity::Problem:
            return QStringLiteral("problem");
    }
    return {};
}

// What one row of a kind is called in a message.
QString rowNoun(const QString& kind) {
    static const std::map<QString, QString> nouns{
        {QStringLiteral("sales"), QStringLiteral("sales rows")},
        {QStringLiteral("inventory"), QStringLiteral("stock records")},
        {QStringLiteral("baskets"), QStringLiteral("basket lines")},
        {QStringLiteral("campaign"), QStringLiteral("campaign rows")},
        {QStringLiteral("zone_links"), QStringLiteral("zone links")},
        {QStringLiteral("layout"), QStringLiteral("layout rows")},
        {QStringLiteral("traffic"), QStringLiteral("foot-traffic counts")},
        {QStringLiteral("paths"), QStringLiteral("path rows")}};
    const auto found = nouns.find(kind);
    return found != nouns.end() ? found->second : kind;
}

// The kinds with a date, the column holding it, and how the coverage is phrased.
struct DatedKind {
    const char* kind;
    const char* column;
    const char* label;
};
constexpr DatedKind kDatedKinds[] = {{"sales", "week", "Sales"},
                                     {"inventory", "date", "Stock records"},
                                     {"baskets", "time", "Basket lines"},
                                     {"traffic", "time", "Foot-traffic counts"},
                                     {"paths", "time", "Shopper paths"}};

// A savepoint holding only reads: every figure comes from one snapshot even while another
// connection commits an import, and nothing is written.
class ReadSnapshot {
public:
    explicit ReadSnapshot(sqlite3* db) : db_(db) { exec(db_, "SAVEPOINT health_check"); }
    ~ReadSnapshot() { sqlite3_exec(db_, "RELEASE health_check", nullptr, nullptr, nullptr); }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    sqlite3* db_;
};

// Keeps the worst few of many cases without holding them all: ranked by `worse`, trimmed as
// they arrive.
template <typename Case>
class WorstCases {
public:
    using Worse = bool (*)(const Case&, const Case&);
    explicit WorstCases(Worse worse) : worse_(worse) {}
    void add(Case item) {
        cases_.push_back(std::move(item));
        if (cases_.size() >= 8 * kMaxExamples)
            trim();
    }
    std::vector<Case> take() {
        trim();
        return std::move(cases_);
    }

private:
    void trim() {
        const size_t kept = std::min(cases_.size(), kMaxExamples);
        std::partial_sort(cases_.begin(), cases_.begin() + static_cast<std::ptrdiff_t>(kept),
                          cases_.end(), worse_);
        cases_.resize(kept);
    }
    Worse worse_;
    std::vector<Case> cases_;
};

struct SeriesCase {
    double rank = 0;
    std::string product, store, first, last;
    qint64 weeks = 0;
};
bool worseSeries(const SeriesCase& a, const SeriesCase& b) {
    if (a.rank != b.rank)
        return a.rank > b.rank;
    return std::tie(a.product, a.store) < std::tie(b.product, b.store);
}

struct OutlierProduct {
    double rank = 0;  // largest relative distance from the median among its outliers
    std::string product;
    PriceSpread spread;
};
bool worseProduct(const OutlierProduct& a, const OutlierProduct& b) {
    if (a.rank != b.rank)
        return a.rank > b.rank;
    return a.product < b.product;
}

struct OutlierSale {
    double rank = 0;
    std::string product, store, week;
    double price = 0;
    double median = 0;
};
bool worseSale(const OutlierSale& a, const OutlierSale& b) {
    if (a.rank != b.rank)
        return a.rank > b.rank;
    return std::tie(a.product, a.store, a.week) < std::tie(b.product, b.store, b.week);
}

struct SaleCase {
    double rank = 0;
    std::string product, store, week;
    double units = 0, price = 0, revenue = 0;
};
bool worseSaleCase(const SaleCase& a, const SaleCase& b) {
    if (a.rank != b.rank)
        return a.rank > b.rank;
    return std::tie(a.product, a.store, a.week) < std::tie(b.product, b.store, b.week);
}

// Identical rows: how many, and the first row (smallest rowid) standing for them.
struct RepeatedGroup {
    double rank = 0;
    qint64 firstRow = 0;
    qint64 rows = 0;
};
bool worseGroup(const RepeatedGroup& a, const RepeatedGroup& b) {
    if (a.rank != b.rank)
        return a.rank > b.rank;
    return a.firstRow < b.firstRow;
}
struct RepeatedRows {
    qint64 extraRows = 0;  // rows beyond the first of each group
    std::vector<RepeatedGroup> worstGroups;
};

class HealthCheck {
public:
    explicit HealthCheck(sqlite3* db) : db_(db) {}

    HealthReport run() {
        ReadSnapshot snapshot(db_);
        countRows();
        scanColumns();
        checkSalesSeries();
        countStockAndTrafficSeries();
        checkSalesRows();
        checkPriceOutliers();
        checkRegularPrices();
        checkBasketDuplicates();
        checkPathDuplicates();
        checkBasketProducts();
        checkOffers();
        checkCampaignCustomers();
        checkStock();
        checkConsent();
        // Problems first; a check's examples keep following its summary.
        std::stable_sort(
            report_.findings.begin(), report_.findings.end(),
            [](const HealthFinding& a, const HealthFinding& b) { return a.severity > b.severity; });
        return std::move(report_);
    }

private:
    KindHealth& health(const QString& kind) {
        for (KindHealth& item : report_.kinds) {
            if (item.kind == kind)
                return item;
        }
        report_.kinds.push_back(KindHealth{});
        report_.kinds.back().kind = kind;
        return report_.kinds.back();
    }
    KindHealth& health(const char* kind) { return health(QString::fromLatin1(kind)); }
    static QString table(const char* kind) { return findKind(QString::fromLatin1(kind))->table; }

    void add(Severity severity, const char* kind, const char* check, const QString& subject,
             const QString& message, double value, bool example = false) {
        HealthFinding finding;
        finding.severity = severity;
        finding.kind = QString::fromLatin1(kind);
        finding.check = QString::fromLatin1(check);
        finding.subject = subject;
        finding.message = message;
        finding.value = value;
        finding.example = example;
        report_.findings.push_back(std::move(finding));
    }
    void addExample(Severity severity, const char* kind, const char* check, const QString& subject,
                    const QString& message, double value) {
        add(severity, kind, check, subject, message, value, true);
    }

    void countRows() {
        for (const KindSpec& spec : allKinds()) {
            health(spec.name).rows =
                queryInt(db_, sql(QStringLiteral("SELECT count(*) FROM %1").arg(spec.table)));
        }
    }

    // One scan per table counts the NULLs of every optional column and finds the dates covered.
    void scanColumns() {
        for (const KindSpec& spec : allKinds()) {
            KindHealth& kind = health(spec.name);
            if (kind.rows == 0)
                continue;
            const DatedKind* dated = nullptr;
            for (const DatedKind& item : kDatedKinds) {
                if (spec.name == QLatin1String(item.kind))
                    dated = &item;
            }
            QStringList columns;
            QStringList expressions;
            for (const FieldSpec& field : spec.fields) {
                if (field.required)
                    continue;
                columns << field.name;
                expressions << QStringLiteral("count(*) - count(%1)").arg(field.name);
            }
            if (dated) {
                expressions << QStringLiteral("substr(min(%1), 1, 10), substr(max(%1), 1, 10)")
                                   .arg(QString::fromLatin1(dated->column));
            }
            if (expressions.isEmpty())
                continue;
            Statement scan(db_, sql(QStringLiteral("SELECT %1 FROM %2")
                                        .arg(expressions.join(QStringLiteral(", ")), spec.table)));
            if (!scan.step())
                continue;
            const int dates = static_cast<int>(columns.size());
            if (dated && !scan.isNull(dates)) {
                kind.firstDate = scan.text(dates);
                kind.lastDate = scan.text(dates + 1);
                reportCoverage(*dated, kind);
            }
            for (int i = 0; i < dates; ++i)
                reportMissing(spec, kind, columns[i], scan.int64(i));
        }
    }

    void reportCoverage(const DatedKind& dated, const KindHealth& kind) {
        const QDate first = QDate::fromString(kind.firstDate, Qt::ISODate);
        const QDate last = QDate::fromString(kind.lastDate, Qt::ISODate);
        const qint64 days = first.isValid() && last.isValid() ? first.daysTo(last) + 1 : 0;
        const bool weekly = kind.kind == u"sales";
        const qint64 span = weekly ? (days + 6) / 7 : days;
        add(Severity::Info, dated.kind, "coverage", kind.kind,
            QStringLiteral("%1 cover %2, from %3 to %4.")
                .arg(QString::fromLatin1(dated.label),
                     weekly ? plural(span, "week", "weeks") : plural(span, "day", "days"),
                     kind.firstDate, kind.lastDate),
            static_cast<double>(span));
    }

    void reportMissing(const KindSpec& spec, KindHealth& kind, const QString& column,
                       qint64 missing) {
        if (missing == 0)
            return;
        kind.missingValues += missing;
        const QByteArray kindName = spec.name.toLatin1();
        if (missing == kind.rows) {
            add(Severity::Info, kindName.constData(), "missing", column,
                QStringLiteral("%1 is empty in all %2 %3: the imported files did not provide it.")
                    .arg(column, number(kind.rows), rowNoun(spec.name)),
                static_cast<double>(missing));
            return;
        }
        add(Severity::Warning, kindName.constData(), "missing", column,
            QStringLiteral("%1 is missing in %2 of %3 %4 (%5).")
                .arg(column, number(missing), number(kind.rows), rowNoun(spec.name),
                     percent(static_cast<double>(missing) / static_cast<double>(kind.rows))),
            static_cast<double>(missing));
    }

    // One ordered pass over the sales key gives every series' span, so gaps, staleness and the
    // products sold without a regular price need no per-row work in C++.
    void checkSalesSeries() {
        KindHealth& sales = health("sales");
        if (sales.rows == 0 || sales.lastDate.isEmpty())
            return;
        Statement series(db_,
                         "SELECT product, store, min(week), max(week), count(*), "
                         "julianday(max(week)) - julianday(min(week)), "
                         "julianday(?1) - julianday(max(week)), max(regular_price) "
                         "FROM sales GROUP BY product, store ORDER BY product, store");
        series.bind(1, sales.lastDate);
        WorstCases<SeriesCase> gaps(worseSeries);
        WorstCases<SeriesCase> stale(worseSeries);
        SeriesCase product;  // the product being read: its sales rows, and a regular price seen
        bool productHasRegularPrice = false;
        auto finishProduct = [&]() {
            if (!product.product.empty() && !productHasRegularPrice) {
                soldWithoutRegularPrice_.push_back(product);
            }
        };
        while (series.step()) {
            ++sales.series;
            const qint64 rows = series.int64(4);
            if (series.textView(0) != product.product) {
                finishProduct();
                product = SeriesCase{0, std::string(series.textView(0)), {}, {}, {}, 0};
                productHasRegularPrice = false;
            }
            product.weeks += rows;
            productHasRegularPrice = productHasRegularPrice || !series.isNull(7);
            if (!series.isNull(5)) {
                const qint64 expected = std::llround(series.real(5) / 7.0) + 1;
                const qint64 missing = std::max<qint64>(0, expected - rows);
                if (missing > 0) {
                    ++sales.seriesWithGaps;
                    sales.missingWeeks += missing;
                    gaps.add({static_cast<double>(missing), std::string(series.textView(0)),
                              std::string(series.textView(1)), std::string(series.textView(2)),
                              std::string(series.textView(3)), rows});
                }
            }
            if (!series.isNull(6) && series.real(6) > kStaleDays + 0.5) {
                ++sales.staleSeries;
                stale.add({std::round(series.real(6) / 7.0), std::string(series.textView(0)),
                           std::string(series.textView(1)), std::string(series.textView(2)),
                           std::string(series.textView(3)), rows});
            }
        }
        finishProduct();
        if (sales.seriesWithGaps > 0) {
            add(Severity::Warning, "sales", "gaps", QStringLiteral("all product-store series"),
                QStringLiteral("Product-store series with weeks missing (no sales row): %1 of "
                               "%2, %3 in total. A missing week may be a stock-out or an "
                               "unrecorded zero; check before forecasting.")
                    .arg(number(sales.seriesWithGaps), number(sales.series),
                         plural(sales.missingWeeks, "week", "weeks")),
                static_cast<double>(sales.seriesWithGaps));
            for (const SeriesCase& item : gaps.take()) {
                addExample(Severity::Warning, "sales", "gaps",
                           seriesName(fromStd(item.product), fromStd(item.store)),
                           QStringLiteral("%1 missing between %2 and %3 (%4 with sales).")
                               .arg(plural(static_cast<qint64>(item.rank), "week", "weeks"),
                                    fromStd(item.first), fromStd(item.last),
                                    plural(item.weeks, "week", "weeks")),
                           item.rank);
            }
        }
        if (sales.staleSeries > 0) {
            add(Severity::Warning, "sales", "stale_series",
                QStringLiteral("all product-store series"),
                QStringLiteral("Product-store series with no sales in the 8 weeks before the last "
                               "week in the data (%3): %1 of %2. Delisted, out of stock, or "
                               "missing from the export?")
                    .arg(number(sales.staleSeries), number(sales.series), sales.lastDate),
                static_cast<double>(sales.staleSeries));
            for (const SeriesCase& item : stale.take()) {
                addExample(Severity::Warning, "sales", "stale_series",
                           seriesName(fromStd(item.product), fromStd(item.store)),
                           QStringLiteral("Last sale in the week of %1, %2 before the end of the "
                                          "data.")
                               .arg(fromStd(item.last),
                                    plural(static_cast<qint64>(item.rank), "week", "weeks")),
                           item.rank);
            }
        }
    }

    // One scan returns only the rows with a zero price, negative units or revenue that does not
    // match; they are few, so counting and ranking them in C++ is cheap.
    void checkSalesRows() {
        KindHealth& sales = health("sales");
        if (sales.rows == 0)
            return;
        Statement rows(db_,
                       "SELECT product, store, week, units, price, revenue FROM sales "
                       "WHERE price = 0 OR units < 0 OR (revenue IS NOT NULL AND price IS NOT "
                       "NULL AND abs(revenue - units * price) > ?1 * abs(units * price))");
        rows.bind(1, kRevenueTolerance);
        WorstCases<SaleCase> zeroPrices(worseSaleCase);
        WorstCases<SaleCase> negativeUnits(worseSaleCase);
        WorstCases<SaleCase> mismatches(worseSaleCase);
        while (rows.step()) {
            SaleCase sale{0,
                          std::string(rows.textView(0)),
                          std::string(rows.textView(1)),
                          std::string(rows.textView(2)),
                          rows.real(3),
                          rows.real(4),
                          rows.real(5)};
            const bool hasPrice = !rows.isNull(4);
            if (hasPrice && sale.price == 0) {
                ++sales.zeroPrices;
                zeroPrices.add(sale);
            }
            if (sale.units < 0) {
                ++sales.negativeUnits;
                negativeUnits.add(SaleCase{-sale.units, sale.product, sale.store, sale.week,
                                           sale.units, sale.price, sale.revenue});
            }
            const double expected = sale.units * sale.price;
            if (hasPrice && !rows.isNull(5) &&
                std::abs(sale.revenue - expected) > kRevenueTolerance * std::abs(expected)) {
                ++sales.revenueMismatches;
                sale.rank = std::abs(sale.revenue - expected);
                mismatches.add(std::move(sale));
            }
        }
        if (sales.zeroPrices > 0) {
            add(Severity::Problem, "sales", "zero_price", QStringLiteral("all sales rows"),
                QStringLiteral("%1 a price of 0: they distort price response and markdown depth. "
                               "Correct the price or remove the rows.")
                    .arg(plural(sales.zeroPrices, "sales row has", "sales rows have")),
                static_cast<double>(sales.zeroPrices));
            for (const SaleCase& sale : zeroPrices.take()) {
                addExample(Severity::Problem, "sales", "zero_price",
                           seriesName(fromStd(sale.product), fromStd(sale.store)),
                           QStringLiteral("Price 0 in the week of %1 (%2 units sold).")
                               .arg(fromStd(sale.week), QString::number(sale.units)),
                           0);
            }
        }
        if (sales.negativeUnits > 0) {
            add(Severity::Problem, "sales", "negative_units", QStringLiteral("all sales rows"),
                QStringLiteral("%1 negative units (returns or corrections?): demand models need "
                               "units of 0 or more.")
                    .arg(plural(sales.negativeUnits, "sales row has", "sales rows have")),
                static_cast<double>(sales.negativeUnits));
            for (const SaleCase& sale : negativeUnits.take()) {
                addExample(Severity::Problem, "sales", "negative_units",
                           seriesName(fromStd(sale.product), fromStd(sale.store)),
                           QStringLiteral("%1 units in the week of %2.")
                               .arg(QString::number(sale.units), fromStd(sale.week)),
                           sale.units);
            }
        }
        if (sales.revenueMismatches > 0) {
            add(Severity::Warning, "sales", "revenue_mismatch", QStringLiteral("all sales rows"),
                QStringLiteral("%1 revenue more than 5% away from units x price: check "
                               "discounts, pack sizes or the price column.")
                    .arg(plural(sales.revenueMismatches, "sales row has", "sales rows have")),
                static_cast<double>(sales.revenueMismatches));
            for (const SaleCase& sale : mismatches.take()) {
                const double expected = sale.units * sale.price;
                addExample(
                    Severity::Warning, "sales", "revenue_mismatch",
                    seriesName(fromStd(sale.product), fromStd(sale.store)),
                    QStringLiteral("Revenue %1 in the week of %2, but %3 units x %4 = %5.")
                        .arg(money(sale.revenue), fromStd(sale.week), QString::number(sale.units),
                             money(sale.price), money(expected)),
                    std::round((sale.revenue - expected) * 100) / 100);
            }
        }
    }

    // Prices stream in key order (product first), so each product's prices are gathered once,
    // its median found, and only the products with the worst outliers are read again.
    void checkPriceOutliers() {
        KindHealth& sales = health("sales");
        if (sales.rows == 0)
            return;
        Statement prices(db_, "SELECT product, price FROM sales WHERE price > 0 ORDER BY product");
        WorstCases<OutlierProduct> worstProducts(worseProduct);
        qint64 products = 0;
        std::string current;
        std::vector<double> values;
        auto finishProduct = [&]() {
            if (values.empty())
                return;
            const PriceSpread spread = priceSpread(values);
            qint64 outliers = 0;
            double worst = 0;
            for (double price : values) {
                if (!isPriceOutlier(price, spread))
                    continue;
                ++outliers;
                worst = std::max(worst, std::abs(price - spread.median) / spread.median);
            }
            if (outliers > 0) {
                sales.outliers += outliers;
                ++products;
                worstProducts.add({worst, current, spread});
            }
            values.clear();
        };
        while (prices.step()) {
            const std::string_view product = prices.textView(0);
            if (product != current) {
                finishProduct();
                current.assign(product);
            }
            values.push_back(prices.real(1));
        }
        finishProduct();
        if (sales.outliers == 0)
            return;

        add(Severity::Warning, "sales", "price_outlier", QStringLiteral("all sales rows"),
            QStringLiteral("Sales rows with a price far from the product's usual price: %1, in "
                           "%2 (more than 3 median absolute deviations and more than 50% away "
                           "from the product's median). Check for typing errors or pack-size "
                           "changes.")
                .arg(number(sales.outliers), plural(products, "product", "products")),
            static_cast<double>(sales.outliers));
        WorstCases<OutlierSale> worstSales(worseSale);
        Statement rows(db_,
                       "SELECT store, week, price FROM sales WHERE product = ?1 AND price > 0 "
                       "ORDER BY store, week");
        for (const OutlierProduct& product : worstProducts.take()) {
            rows.reset();
            rows.bind(1, std::string_view(product.product));
            while (rows.step()) {
                const double price = rows.real(2);
                if (!isPriceOutlier(price, product.spread))
                    continue;
                worstSales.add({std::abs(price - product.spread.median) / product.spread.median,
                                product.product, std::string(rows.textView(0)),
                                std::string(rows.textView(1)), price, product.spread.median});
            }
        }
        for (const OutlierSale& sale : worstSales.take()) {
            const double change = (sale.price - sale.median) / sale.median;
            addExample(Severity::Warning, "sales", "price_outlier",
                       seriesName(fromStd(sale.product), fromStd(sale.store)),
                       QStringLiteral("Price %1 in the week of %2, against a usual (median) price "
                                      "of %3 (%4%5).")
                           .arg(money(sale.price), fromStd(sale.week), money(sale.median),
                                change > 0 ? QStringLiteral("+") : QString(), percent(change)),
                       sale.price);
        }
    }

    // The series pass listed the products whose sales never give a regular price; those
    // without one in the product list either are reported.
    void checkRegularPrices() {
        KindHealth& products = health("products");
        Statement listed(db_, "SELECT regular_price FROM products WHERE product = ?1");
        WorstCases<SeriesCase> examples(worseSeries);
        for (SeriesCase& product : soldWithoutRegularPrice_) {
            listed.reset();
            listed.bind(1, std::string_view(product.product));
            if (listed.step() && !listed.isNull(0))
                continue;
            ++products.missingRegularPrice;
            product.rank = static_cast<double>(product.weeks);
            examples.add(std::move(product));
        }
        if (products.missingRegularPrice == 0)
            return;
        add(Severity::Warning, "products", "no_regular_price", QStringLiteral("all products"),
            QStringLiteral("%1 sold but %2 no regular price, neither in the product list nor in "
                           "the sales: markdown depth cannot be measured for them.")
                .arg(plural(products.missingRegularPrice, "product is", "products are"),
                     QString::fromLatin1(products.missingRegularPrice == 1 ? "has" : "have")),
            static_cast<double>(products.missingRegularPrice));
        for (const SeriesCase& product : examples.take()) {
            addExample(Severity::Warning, "products", "no_regular_price",
                       QStringLiteral("product %1").arg(fromStd(product.product)),
                       QStringLiteral("No regular price, in the product list or in its %1.")
                           .arg(plural(product.weeks, "sales row", "sales rows")),
                       product.rank);
        }
    }

    void checkBasketDuplicates() {
        KindHealth& baskets = health("baskets");
        if (baskets.rows == 0)
            return;
        const RepeatedRows repeated = findRepeatedRows(
            "basket_lines",
            "import_id, basket, product, category, customer, quantity, value, price, time, store");
        baskets.duplicates = repeated.extraRows;
        if (baskets.duplicates == 0)
            return;
        add(Severity::Warning, "baskets", "duplicates", QStringLiteral("all basket lines"),
            QStringLiteral("%1 exactly another line of the same basket in the same import: "
                           "unless the till recorded the item twice, they inflate quantities and "
                           "affinities.")
                .arg(plural(baskets.duplicates, "basket line repeats", "basket lines repeat")),
            static_cast<double>(baskets.duplicates));
        Statement line(db_,
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
            addExample(Severity::Warning, "baskets", "duplicates",
                       QStringLiteral("basket %1").arg(line.text(0)),
                       QStringLiteral("The line for %1 (quantity %2, value %3, time %4) appears "
                                      "%5 times in one import.")
                           .arg(item, orDash(3, QString::number(line.real(3))),
                                orDash(4, money(line.real(4))), orDash(5, line.text(5)),
                                number(group.rows)),
                       static_cast<double>(group.rows));
        }
    }

    void checkPathDuplicates() {
        KindHealth& paths = health("paths");
        if (paths.rows == 0)
            return;
        const RepeatedRows repeated = findRepeatedRows("paths", "time, shopper, zone");
        paths.duplicates = repeated.extraRows;
        if (paths.duplicates == 0)
            return;
        add(Severity::Warning, "paths", "duplicates", QStringLiteral("all path rows"),
            QStringLiteral("%1 another row (same shopper, zone and time): they overstate visits "
                           "and dwell.")
                .arg(plural(paths.duplicates, "path row repeats", "path rows repeat")),
            static_cast<double>(paths.duplicates));
        Statement row(db_, "SELECT shopper, zone, time FROM paths WHERE id = ?1");
        for (const RepeatedGroup& group : repeated.worstGroups) {
            row.reset();
            row.bind(1, static_cast<std::int64_t>(group.firstRow));
            if (!row.step())
                continue;
            addExample(Severity::Warning, "paths", "duplicates",
                       QStringLiteral("shopper %1").arg(row.text(0)),
                       QStringLiteral("Seen in zone %1 at %2 %3 times.")
                           .arg(row.text(1), row.text(2), number(group.rows)),
                       static_cast<double>(group.rows));
        }
    }

    // Rows equal in every listed column (NULL equal to NULL), found by hashing each row once and
    // sorting the hashes: several times faster than letting SQLite sort whole rows. Two different
    // rows share a 64-bit hash with negligible probability (about rows^2 / 2^65).
    RepeatedRows findRepeatedRows(const char* table, const char* columns) {
        Statement rows(db_, std::string("SELECT rowid, ") + columns + " FROM " + table);
        std::vector<std::pair<std::uint64_t, qint64>> hashes;  // row hash, rowid
        std::string values;
        while (rows.step()) {
            values.clear();
            for (int i = 1; i < sqlite3_column_count(rows.handle()); ++i) {
                appendValue(values, rows, i);
            }
            hashes.emplace_back(std::hash<std::string>{}(values), rows.int64(0));
        }
        std::sort(hashes.begin(), hashes.end());
        RepeatedRows repeated;
        WorstCases<RepeatedGroup> worst(worseGroup);
        for (size_t first = 0; first < hashes.size();) {
            size_t end = first + 1;
            while (end < hashes.size() && hashes[end].first == hashes[first].first)
                ++end;
            const auto size = static_cast<qint64>(end - first);
            if (size > 1) {
                repeated.extraRows += size - 1;
                worst.add({static_cast<double>(size), hashes[first].second, size});
            }
            first = end;
        }
        repeated.worstGroups = worst.take();
        return repeated;
    }

    // Appends a column's value with its type, so 1 (a number) and "1" (text) stay different.
    static void appendValue(std::string& values, const Statement& rows, int column) {
        switch (sqlite3_column_type(rows.handle(), column)) {
            case SQLITE_NULL:
                values += 'N';
                return;
            case SQLITE_INTEGER: {
                const std::int64_t number = rows.int64(column);
                values += 'I';
                values.append(reinterpret_cast<const char*>(&number), sizeof number);
                return;
            }
            case SQLITE_FLOAT: {
                const double number = rows.real(column);
                values += 'F';
                values.append(reinterpret_cast<const char*>(&number), sizeof number);
                return;
            }
            default: {
                const std::string_view text = rows.textView(column);
                const auto length = static_cast<std::uint32_t>(text.size());
                values += 'T';
                values.append(reinterpret_cast<const char*>(&length), sizeof length);
                values.append(text);
                return;
            }
        }
    }

    // Reports the values a query lists as unknown (value, rows naming it; most frequent first)
    // and returns the number of rows naming one.
    qint64 reportUnknown(const char* kind, const QString& selectUnknown, const char* rowName,
                         const char* rowsName, const char* what, const char* listName) {
        Statement unknown(db_, sql(selectUnknown));
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
        add(Severity::Warning, kind, "unknown_reference", QStringLiteral("all %1").arg(rowsName),
            QStringLiteral("%1 naming a %2 that is not in the %3: %4 (%5 different). Nothing "
                           "known about the %2 can be attached to them.")
                .arg(capitalised(QString::fromLatin1(rowsName)), whatName, list, number(rows),
                     number(values)),
            static_cast<double>(rows));
        for (const auto& [value, count] : examples) {
            addExample(Severity::Warning, kind, "unknown_reference",
                       QStringLiteral("%1 %2").arg(whatName, value),
                       QStringLiteral("Not in the %1; named in %2.")
                           .arg(list, plural(count, rowName, rowsName)),
                       static_cast<double>(count));
        }
        return rows;
    }

    void checkBasketProducts() {
        KindHealth& baskets = health("baskets");
        if (baskets.rows == 0 || health("products").rows == 0)
            return;
        baskets.unknownReferences += reportUnknown(
            "baskets",
            QStringLiteral("SELECT b.product, count(*) AS n FROM basket_lines b "
                           "WHERE b.product IS NOT NULL AND NOT EXISTS (SELECT 1 FROM products p "
                           "WHERE p.product = b.product) GROUP BY b.product "
                           "ORDER BY n DESC, b.product"),
            "basket line", "basket lines", "product", "product list");
    }

    // An offer counts once even when both its product and its category are unknown.
    void checkOffers() {
        KindHealth& offers = health("offers");
        if (offers.rows == 0)
            return;
        std::set<QString> unknownOffers;
        auto collect = [&](const char* query) {
            Statement rows(db_, query);
            std::vector<std::pair<QString, QString>> found;
            while (rows.step())
                found.emplace_back(rows.text(0), rows.text(1));
            return found;
        };
        std::vector<std::pair<QString, QString>> products;
        if (health("products").rows > 0) {
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
        if (queryInt(db_, std::string("SELECT EXISTS (") + knownCategories + ")") != 0) {
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
        add(Severity::Warning, "offers", "unknown_reference", QStringLiteral("all offers"),
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
                addExample(Severity::Warning, "offers", "unknown_reference",
                           QStringLiteral("offer %1").arg(offer),
                           QStringLiteral("Targets %1 %2, which is not in the %3.")
                               .arg(QString::fromLatin1(what), target, QString::fromLatin1(where)),
                           1);
            }
        };
        list(products, "product", "product list");
        list(categories, "category", "product list, layout or baskets");
    }

    void checkCampaignCustomers() {
        KindHealth& campaign = health("campaign");
        if (campaign.rows == 0 || health("customers").rows == 0)
            return;
        campaign.unknownReferences += reportUnknown(
            "campaign",
            QStringLiteral("SELECT c.customer, count(*) AS n FROM campaign_rows c "
                           "WHERE c.customer IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers k "
                           "WHERE k.customer = c.customer) GROUP BY c.customer "
                           "ORDER BY n DESC, c.customer"),
            "campaign row", "campaign rows", "customer", "customer list");
    }

    void countStockAndTrafficSeries() {
        KindHealth& traffic = health("traffic");
        if (traffic.rows > 0) {
            traffic.series = queryInt(db_, "SELECT count(DISTINCT zone) FROM traffic");
        }
        KindHealth& inventory = health("inventory");
        if (inventory.rows > 0) {
            inventory.series = queryInt(
                db_, "SELECT count(*) FROM (SELECT 1 FROM inventory GROUP BY store, product)");
        }
    }

    void checkStock() {
        KindHealth& inventory = health("inventory");
        if (inventory.rows == 0)
            return;
        inventory.negativeUnits = queryInt(db_, "SELECT count(*) FROM inventory WHERE on_hand < 0");
        if (inventory.negativeUnits == 0)
            return;
        add(Severity::Problem, "inventory", "negative_stock", QStringLiteral("all stock records"),
            QStringLiteral("%1 negative stock on hand: a markdown plan starts from the stock to "
                           "clear, so correct them first.")
                .arg(plural(inventory.negativeUnits, "stock record shows", "stock records show")),
            static_cast<double>(inventory.negativeUnits));
        Statement rows(db_,
                       "SELECT product, store, date, on_hand FROM inventory WHERE on_hand < 0 "
                       "ORDER BY on_hand, product, store, date LIMIT ?1");
        rows.bind(1, static_cast<std::int64_t>(kMaxExamples));
        while (rows.step()) {
            addExample(Severity::Problem, "inventory", "negative_stock",
                       seriesName(rows.text(0), rows.text(1)),
                       QStringLiteral("%1 units on hand on %2.")
                           .arg(QString::number(rows.real(3)), rows.text(2)),
                       rows.real(3));
        }
    }

    void checkConsent() {
        const KindHealth& customers = health("customers");
        if (customers.rows == 0)
            return;
        const qint64 without =
            queryInt(db_, "SELECT count(*) FROM customers WHERE consent_offers IS NOT 1");
        const double share = static_cast<double>(without) / static_cast<double>(customers.rows);
        add(Severity::Info, "customers", "consent", QStringLiteral("all customers"),
            QStringLiteral("%1 of customers (%2 of %3) have not agreed to receive offers: they "
                           "are never targeted.")
                .arg(percent(share), number(without), number(customers.rows)),
            share);
    }

    sqlite3* db_;
    HealthReport report_;
    std::vector<SeriesCase> soldWithoutRegularPrice_;  // product, its sales rows in `weeks`
};

}  // namespace

PriceSpread priceSpread(std::vector<double> prices) {
    auto median = [](std::vector<double>& values) {
        const size_t half = values.size() / 2;
        std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half),
                         values.end());
        const double upper = values[half];
        if (values.size() % 2 == 1)
            return upper;
        const double lower =
            *std::max_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(half));
        return (lower + upper) / 2;
    };
    PriceSpread spread;
    if (prices.empty())
        return spread;
    spread.median = median(prices);
    for (double& price : prices)
        price = std::abs(price - spread.median);
    spread.scaledMad = kMadScale * median(prices);
    return spread;
}

bool isPriceOutlier(double price, const PriceSpread& spread) {
    const double distance = std::abs(price - spread.median);
    return spread.median > 0 && distance > kOutlierMads * spread.scaledMad &&
           distance > kOutlierShare * spread.median;
}

HealthReport checkHealth(const Project& project) {
    return HealthCheck(project.db()).run();
}

const KindHealth* HealthReport::kind(const QString& name) const {
    for (const KindHealth& item : kinds) {
        if (item.kind == name)
            return &item;
    }
    return nullptr;
}

qint64 HealthReport::count(Severity severity) const {
    return std::count_if(findings.begin(), findings.end(), [&](const HealthFinding& finding) {
        return finding.severity == severity && !finding.example;
    });
}

QJsonObject HealthReport::toJson() const {
    auto date = [](const QString& text) {
        return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
    };
    QJsonObject kindsJson;
    for (const KindHealth& item : kinds) {
        kindsJson.insert(
            item.kind,
            QJsonObject{{QStringLiteral("rows"), item.rows},
                        {QStringLiteral("first_date"), date(item.firstDate)},
                        {QStringLiteral("last_date"), date(item.lastDate)},
                        {QStringLiteral("series"), item.series},
                        {QStringLiteral("series_with_gaps"), item.seriesWithGaps},
                        {QStringLiteral("missing_weeks"), item.missingWeeks},
                        {QStringLiteral("stale_series"), item.staleSeries},
                        {QStringLiteral("missing_values"), item.missingValues},
                        {QStringLiteral("duplicates"), item.duplicates},
                        {QStringLiteral("outliers"), item.outliers},
                        {QStringLiteral("zero_prices"), item.zeroPrices},
                        {QStringLiteral("negative_units"), item.negativeUnits},
                        {QStringLiteral("unknown_references"), item.unknownReferences},
                        {QStringLiteral("revenue_mismatches"), item.revenueMismatches},
                        {QStringLiteral("missing_regular_price"), item.missingRegularPrice}});
    }
    QJsonArray findingsJson;
    for (const HealthFinding& finding : findings) {
        findingsJson.append(
            QJsonObject{{QStringLiteral("severity"), severityName(finding.severity)},
                        {QStringLiteral("kind"), finding.kind},
                        {QStringLiteral("check"), finding.check},
                        {QStringLiteral("subject"), finding.subject},
                        {QStringLiteral("message"), finding.message},
                        {QStringLiteral("value"), finding.value},
                        {QStringLiteral("example"), finding.example}});
    }
    return QJsonObject{{QStringLiteral("kinds"), kindsJson},
                       {QStringLiteral("findings"), findingsJson},
                       {QStringLiteral("summary"),
                        QJsonObject{{QStringLiteral("problems"), count(Severity::Problem)},
                                    {QStringLiteral("warnings"), count(Severity::Warning)}}}};
}

}  // namespace mb::data
