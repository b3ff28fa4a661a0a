#include "common/Error.h"
#include "data/HealthReport.h"
#include "data/Kind.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <sqlite3.h>
#include <QCryptographicHash>
#include <QDate>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>

using namespace mb::data;

Q_DECLARE_METATYPE(mb::data::Severity)

namespace {

// Rows of one table as the test inserts them; a null QVariant is stored as NULL.
struct TableRows {
    QStringList columns;
    QList<QVariantList> rows;

    qint64 nulls(const QString& column) const {
        const auto index = columns.indexOf(column);
        if (index < 0)
            return static_cast<qint64>(rows.size());  // never given: NULL everywhere
        return std::count_if(rows.begin(), rows.end(),
                             [&](const QVariantList& row) { return row[index].isNull(); });
    }
    // First and last value of a date column, cut to the date.
    std::pair<QString, QString> dateRange(const QString& column) const {
        const auto index = columns.indexOf(column);
        QString first, last;
        for (const QVariantList& row : rows) {
            const QString date = row[index].toString().left(10);
            if (first.isEmpty() || date < first)
                first = date;
            if (last.isEmpty() || date > last)
                last = date;
        }
        return {first, last};
    }
};

void insert(sqlite3* db, const QString& table, const TableRows& data) {
    QStringList marks;
    for (qsizetype i = 0; i < data.columns.size(); ++i)
        marks << QStringLiteral("?%1").arg(i + 1);
    Statement statement(db, QStringLiteral("INSERT INTO %1(%2) VALUES(%3)")
                                .arg(table, data.columns.join(u','), marks.join(u','))
                                .toStdString());
    for (const QVariantList& row : data.rows) {
        statement.reset();
        for (int i = 0; i < row.size(); ++i) {
            const QVariant& value = row[i];
            if (value.isNull()) {
                statement.bindNull(i + 1);
            } else if (value.typeId() == QMetaType::Double) {
                statement.bind(i + 1, value.toDouble());
            } else if (value.typeId() == QMetaType::Int || value.typeId() == QMetaType::LongLong) {
                statement.bind(i + 1, static_cast<std::int64_t>(value.toLongLong()));
            } else {
                statement.bind(i + 1, value.toString());
            }
        }
        QVERIFY2(statement.stepCode() == SQLITE_DONE, qPrintable(lastError(db)));
    }
}

const QVariant kNull;
QString monday(int week) {
    return QDate(2024, 1, 1).addDays(7 * week).toString(Qt::ISODate);
}

// A weekly series of one product in one store.
struct SeriesPlan {
    QString product, store;
    int firstWeek = 0, lastWeek = 0;
    std::set<int> skippedWeeks;
    double price = 0;
};

// One sale that differs from its series' normal row.
struct SaleOverride {
    QString product, store;
    int week = 0;
    std::optional<double> units, price, revenueFactor;
    bool noRevenue = false, noPrice = false, noTpr = false;
};

constexpr int kLastWeek = 19;
constexpr int kStaleAfterWeeks = 8;

const std::vector<SeriesPlan> kSeries{
    {"P1", "S1", 0, 19, {}, 10},
    {"P1", "S2", 0, 19, {3, 4, 10}, 10},
    {"P2", "S1", 0, 19, {7}, 4},
    {"P2", "S2", 0, 10, {}, 4},  // stale: 9 weeks before the last week
    {"P3", "S1", 2, 11, {}, 6},  // 8 weeks before the last week: not yet stale
    {"P3", "S2", 0, 19, {1, 2}, 6},
};

const std::vector<SaleOverride> kOverrides{
    {"P1", "S1", 5, {}, 30.0, {}},       // price outlier: 3x the usual price
    {"P1", "S2", 6, {}, 14.0, {}},       // 40% above: more than 3 MADs but under 50%
    {"P3", "S1", 4, {}, 0.0, {}},        // zero price
    {"P3", "S2", 5, {}, 0.0, {}},        // zero price
    {"P2", "S1", 0, -2.0, {}, {}},       // negative units
    {"P1", "S1", 8, {}, {}, 1.06},       // revenue 6% off: reported
    {"P1", "S1", 9, {}, {}, 1.04},       // revenue 4% off: within tolerance
    {"P3", "S2", 10, {}, {}, {}, true},  // no revenue
    {"P3", "S2", 11, {}, {}, {}, true},
    {"P3", "S2", 12, {}, {}, {}, true},
    {"P2", "S2", 3, {}, {}, {}, false, true},         // no price
    {"P1", "S1", 0, {}, {}, {}, false, false, true},  // no tpr flag
    {"P1", "S1", 1, {}, {}, {}, false, false, true},
    {"P1", "S1", 2, {}, {}, {}, false, false, true},
    {"P1", "S1", 3, {}, {}, {}, false, false, true},
};

const SaleOverride* overrideFor(const QString& product, const QString& store, int week) {
    for (const SaleOverride& item : kOverrides) {
        if (item.product == product && item.store == store && item.week == week)
            return &item;
    }
    return nullptr;
}

// The constructed retailer: every figure of its health report is known from these rows.
std::map<QString, TableRows> constructedData() {
    std::map<QString, TableRows> data;
    data["products"] = {{"product", "name", "category", "unit_cost", "regular_price"},
                        {{"P1", "Milk", "Dairy", 6.0, 10.0},
                         {"P2", "Bread", "Bakery", 2.0, kNull},
                         {"P3", "Jam", kNull, 3.0, kNull}}};
    data["stores"] = {{"store", "name", "region"},
                      {{"S1", "High Street", "North"}, {"S2", "Station", kNull}}};
    TableRows sales{{"product", "store", "week", "units", "revenue", "price", "regular_price",
                     "feature", "tpr"},
                    {}};
    for (const SeriesPlan& plan : kSeries) {
        for (int week = plan.firstWeek; week <= plan.lastWeek; ++week) {
            if (plan.skippedWeeks.count(week))
                continue;
            const SaleOverride* change = overrideFor(plan.product, plan.store, week);
            const double units = change && change->units ? *change->units : 2.0 + week % 3;
            const double price = change && change->price ? *change->price : plan.price;
            const double factor = change && change->revenueFactor ? *change->revenueFactor : 1.0;
            const QVariant revenue =
                change && change->noRevenue ? kNull : QVariant(units * price * factor);
            const QVariant shownPrice = change && change->noPrice ? kNull : QVariant(price);
            // Only P2's regular price comes with the sales; P1's is in the product list.
            const QVariant regular = plan.product == u"P2" ? QVariant(4.5) : kNull;
            const QVariant tpr = change && change->noTpr ? kNull : QVariant(week % 4 == 0 ? 1 : 0);
            sales.rows.append({plan.product, plan.store, monday(week), units, revenue, shownPrice,
                               regular, week % 2, tpr});
        }
    }
    data["sales"] = sales;
    data["inventory"] = {{"store", "product", "date", "on_hand"},
                         {{"S1", "P1", "2024-01-07", 5.0},
                          {"S1", "P2", "2024-01-07", -3.0},
                          {"S2", "P1", "2024-01-14", 0.0},
                          {"S2", "P1", "2024-01-21", 4.0}}};
    const QVariantList line{"B1", "P1", kNull, "C1", 1.0, 10.0, 10.0, "2024-01-02T10:00:00",
                            "S1", 1};
    QVariantList secondImport = line;
    secondImport[9] = 2;
    data["basket_lines"] = {
        {"basket", "product", "category", "customer", "quantity", "value", "price", "time", "store",
         "import_id"},
        {line,
         line,  // two exact repeats of the first line
         line,
         {"B1", "P2", kNull, "C1", 2.0, 8.0, 4.0, "2024-01-02T10:00:00", "S1", 1},
         {"B2", "P9", kNull, kNull, 1.0, 5.0, 5.0, "2024-01-03T11:30:00", "S2", 1},
         {"B2", "P3", kNull, kNull, 1.0, 6.0, 6.0, "2024-01-03T11:30:00", "S2", 1},
         {"B3", kNull, "Dairy", "C2", 1.0, 3.0, kNull, "2024-01-05T09:00:00", "S1", 1},
         secondImport,  // same line, another import: not a repeat
         {"B4", "P9", kNull, "C4", 1.0, 5.0, 5.0, "2024-01-20T18:00:00", kNull, 2},
         {"B4", "P8", kNull, "C4", 3.0, 9.0, 3.0, "2024-01-20T18:00:00", kNull, 2}}};
    data["customers"] = {{"customer", "segment", "consent_offers", "consent_email", "signup_date"},
                         {{"C1", "gold", 1, 1, "2020-05-01"},
                          {"C2", "silver", 0, 1, kNull},
                          {"C3", kNull, kNull, kNull, "2021-02-03"},
                          {"C4", "gold", 1, 0, "2022-07-08"}}};
    data["campaigns"] = {{"name", "control_arm"}, {{"spring", "control"}}};
    data["campaign_rows"] = {{"campaign", "arm", "customer", "data", "import_id"},
                             {{"spring", "offer", "C1", "{}", 3},
                              {"spring", "control", "C2", "{}", 3},
                              {"spring", "offer", "C7", "{}", 3},
                              {"spring", "control", "C7", "{}", 3},
                              {"spring", "offer", kNull, "{}", 3}}};
    data["offers"] = {{"offer", "category", "product", "discount", "cost", "capacity"},
                      {{"O1", kNull, "P1", 0.1, 1.0, 100},
                       {"O2", kNull, "P8", 0.2, 1.0, 100},  // unknown product
                       {"O3", "Dairy", kNull, 0.1, kNull, 50},
                       {"O4", "Toys", kNull, 0.3, 2.0, kNull},  // unknown category
                       {"O5", "Toys", "P9", 0.3, 2.0, 10}}};    // both unknown: one offer
    data["zones"] = {{"zone", "name", "type", "x", "y", "width", "height"},
                     {{"Z1", "Dairy wall", "department", 0.0, 0.0, 5.0, 2.0},
                      {"Z2", "Bakery", "department", 6.0, 0.0, 4.0, 2.0},
                      {"Z3", "Entrance", "entrance", kNull, kNull, kNull, kNull}}};
    data["zone_links"] = {{"zone_a", "zone_b", "distance"},
                          {{"Z1", "Z2", 5.0}, {"Z2", "Z3", kNull}}};
    data["layout"] = {{"category", "zone"}, {{"Dairy", "Z1"}, {"Bakery", "Z2"}}};
    data["traffic"] = {{"zone", "time", "visits", "dwell_seconds"},
                       {{"Z1", "2024-01-02T10:00:00", 50.0, 30.0},
                        {"Z1", "2024-01-02T11:00:00", 40.0, kNull},
                        {"Z2", "2024-01-03T10:00:00", kNull, kNull}}};
    data["paths"] = {{"time", "shopper", "zone", "import_id"},
                     {{"2024-01-02T10:00:00", "H1", "Z1", 4},
                      {"2024-01-02T10:00:00", "H1", "Z1", 4},  // two repeats
                      {"2024-01-02T10:00:00", "H1", "Z1", 5},
                      {"2024-01-02T10:05:00", "H1", "Z2", 4},
                      {"2024-01-02T10:00:00", "H2", "Z1", 4}}};
    return data;
}

const char* const kInsertOrder[] = {
    "products",  "stores",        "zones",  "sales",      "inventory", "basket_lines", "customers",
    "campaigns", "campaign_rows", "offers", "zone_links", "layout",    "traffic",      "paths"};

std::unique_ptr<Project> createProject(const QString& path,
                                       const std::map<QString, TableRows>& data) {
    auto project = Project::open(path);
    Transaction transaction(project->db());
    for (const char* table : kInsertOrder) {
        const auto found = data.find(QString::fromLatin1(table));
        if (found != data.end())
            insert(project->db(), found->first, found->second);
    }
    transaction.commit();
    return project;
}

const HealthFinding* summaryOf(const HealthReport& report, const QString& kind,
                               const QString& check, const QString& subject = {}) {
    for (const HealthFinding& finding : report.findings) {
        if (!finding.example && finding.kind == kind && finding.check == check &&
            (subject.isEmpty() || finding.subject == subject)) {
            return &finding;
        }
    }
    return nullptr;
}

std::vector<const HealthFinding*> examplesOf(const HealthReport& report, const QString& kind,
                                             const QString& check) {
    std::vector<const HealthFinding*> examples;
    for (const HealthFinding& finding : report.findings) {
        if (finding.example && finding.kind == kind && finding.check == check) {
            examples.push_back(&finding);
        }
    }
    return examples;
}

qint64 salesRows(const std::function<bool(const SaleOverride&)>& matches) {
    qint64 count = 0;
    for (const SaleOverride& item : kOverrides) {
        const bool inSeries = std::any_of(kSeries.begin(), kSeries.end(), [&](const SeriesPlan& p) {
            return p.product == item.product && p.store == item.store &&
                   !p.skippedWeeks.count(item.week) && item.week >= p.firstWeek &&
                   item.week <= p.lastWeek;
        });
        if (inSeries && matches(item))
            ++count;
    }
    return count;
}

qint64 seriesRows(const QString& product) {
    qint64 rows = 0;
    for (const SeriesPlan& plan : kSeries) {
        if (plan.product != product)
            continue;
        rows += plan.lastWeek - plan.firstWeek + 1 - static_cast<qint64>(plan.skippedWeeks.size());
    }
    return rows;
}

// Contents of every table, so a changed row anywhere shows.
QByteArray databaseChecksum(sqlite3* db) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    Statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    while (tables.step()) {
        const QString table = tables.text(0);
        Statement rows(db, QStringLiteral("SELECT * FROM %1").arg(table).toStdString());
        hash.addData(table.toUtf8());
        while (rows.step()) {
            for (int i = 0; i < sqlite3_column_count(rows.handle()); ++i) {
                hash.addData(rows.isNull(i) ? QByteArray("\\N") : rows.text(i).toUtf8());
                hash.addData(QByteArray("|"));
            }
        }
    }
    return hash.result();
}

}  // namespace

