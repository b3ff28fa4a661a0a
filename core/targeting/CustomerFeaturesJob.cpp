#include "targeting/CustomerFeaturesJob.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "data/ValueParser.h"
#include "jobs/ReadSnapshot.h"
#include "jobs/RecordedRun.h"
#include "jobs/RequestReader.h"

#include <QJsonArray>
#include <cmath>

namespace mb::targeting {

namespace {

const QString kAnalysis = QStringLiteral("customer-features");

// Mean of a column over the customers where it is known; null when nowhere.
QJsonValue columnMean(const CustomerFeatureTable& table, Eigen::Index column) {
    double total = 0.0;
    int known = 0;
    for (Eigen::Index r = 0; r < table.values.rows(); ++r) {
        if (std::isfinite(table.values(r, column))) {
            total += table.values(r, column);
            ++known;
        }
    }
    return known > 0 ? QJsonValue(total / known) : QJsonValue(QJsonValue::Null);
}

}  // namespace

QJsonObject CustomerFeaturesRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("as_of"), asOf.isEmpty() ? QJsonValue() : QJsonValue(asOf));
    return json;
}

CustomerFeaturesRequest CustomerFeaturesRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    CustomerFeaturesRequest request;
    request.asOf = reader.date("as_of");
    reader.finish();
    return request;
}

std::optional<std::int32_t> CustomerFeaturesRequest::asOfDay() const {
    if (asOf.isEmpty())
        return std::nullopt;
    const auto date = data::parseDateTime(asOf.toStdString(), data::DateOrder::Iso);
    if (!date)
        throw Error(QStringLiteral("as_of: expected a date such as 2024-07-29 (%1)").arg(asOf));
    return date->days;
}

CustomerFeaturesInputs loadCustomerFeatures(data::Project& project,
                                            const CustomerFeaturesRequest& request) {
    const jobs::ReadSnapshot snapshot(project);
    CustomerFeaturesInputs inputs;
    inputs.request = request;
    inputs.fingerprint = snapshot.fingerprint();
    inputs.history = loadCustomerPurchaseHistory(project, request.asOfDay());
    // An empty table is not an answer: say what is missing instead.
    const bool anyCustomer =
        !inputs.history.lines.empty() ||
        data::queryInt(project.db(),
                       "SELECT EXISTS(SELECT 1 FROM basket_lines WHERE customer <> '')") != 0;
    if (!anyCustomer)
        throw Error(QStringLiteral("%1: no basket line names a customer: import baskets with "
                                   "a customer column (customer, CustomerID, ...)")
                        .arg(project.path()));
    return inputs;
}

CustomerFeaturesResult computeCustomerFeaturesResult(const CustomerFeaturesInputs& inputs,
                                                     ProgressToken& progress,
                                                     MemoryBudget* budget) {
    CustomerFeaturesResult result;
    result.provenance.analysis = kAnalysis;
    result.provenance.request = inputs.request.toJson();
    result.provenance.inputFingerprint = inputs.fingerprint;
    result.table =
        computeCustomerFeatures(inputs.history, inputs.request.asOfDay(), &progress, budget);
    jobs::throwIfCancelled(progress);
    result.basketLines = static_cast<qint64>(inputs.history.lines.size());
    if (result.table.customers.empty())
        throw Error(QStringLiteral("no customer bought anything before %1 (%2 return lines "
                                   "before it): choose a later --as-of")
                        .arg(data::formatIsoDate(result.table.asOfDay))
                        .arg(result.table.returnLines));
    return result;
}

QJsonObject customerFeaturesSummary(const CustomerFeaturesResult& result) {
    const CustomerFeatureTable& table = result.table;
    QJsonObject means;
    for (std::size_t c = 0; c < table.columns.size(); ++c)
        means.insert(QString::fromStdString(table.columns[c]),
                     columnMean(table, static_cast<Eigen::Index>(c)));
    QJsonArray categories;
    for (const std::string& category : table.categories)
        categories.append(QString::fromStdString(category));
    return QJsonObject{
        {QStringLiteral("as_of"), data::formatIsoDate(table.asOfDay)},
        {QStringLiteral("basket_lines"), result.basketLines},
        {QStringLiteral("customers"), qint64(table.customers.size())},
        {QStringLiteral("purchase_baskets"), qint64(table.purchaseBaskets)},
        {QStringLiteral("return_lines"), qint64(table.returnLines)},
        {QStringLiteral("customers_with_only_returns"), qint64(table.onlyReturnCustomers)},
        {QStringLiteral("monetary"), QStringLiteral("net of returns")},
        {QStringLiteral("columns"), qint64(table.columns.size())},
        {QStringLiteral("categories"), categories},
        {QStringLiteral("means"), means}};
}

jobs::JobOutcome runCustomerFeaturesJob(const QJsonObject& json, jobs::JobContext& caller,
                                        MemoryBudget* budget) {
    if (!caller.project)
        throw Error(QStringLiteral("a customer-features request needs a project (--project)"));
    // The run is provenance (and the file's path for erasure): a read-only project still
    // computes.
    jobs::JobContext context = caller;
    context.recording = jobs::RunRecorder::Recording::WhenWritable;
    const CustomerFeaturesInputs inputs =
        loadCustomerFeatures(*context.project, CustomerFeaturesRequest::fromJson(json));
    jobs::Provenance provenance;
    provenance.analysis = kAnalysis;
    provenance.request = inputs.request.toJson();
    provenance.inputFingerprint = inputs.fingerprint;
    const QString out = context.outputs.value(QStringLiteral("out"));
    return jobs::computeAndRecord(
        context, provenance,
        [&](ProgressToken& progress) {
            return computeCustomerFeaturesResult(inputs, progress, budget);
        },
        [&](const CustomerFeaturesResult& result, jobs::RunRecorder& recorder,
            jobs::JobOutcome& outcome) {
            outcome.summary = customerFeaturesSummary(result);
            outcome.summary.insert(QStringLiteral("project"), context.project->path());
            if (!out.isEmpty()) {
                writeCustomerFeaturesCsv(out, result.table);
                outcome.summary.insert(QStringLiteral("out"), out);
                outcome.files << out;
            }
            outcome.summary.insert(QStringLiteral("run_id"), recorder.idJson());
        });
}

}  // namespace mb::targeting
