#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

namespace mb::data {

class Project;

// Rows that hold a customer's id in one place of the project.
struct ErasureCount {
    QString table;  // the project table
    QString what;   // in the retailer's words: "basket lines", "offer decisions", ...
    qint64 rows = 0;
    bool scrubbed = false;  // the rows stay with the id replaced (runs' parameters and summaries)
};

// A file an earlier run wrote that named the customer: the user has to delete it themselves.
struct NamingExport {
    QString customer;
    qint64 runId = 0;
    QString analysis;
    QString startedAt;
    QString path;
    bool exists = false;  // still on disk at the time of the erasure
    QString evidence;     // why it is listed
};

// What erasing some customers removes, found without changing anything (the confirmation).
struct ErasurePlan {
    QStringList customers;  // the ids asked for, without repeats, in the order given
    QStringList unknown;    // ids found nowhere in the project
    std::vector<ErasureCount> counts;
    std::vector<NamingExport> exports;
    qint64 totalRows() const;
    QJsonObject toJson() const;
};

struct ErasureResult {
    ErasurePlan plan;
    QString erasedAt;
    QStringList auditHashes;    // per customer: the keyed hash the audit table holds
    bool walTruncated = false;  // false: another connection kept the -wal file open
    QStringList warnings;
    QJsonObject toJson() const;
};

// Counts what erasing `customers` would remove. Throws mb::Error when the list is empty.
ErasurePlan planErasure(const Project& project, const QStringList& customers);

// GDPR right to erasure: removes every row that holds the customers' ids (customers, consent
// statements, basket lines, campaign rows, offer decisions, shopper paths with the same id) and
// scrubs the ids from runs' parameters and summaries, in one transaction, records the erasure
// under a keyed hash (HMAC-SHA256 with the project's own random key; never the plain id), then
// rewrites the file (secure_delete, VACUUM, WAL checkpoint and truncate) so no page still holds
// an id. An unknown id is an error that changes nothing. Throws mb::Error.
ErasureResult eraseCustomers(Project& project, const QStringList& customers);

// Customer ids listed in a CSV file with a header: its `customer` (or `customer_id`) column, or
// its only column. Throws mb::Error with file:line:column on a bad file.
QStringList readCustomerIds(const QString& path);

// The customers an import brought in (its rows of `table`: customers, basket_lines or
// campaign_rows) who were erased before, recognised by their keyed hash. Empty at no cost when
// the project never erased anyone. Throws mb::Error.
QStringList erasedCustomersIn(const Project& project, const QString& table, qint64 importId);

// The keyed hash the audit table holds for a customer id, under the project's key (created on
// first use). Throws mb::Error.
QString erasureHash(Project& project, const QString& customer);

}  // namespace mb::data