class TestHealthReport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void kindFigures_data();
    void kindFigures();
    void coverage_data();
    void coverage();
    void missingValues_data();
    void missingValues();
    void summaryFindings_data();
    void summaryFindings();
    void worstExamplesComeFirst_data();
    void worstExamplesComeFirst();
    void consentShare();
    void severitiesAndSummaryCounts();
    void jsonShape();
    void jsonFigures_data();
    void jsonFigures();
    void examplesAreCapped_data();
    void examplesAreCapped();
    void emptyProject();
    void doesNotWriteTheProject();
    void priceSpreadOfPrices_data();
    void priceSpreadOfPrices();
    void outlierRule_data();
    void outlierRule();

private:
    QTemporaryDir dir_;
    std::map<QString, TableRows> data_;
    std::unique_ptr<Project> project_;
    HealthReport report_;
};

void TestHealthReport::initTestCase() {
    QVERIFY(dir_.isValid());
    data_ = constructedData();
    project_ = createProject(dir_.filePath(QStringLiteral("constructed.merchbench")), data_);
    report_ = checkHealth(*project_);
}

void TestHealthReport::kindFigures_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("figure");
    QTest::addColumn<qint64>("expected");

    for (const KindSpec& spec : allKinds()) {
        const auto found = data_.find(spec.table);
        const qint64 rows = found == data_.end() ? 0 : found->second.rows.size();
        QTest::addRow("%s rows", qPrintable(spec.name)) << spec.name << "rows" << rows;
    }
    const auto series = static_cast<qint64>(kSeries.size());
    qint64 withGaps = 0, missingWeeks = 0, stale = 0;
    for (const SeriesPlan& plan : kSeries) {
        withGaps += plan.skippedWeeks.empty() ? 0 : 1;
        missingWeeks += static_cast<qint64>(plan.skippedWeeks.size());
        stale += kLastWeek - plan.lastWeek > kStaleAfterWeeks ? 1 : 0;
    }
    QTest::newRow("sales series") << "sales"
                                  << "series" << series;
    QTest::newRow("sales series with gaps") << "sales"
                                            << "seriesWithGaps" << withGaps;
    QTest::newRow("sales missing weeks") << "sales"
                                         << "missingWeeks" << missingWeeks;
    QTest::newRow("sales stale series") << "sales"
                                        << "staleSeries" << stale;
    QTest::newRow("sales zero prices")
        << "sales"
        << "zeroPrices"
        << salesRows([](const SaleOverride& s) { return s.price && *s.price == 0; });
    QTest::newRow("sales negative units")
        << "sales"
        << "negativeUnits"
        << salesRows([](const SaleOverride& s) { return s.units && *s.units < 0; });
    QTest::newRow("sales revenue mismatches")
        << "sales"
        << "revenueMismatches" << salesRows([](const SaleOverride& s) {
               return s.revenueFactor && std::abs(*s.revenueFactor - 1) > 0.05;
           });
    QTest::newRow("sales price outliers (not the near one)") << "sales"
                                                             << "outliers" << qint64(1);
    QTest::newRow("sales duplicates impossible") << "sales"
                                                 << "duplicates" << qint64(0);
    QTest::newRow("products without regular price") << "products"
                                                    << "missingRegularPrice" << qint64(1);
    QTest::newRow("inventory series") << "inventory"
                                      << "series" << qint64(3);
    QTest::newRow("inventory negative stock") << "inventory"
                                              << "negativeUnits" << qint64(1);
    QTest::newRow("traffic series") << "traffic"
                                    << "series" << qint64(2);
    QTest::newRow("basket duplicates") << "baskets"
                                       << "duplicates" << qint64(2);
    QTest::newRow("basket unknown products") << "baskets"
                                             << "unknownReferences" << qint64(3);
    QTest::newRow("path duplicates") << "paths"
                                     << "duplicates" << qint64(2);
    QTest::newRow("offers unknown targets") << "offers"
                                            << "unknownReferences" << qint64(3);
    QTest::newRow("campaign unknown customers") << "campaign"
                                                << "unknownReferences" << qint64(2);
    QTest::newRow("customers duplicates impossible") << "customers"
                                                     << "duplicates" << qint64(0);
    for (const KindSpec& spec : allKinds()) {
        const auto found = data_.find(spec.table);
        if (found == data_.end())
            continue;
        qint64 missing = 0;
        for (const FieldSpec& field : spec.fields) {
            if (!field.required)
                missing += found->second.nulls(field.name);
        }
        QTest::addRow("%s missing values", qPrintable(spec.name))
            << spec.name << "missingValues" << missing;
    }
}

