#pragma once

#include "data/HealthReport.h"

#include <QString>
#include <cstddef>
#include <string>
#include <vector>

struct sqlite3;

namespace mb::data::health {

constexpr size_t kMaxExamples = 20;  // worst cases listed per check; the rest are only counted

// One run of the data-health check: the project database it reads and the report it fills.
// Every check below adds its figures to `report.kinds` and its findings to `report.findings`.
struct HealthCheck {
    sqlite3* db = nullptr;
    HealthReport report;

    KindHealth& health(const QString& kind);  // added on first use
    KindHealth& health(const char* kind) { return health(QString::fromLatin1(kind)); }
    void add(Severity severity, const char* kind, const char* check, const QString& subject,
             const QString& message, double value, bool example = false);
    void addExample(Severity severity, const char* kind, const char* check, const QString& subject,
                    const QString& message, double value) {
        add(severity, kind, check, subject, message, value, true);
    }
};

// A product that sold, with how many sales rows it has, none of them giving a regular price.
struct SoldProduct {
    std::string product;
    qint64 salesRows = 0;
};

// The checks, in the order checkHealth runs them; that order is the order of the findings within
// a severity. countRows runs first: it adds every kind, so the others may hold on to a
// KindHealth& while they work.
void countRows(HealthCheck& check);
void scanColumns(HealthCheck& check);  // missing values and date coverage
// Gaps and stale series; returns the products whose sales never give a regular price.
std::vector<SoldProduct> checkSalesSeries(HealthCheck& check);
void countStockAndTrafficSeries(HealthCheck& check);
void checkSalesRows(HealthCheck& check);   // zero prices, negative units, revenue mismatches
void checkBasketRows(HealthCheck& check);  // negative quantities (returns) and zero prices
void checkPriceOutliers(HealthCheck& check);
void checkRegularPrices(HealthCheck& check,
                        const std::vector<SoldProduct>& soldWithoutRegularPrice);
void checkBasketDuplicates(HealthCheck& check);
void checkPathDuplicates(HealthCheck& check);
void checkBasketProducts(HealthCheck& check);
void checkOffers(HealthCheck& check);
void checkCampaignCustomers(HealthCheck& check);
void checkStock(HealthCheck& check);
void checkConsent(HealthCheck& check);

}  // namespace mb::data::health
