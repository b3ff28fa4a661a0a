#include "data/HealthReport.h"

#include "data/Project.h"
#include "data/Sqlite.h"
#include "data/health/HealthCheck.h"

#include <sqlite3.h>
#include <QJsonArray>
#include <algorithm>
#include <utility>

namespace mb::data {

namespace {

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

}  // namespace

// The checks live in data/health/, one file per subject.
HealthReport checkHealth(const Project& project) {
    using namespace health;
    HealthCheck check;
    check.db = project.db();
    ReadSnapshot snapshot(check.db);
    countRows(check);
    scanColumns(check);
    const std::vector<SoldProduct> soldWithoutRegularPrice = checkSalesSeries(check);
    countStockAndTrafficSeries(check);
    checkSalesRows(check);
    checkBasketRows(check);
    checkPriceOutliers(check);
    checkRegularPrices(check, soldWithoutRegularPrice);
    checkBasketDuplicates(check);
    checkPathDuplicates(check);
    checkBasketProducts(check);
    checkOffers(check);
    checkCampaignCustomers(check);
    checkStock(check);
    checkConsent(check);
    // Problems first; a check's examples keep following its summary.
    std::vector<HealthFinding>& findings = check.report.findings;
    std::stable_sort(
        findings.begin(), findings.end(),
        [](const HealthFinding& a, const HealthFinding& b) { return a.severity > b.severity; });
    return std::move(check.report);
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