qint64 figureOf(const KindHealth& kind, const QString& figure) {
    const std::map<QString, qint64> figures{{"rows", kind.rows},
                                            {"series", kind.series},
                                            {"seriesWithGaps", kind.seriesWithGaps},
                                            {"missingWeeks", kind.missingWeeks},
                                            {"staleSeries", kind.staleSeries},
                                            {"missingValues", kind.missingValues},
                                            {"duplicates", kind.duplicates},
                                            {"outliers", kind.outliers},
                                            {"zeroPrices", kind.zeroPrices},
                                            {"negativeUnits", kind.negativeUnits},
                                            {"unknownReferences", kind.unknownReferences},
                                            {"revenueMismatches", kind.revenueMismatches},
                                            {"missingRegularPrice", kind.missingRegularPrice}};
    return figures.at(figure);
}

void TestHealthReport::kindFigures() {
    QFETCH(QString, kind);
    QFETCH(QString, figure);
    QFETCH(qint64, expected);
    const KindHealth* health = report_.kind(kind);
    QVERIFY2(health, qPrintable(kind));
    QCOMPARE(figureOf(*health, figure), expected);
}

void TestHealthReport::coverage_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("last");
    QTest::addColumn<double>("span");

    auto add = [&](const char* kind, const char* table, const char* column, bool weekly) {
        const auto [first, last] = data_.at(QString::fromLatin1(table)).dateRange(column);
        const qint64 days =
            QDate::fromString(first, Qt::ISODate).daysTo(QDate::fromString(last, Qt::ISODate));
        QTest::newRow(kind) << kind << first << last
                            << static_cast<double>(weekly ? days / 7 + 1 : days + 1);
    };
    add("sales", "sales", "week", true);
    add("inventory", "inventory", "date", false);
    add("baskets", "basket_lines", "time", false);
    add("traffic", "traffic", "time", false);
    add("paths", "paths", "time", false);
}

