#pragma once

#include "jobs/Job.h"
#include "jobs/Provenance.h"
#include "targeting/CustomerFeatures.h"

#include <QJsonObject>
#include <QString>
#include <optional>

namespace mb {
class MemoryBudget;
}
namespace mb::data {
class Project;
}

namespace mb::targeting {

// Everything the customer feature table depends on: the day it is computed as of.
struct CustomerFeaturesRequest {
    QString asOf;  // yyyy-mm-dd; empty: the day after the last dated basket

    QJsonObject toJson() const;
    static CustomerFeaturesRequest fromJson(const QJsonObject& json);  // throws mb::Error
    bool operator==(const CustomerFeaturesRequest&) const = default;

    std::optional<std::int32_t> asOfDay() const;  // days since 1970-01-01
};

struct CustomerFeaturesInputs {
    CustomerFeaturesRequest request;
    QString fingerprint;
    CustomerPurchaseHistory history;
};

// Reads the basket lines with a customer, products and signups before the as-of day inside a
// jobs::ReadSnapshot. Throws mb::Error when no basket line names a customer.
CustomerFeaturesInputs loadCustomerFeatures(data::Project& project,
                                            const CustomerFeaturesRequest& request);

struct CustomerFeaturesResult {
    jobs::Provenance provenance;
    CustomerFeatureTable table;
    qint64 basketLines = 0;  // lines read
};

// The table (pure). Throws MemoryBudgetExceeded over `budget` (none: unlimited), mb::Error when
// no customer bought anything before the as-of day, jobs::Cancelled when cancelled.
CustomerFeaturesResult computeCustomerFeaturesResult(const CustomerFeaturesInputs& inputs,
                                                     ProgressToken& progress,
                                                     MemoryBudget* budget = nullptr);

// Counts, categories and each column's mean over the customers where it is known.
QJsonObject customerFeaturesSummary(const CustomerFeaturesResult& result);

// The `customer-features` job: records the run when the project can be written (its summary
// holds the file's absolute path, so erasing a customer finds it) and writes context.outputs
// ["out"].
jobs::JobOutcome runCustomerFeaturesJob(const QJsonObject& json, jobs::JobContext& caller,
                                        MemoryBudget* budget = nullptr);

}  // namespace mb::targeting