void TestHealthReport::coverage() {
    QFETCH(QString, kind);
    QFETCH(QString, first);
    QFETCH(QString, last);
    QFETCH(double, span);
    const KindHealth* health = report_.kind(kind);
    QVERIFY(health);
    QCOMPARE(health->firstDate, first);
    QCOMPARE(health->lastDate, last);
    const HealthFinding* finding = summaryOf(report_, kind, "coverage");
    QVERIFY(finding);
    QCOMPARE(finding->severity, Severity::Info);
    QCOMPARE(finding->value, span);
    QVERIFY2(finding->message.contains(first) && finding->message.contains(last),
             qPrintable(finding->message));
}

void TestHealthReport::missingValues_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("column");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<qint64>("rows");

    for (const KindSpec& spec : allKinds()) {
        const auto found = data_.find(spec.table);
        if (found == data_.end())
            continue;
        for (const FieldSpec& field : spec.fields) {
            if (field.required)
                continue;
            QTest::addRow("%s.%s", qPrintable(spec.name), qPrintable(field.name))
                << spec.name << field.name << found->second.nulls(field.name)
                << static_cast<qint64>(found->second.rows.size());
        }
    }
}

void TestHealthReport::missingValues() {
    QFETCH(QString, kind);
    QFETCH(QString, column);
    QFETCH(qint64, expected);
    QFETCH(qint64, rows);
    const HealthFinding* finding = summaryOf(report_, kind, "missing", column);
    if (expected == 0) {
        QVERIFY2(!finding, qPrintable(finding ? finding->message : QString()));
        return;
    }
    QVERIFY(finding);
    QCOMPARE(finding->value, static_cast<double>(expected));
    // A column absent from the files is information; holes in a column are worth a look.
    QCOMPARE(finding->severity, expected == rows ? Severity::Info : Severity::Warning);
    QVERIFY2(finding->message.contains(QString::number(expected)), qPrintable(finding->message));
}

void TestHealthReport::summaryFindings_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("check");
    QTest::addColumn<Severity>("severity");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("examples");

    qint64 withGaps = 0;
    for (const SeriesPlan& plan : kSeries)
        withGaps += plan.skippedWeeks.empty() ? 0 : 1;
    QTest::newRow("gaps") << "sales"
                          << "gaps" << Severity::Warning << static_cast<double>(withGaps)
                          << static_cast<int>(withGaps);
    QTest::newRow("stale") << "sales"
                           << "stale_series" << Severity::Warning << 1.0 << 1;
    QTest::newRow("zero prices") << "sales"
                                 << "zero_price" << Severity::Problem << 2.0 << 2;
    QTest::newRow("negative units") << "sales"
                                    << "negative_units" << Severity::Problem << 1.0 << 1;
    QTest::newRow("revenue") << "sales"
                             << "revenue_mismatch" << Severity::Warning << 1.0 << 1;
    QTest::newRow("outliers") << "sales"
                              << "price_outlier" << Severity::Warning << 1.0 << 1;
    QTest::newRow("regular price") << "products"
                                   << "no_regular_price" << Severity::Warning << 1.0 << 1;
    QTest::newRow("basket repeats") << "baskets"
                                    << "duplicates" << Severity::Warning << 2.0 << 1;
    QTest::newRow("basket products") << "baskets"
                                     << "unknown_reference" << Severity::Warning << 3.0 << 2;
    QTest::newRow("path repeats") << "paths"
                                  << "duplicates" << Severity::Warning << 2.0 << 1;
    QTest::newRow("offer targets") << "offers"
                                   << "unknown_reference" << Severity::Warning << 3.0 << 4;
    QTest::newRow("campaign customers") << "campaign"
                                        << "unknown_reference" << Severity::Warning << 2.0 << 1;
    QTest::newRow("negative stock") << "inventory"
                                    << "negative_stock" << Severity::Problem << 1.0 << 1;
}

void TestHealthReport::summaryFindings() {
    QFETCH(QString, kind);
    QFETCH(QString, check);
    QFETCH(Severity, severity);
    QFETCH(double, value);
    QFETCH(int, examples);
    const HealthFinding* summary = summaryOf(report_, kind, check);
    QVERIFY2(summary, qPrintable(kind + u'/' + check));
    QCOMPARE(summary->severity, severity);
    QCOMPARE(summary->value, value);
    QVERIFY(!summary->message.isEmpty());
    const auto listed = examplesOf(report_, kind, check);
    QCOMPARE(static_cast<int>(listed.size()), examples);
    for (const HealthFinding* example : listed) {
        QCOMPARE(example->severity, severity);
        QVERIFY(!example->subject.isEmpty());
        QVERIFY(!example->message.isEmpty());
    }
}

void TestHealthReport::worstExamplesComeFirst_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("check");
    QTest::addColumn<QString>("subject");
    QTest::addColumn<double>("value");

    QTest::newRow("most missing weeks") << "sales"
                                        << "gaps"
                                        << "product P1 at store S2" << 3.0;
    QTest::newRow("stale series") << "sales"
                                  << "stale_series"
                                  << "product P2 at store S2"
                                  << static_cast<double>(kLastWeek - 10);
    QTest::newRow("outlier price") << "sales"
                                   << "price_outlier"
                                   << "product P1 at store S1" << 30.0;
    QTest::newRow("most negative units") << "sales"
                                         << "negative_units"
                                         << "product P2 at store S1" << -2.0;
    QTest::newRow("first zero price") << "sales"
                                      << "zero_price"
                                      << "product P3 at store S1" << 0.0;
    QTest::newRow("no regular price") << "products"
                                      << "no_regular_price"
                                      << "product P3" << static_cast<double>(seriesRows("P3"));
    QTest::newRow("most frequent unknown product") << "baskets"
                                                   << "unknown_reference"
                                                   << "product P9" << 2.0;
    QTest::newRow("repeated basket line") << "baskets"
                                          << "duplicates"
                                          << "basket B1" << 3.0;
    QTest::newRow("repeated path") << "paths"
                                   << "duplicates"
                                   << "shopper H1" << 3.0;
    QTest::newRow("unknown customer") << "campaign"
                                      << "unknown_reference"
                                      << "customer C7" << 2.0;
    QTest::newRow("negative stock") << "inventory"
                                    << "negative_stock"
                                    << "product P2 at store S1" << -3.0;
    QTest::newRow("unknown offer target") << "offers"
                                          << "unknown_reference"
                                          << "offer O2" << 1.0;
}

void TestHealthReport::worstExamplesComeFirst() {
    QFETCH(QString, kind);
    QFETCH(QString, check);
    QFETCH(QString, subject);
    QFETCH(double, value);
    const auto listed = examplesOf(report_, kind, check);
    QVERIFY(!listed.empty());
    QCOMPARE(listed.front()->subject, subject);
    QCOMPARE(listed.front()->value, value);
}

void TestHealthReport::consentShare() {
    const TableRows& customers = data_.at("customers");
    const auto index = customers.columns.indexOf("consent_offers");
    const auto without = std::count_if(customers.rows.begin(), customers.rows.end(),
                                       [&](const QVariantList& row) { return row[index] != 1; });
    const HealthFinding* finding = summaryOf(report_, "customers", "consent");
    QVERIFY(finding);
    QCOMPARE(finding->severity, Severity::Info);
    QCOMPARE(finding->value,
             static_cast<double>(without) / static_cast<double>(customers.rows.size()));
    QVERIFY2(finding->message.contains(
                 QStringLiteral("%1 of %2").arg(without).arg(customers.rows.size())),
             qPrintable(finding->message));
}

void TestHealthReport::severitiesAndSummaryCounts() {
    std::set<QString> problems;
    qint64 warnings = 0;
    for (const HealthFinding& finding : report_.findings) {
        if (finding.example)
            continue;
        if (finding.severity == Severity::Problem)
            problems.insert(finding.kind + u'/' + finding.check);
        if (finding.severity == Severity::Warning)
            ++warnings;
    }
    const std::set<QString> expected{"sales/zero_price", "sales/negative_units",
                                     "inventory/negative_stock"};
    QCOMPARE(problems, expected);
    QCOMPARE(report_.count(Severity::Problem), static_cast<qint64>(expected.size()));
    QCOMPARE(report_.count(Severity::Warning), warnings);
    // Problems are listed first.
    QCOMPARE(report_.findings.front().severity, Severity::Problem);
    QVERIFY(std::is_sorted(
        report_.findings.begin(), report_.findings.end(),
        [](const HealthFinding& a, const HealthFinding& b) { return a.severity > b.severity; }));
}

void TestHealthReport::jsonShape() {
    const QJsonObject json = report_.toJson();
    QCOMPARE(json.keys(), (QStringList{"findings", "kinds", "summary"}));
    const QJsonObject kinds = json.value("kinds").toObject();
    QCOMPARE(kinds.size(), static_cast<qsizetype>(allKinds().size()));
    const QStringList numbers{"rows",         "series",         "series_with_gaps", "missing_weeks",
                              "stale_series", "missing_values", "duplicates",       "outliers",
                              "zero_prices",  "negative_units"};
    for (const KindSpec& spec : allKinds()) {
        const QJsonObject kind = kinds.value(spec.name).toObject();
        QVERIFY2(!kind.isEmpty(), qPrintable(spec.name));
        for (const QString& key : numbers)
            QVERIFY2(kind.value(key).isDouble(), qPrintable(key));
        const bool dated = !report_.kind(spec.name)->firstDate.isEmpty();
        QCOMPARE(kind.value("first_date").isString(), dated);
        QCOMPARE(kind.value("last_date").isString(), dated);
        QCOMPARE(kind.value("first_date").isNull(), !dated);
    }
    const QJsonArray findings = json.value("findings").toArray();
    QCOMPARE(findings.size(), static_cast<qsizetype>(report_.findings.size()));
    const QStringList severities{"info", "warning", "problem"};
    qint64 problems = 0, warnings = 0;
    for (const QJsonValue& value : findings) {
        const QJsonObject finding = value.toObject();
        for (const char* key : {"severity", "kind", "check", "subject", "message"}) {
            QVERIFY2(finding.value(key).isString(), key);
        }
        QVERIFY(finding.value("value").isDouble());
        QVERIFY(finding.value("example").isBool());
        QVERIFY(severities.contains(finding.value("severity").toString()));
        if (finding.value("example").toBool())
            continue;
        problems += finding.value("severity").toString() == u"problem";
        warnings += finding.value("severity").toString() == u"warning";
    }
    const QJsonObject summary = json.value("summary").toObject();
    QCOMPARE(summary.value("problems").toInteger(), problems);
    QCOMPARE(summary.value("warnings").toInteger(), warnings);
    QVERIFY(problems > 0 && warnings > 0);
}

void TestHealthReport::jsonFigures_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("figure");

    const std::pair<const char*, const char*> keys[] = {
        {"rows", "rows"},
        {"series", "series"},
        {"series_with_gaps", "seriesWithGaps"},
        {"missing_weeks", "missingWeeks"},
        {"stale_series", "staleSeries"},
        {"missing_values", "missingValues"},
        {"duplicates", "duplicates"},
        {"outliers", "outliers"},
        {"zero_prices", "zeroPrices"},
        {"negative_units", "negativeUnits"},
        {"unknown_references", "unknownReferences"}};
    for (const char* kind : {"sales", "baskets", "inventory", "offers"}) {
        for (const auto& [key, figure] : keys) {
            QTest::addRow("%s.%s", kind, key) << kind << key << figure;
        }
    }
}

void TestHealthReport::jsonFigures() {
    QFETCH(QString, kind);
    QFETCH(QString, key);
    QFETCH(QString, figure);
    const QJsonObject json = report_.toJson().value("kinds").toObject().value(kind).toObject();
    QCOMPARE(json.value(key).toInteger(-1), figureOf(*report_.kind(kind), figure));
}

void TestHealthReport::examplesAreCapped_data() {
    QTest::addColumn<int>("products");
    QTest::newRow("fewer than the cap") << 7;
    QTest::newRow("more than the cap") << 45;
}

// Each product's only series skips a week and has one zero price, so every check has as many
// cases as products.
void TestHealthReport::examplesAreCapped() {
    QFETCH(int, products);
    constexpr int kCap = 20;
    std::map<QString, TableRows> data;
    data["stores"] = {{"store"}, {{"S1"}}};
    data["products"] = {{"product", "regular_price"}, {}};
    data["sales"] = {{"product", "store", "week", "units", "price"}, {}};
    for (int p = 0; p < products; ++p) {
        const QString product = QStringLiteral("P%1").arg(p, 3, 10, QLatin1Char('0'));
        data["products"].rows.append({product, 5.0});
        for (int week = 0; week < 6; ++week) {
            if (week == 2)
                continue;
            data["sales"].rows.append({product, "S1", monday(week), 1.0, week == 4 ? 0.0 : 5.0});
        }
    }
    QTemporaryDir dir;
    auto project = createProject(dir.filePath("capped.merchbench"), data);
    const HealthReport report = checkHealth(*project);
    for (const char* check : {"gaps", "zero_price"}) {
        const HealthFinding* summary = summaryOf(report, "sales", check);
        QVERIFY2(summary, check);
        QCOMPARE(summary->value, static_cast<double>(products));
        QCOMPARE(static_cast<int>(examplesOf(report, "sales", check).size()),
                 std::min(products, kCap));
    }
    QCOMPARE(report.kind("sales")->missingWeeks, static_cast<qint64>(products));
}

void TestHealthReport::emptyProject() {
    QTemporaryDir dir;
    auto project = Project::open(dir.filePath("empty.merchbench"));
    const HealthReport report = checkHealth(*project);
    QCOMPARE(report.kinds.size(), allKinds().size());
    for (const KindHealth& kind : report.kinds) {
        for (const char* figure :
             {"rows", "series", "seriesWithGaps", "missingWeeks", "staleSeries", "missingValues",
              "duplicates", "outliers", "zeroPrices", "negativeUnits", "unknownReferences",
              "revenueMismatches", "missingRegularPrice"}) {
            QVERIFY2(figureOf(kind, figure) == 0, qPrintable(kind.kind + u'.' + figure));
        }
        QVERIFY(kind.firstDate.isEmpty() && kind.lastDate.isEmpty());
    }
    QVERIFY(report.findings.empty());
    const QJsonObject summary = report.toJson().value("summary").toObject();
    QCOMPARE(summary.value("problems").toInteger(-1), 0);
    QCOMPARE(summary.value("warnings").toInteger(-1), 0);
}

void TestHealthReport::doesNotWriteTheProject() {
    sqlite3* observer = nullptr;
    QCOMPARE(sqlite3_open_v2(project_->path().toUtf8().constData(), &observer, SQLITE_OPEN_READONLY,
                             nullptr),
             SQLITE_OK);
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> closer(observer, sqlite3_close);
    const auto dataVersion = queryInt(observer, "PRAGMA data_version");
    const auto changes = sqlite3_total_changes64(project_->db());
    const QByteArray checksum = databaseChecksum(project_->db());

    const HealthReport again = checkHealth(*project_);

    QCOMPARE(queryInt(observer, "PRAGMA data_version"), dataVersion);
    QCOMPARE(sqlite3_total_changes64(project_->db()), changes);
    QCOMPARE(databaseChecksum(project_->db()), checksum);
    QCOMPARE(sqlite3_get_autocommit(project_->db()), 1);  // no transaction left open
    QVERIFY(again.toJson() == report_.toJson());          // and the same answer twice

    // The observer would have seen a commit by the project's connection.
    exec(project_->db(), "INSERT INTO settings(key, value) VALUES('health-test', '1')");
    QVERIFY(queryInt(observer, "PRAGMA data_version") != dataVersion);
    exec(project_->db(), "DELETE FROM settings WHERE key = 'health-test'");
}

void TestHealthReport::priceSpreadOfPrices_data() {
    QTest::addColumn<QList<double>>("prices");
    QTest::addColumn<double>("median");
    QTest::addColumn<double>("mad");  // unscaled median absolute deviation

    QTest::newRow("one price") << QList<double>{7} << 7.0 << 0.0;
    QTest::newRow("odd count") << QList<double>{3, 1, 2} << 2.0 << 1.0;
    QTest::newRow("even count") << QList<double>{4, 1, 3, 2} << 2.5 << 1.0;
    QTest::newRow("equal prices") << QList<double>{5, 5, 5, 9} << 5.0 << 0.0;
    QTest::newRow("two levels") << QList<double>{4, 12, 4, 12, 4, 12, 20, 4} << 8.0 << 4.0;
    QTest::newRow("none") << QList<double>{} << 0.0 << 0.0;
}

void TestHealthReport::priceSpreadOfPrices() {
    QFETCH(QList<double>, prices);
    QFETCH(double, median);
    QFETCH(double, mad);
    const PriceSpread spread = priceSpread(std::vector<double>(prices.begin(), prices.end()));
    QCOMPARE(spread.median, median);
    QCOMPARE(spread.scaledMad, 1.4826 * mad);
}

void TestHealthReport::outlierRule_data() {
    QTest::addColumn<QList<double>>("prices");
    QTest::addColumn<double>("price");
    QTest::addColumn<bool>("outlier");

    const QList<double> steady{10, 10, 10, 10, 10, 10, 10};
    const QList<double> twoLevels{4, 12, 4, 12, 4, 12, 4, 12};  // median 8, scaled MAD 5.93
    QTest::newRow("three times the usual price") << steady << 30.0 << true;
    QTest::newRow("40% above a steady price") << steady << 14.0 << false;
    QTest::newRow("exactly 50% above") << steady << 15.0 << false;
    QTest::newRow("just over 50% above") << steady << 15.01 << true;
    QTest::newRow("less than half the usual price") << steady << 4.0 << true;
    QTest::newRow("the usual price") << steady << 10.0 << false;
    QTest::newRow("150% above but within 3 MADs") << twoLevels << 20.0 << false;
    QTest::newRow("beyond 3 MADs and 50%") << twoLevels << 26.0 << true;
    QTest::newRow("no usual price") << QList<double>{} << 5.0 << false;
}

void TestHealthReport::outlierRule() {
    QFETCH(QList<double>, prices);
    QFETCH(double, price);
    QFETCH(bool, outlier);
    const PriceSpread spread = priceSpread(std::vector<double>(prices.begin(), prices.end()));
    QCOMPARE(isPriceOutlier(price, spread), outlier);
}

QTEST_GUILESS_MAIN(TestHealthReport)
#include "tst_healthreport.moc"
