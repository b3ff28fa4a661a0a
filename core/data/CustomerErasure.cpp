#include "data/CustomerErasure.h"

#include "common/Error.h"
#include "data/HeaderedCsv.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <sqlite3.h>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <QSet>
#include <map>

namespace mb::data {

namespace {

// Where a customer id lives. Shopper ids in `paths` are not customer ids (a path is one
// anonymous trip), and products, stores and markdown decisions never name a customer; a
// customer-level run's parameters and summary might, so those are scrubbed, not deleted.
struct Place {
    QString table;
    QString what;
    QString where;  // ?1 is the customer id
    QString scrub;  // the UPDATE's SET clause when the rows stay; empty: the rows go
};

// The analyses whose runs are about customers: their files and summaries may name one.
const QString kCustomerRuns = QStringLiteral(
    "analysis IN ('target', 'uplift-train', 'customer-features', 'allocate', "
    "'offer-list-export')");

const std::vector<Place>& places() {
    static const std::vector<Place> list{
        {QStringLiteral("customers"),
         QStringLiteral("customers"),
         QStringLiteral("customer = ?1"),
         {}},
        {QStringLiteral("consent_statements"),
         QStringLiteral("consent statements"),
         QStringLiteral("customer = ?1"),
         {}},
        {QStringLiteral("basket_lines"),
         QStringLiteral("basket lines"),
         QStringLiteral("customer = ?1"),
         {}},
        {QStringLiteral("campaign_rows"),
         QStringLiteral("campaign rows"),
         QStringLiteral("customer = ?1"),
         {}},
        {QStringLiteral("decisions"),
         QStringLiteral("offer decisions (recorded offer lists)"),
         // An offer decision's subject is its customer (the payload repeats it).
         QStringLiteral("kind = 'offer' AND subject = ?1"),
         {}},
        {QStringLiteral("runs"),
         QStringLiteral("runs whose parameters or summary name the customer"),
         kCustomerRuns + QStringLiteral(" AND (instr(parameters, json_quote(?1)) > 0 OR "
                                        "instr(summary, json_quote(?1)) > 0)"),
         QStringLiteral("parameters = replace(parameters, json_quote(?1), '\"(erased)\"'), "
                        "summary = replace(summary, json_quote(?1), '\"(erased)\"')")},
    };
    return list;
}

constexpr const char* kKeySetting = "erasure_key";

qint64 countRows(sqlite3* db, const Place& place, const QString& customer) {
    Statement count(db, QStringLiteral("SELECT count(*) FROM %1 WHERE %2")
                            .arg(place.table, place.where)
                            .toStdString());
    count.bind(1, customer);
    count.step();
    return count.int64(0);
}

QString projectKey(sqlite3* db) {
    Statement select(db, "SELECT value FROM settings WHERE key = ?1");
    select.bind(1, std::string_view(kKeySetting));
    return select.step() ? select.text(0) : QString();
}

QString hashWith(const QString& key, const QString& customer) {
    return QString::fromLatin1(QMessageAuthenticationCode::hash(customer.toUtf8(),
                                                                QByteArray::fromHex(key.toLatin1()),
                                                                QCryptographicHash::Sha256)
                                   .toHex());
}

bool alreadyErased(sqlite3* db, const QString& key, const QString& customer) {
    if (key.isEmpty())
        return false;
    Statement select(db, "SELECT 1 FROM erasures WHERE customer_hmac = ?1");
    select.bind(1, hashWith(key, customer));
    return select.step();
}

// The ids (of those asked for) a CSV file lists in any field; the formula-safe writer's leading
// apostrophe is ignored.
QSet<QString> idsInCsv(const QString& path, const QSet<QString>& wanted) {
    QSet<QString> found;
    QFile file(path);
    if (!QFileInfo(path).isFile() || !file.open(QIODevice::ReadOnly))
        return found;  // gone, or replaced by something that is not a file (never read a FIFO)
    CsvReader reader(&file, CsvDialect{});
    CsvRecord record;
    while (found.size() < wanted.size() && reader.next(record)) {
        for (const std::string& field : record.fields) {
            QString text = QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size()));
            if (text.startsWith(QLatin1Char('\'')))
                text.remove(0, 1);
            if (wanted.contains(text))
                found.insert(text);
        }
    }
    return found;
}

// Per customer, the files earlier customer-level runs wrote that name them: a recorded offer
// decision says so, or the file (still on disk) lists the id.
std::map<QString, std::vector<NamingExport>> namingExports(sqlite3* db,
                                                           const QStringList& customers) {
    std::map<QString, std::vector<NamingExport>> result;
    const QSet<QString> wanted(customers.begin(), customers.end());
    Statement runs(db, QStringLiteral("SELECT id, analysis, started_at, "
                                      "json_extract(summary, '$.out'), "
                                      "json_extract(summary, '$.xlsx') FROM runs WHERE %1 "
                                      "AND json_valid(summary) ORDER BY id")
                           .arg(kCustomerRuns)
                           .toStdString());
    Statement offered(db,
                      "SELECT count(*) FROM decisions WHERE run_id = ?1 AND kind = 'offer' "
                      "AND subject = ?2");
    std::map<QString, QSet<QString>> listedByFile;
    while (runs.step()) {
        QStringList paths;
        for (int column : {3, 4})
            if (!runs.isNull(column) && !runs.text(column).isEmpty())
                paths.append(runs.text(column));
        if (paths.isEmpty())
            continue;
        const QString csvPath = paths.front();
        // A path recorded without its folder (before runs recorded absolute paths) would be
        // read against the current folder: another file, or none.
        if (!listedByFile.contains(csvPath) && QFileInfo(csvPath).isAbsolute())
            listedByFile[csvPath] = idsInCsv(csvPath, wanted);
        for (const QString& customer : customers) {
            offered.reset();
            offered.bind(1, static_cast<std::int64_t>(runs.int64(0)));
            offered.bind(2, customer);
            offered.step();
            QString evidence;
            if (offered.int64(0) > 0)
                evidence = QStringLiteral("the run recorded an offer to the customer");
            else if (listedByFile[csvPath].contains(customer))
                evidence = QStringLiteral("the file lists the customer");
            if (evidence.isEmpty())
                continue;
            for (const QString& path : paths) {
                result[customer].push_back(NamingExport{
                    customer, runs.int64(0), runs.text(1), runs.text(2), path,
                    QFileInfo(path).isAbsolute() && QFileInfo::exists(path), evidence});
            }
        }
    }
    return result;
}

QJsonArray exportsJson(const std::vector<NamingExport>& exports) {
    QJsonArray list;
    for (const NamingExport& file : exports) {
        list.append(QJsonObject{{QStringLiteral("customer"), file.customer},
                                {QStringLiteral("run_id"), file.runId},
                                {QStringLiteral("analysis"), file.analysis},
                                {QStringLiteral("started_at"), file.startedAt},
                                {QStringLiteral("path"), file.path},
                                {QStringLiteral("exists"), file.exists},
                                {QStringLiteral("folder_known"), QFileInfo(file.path).isAbsolute()},
                                {QStringLiteral("evidence"), file.evidence}});
    }
    return list;
}

QString compact(const QJsonValue& value) {
    const QJsonDocument document =
        value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    return QString::fromUtf8(document.toJson(QJsonDocument::Compact));
}

}  // namespace

qint64 ErasurePlan::totalRows() const {
    qint64 total = 0;
    for (const ErasureCount& count : counts)
        total += count.rows;
    return total;
}

QJsonObject ErasurePlan::toJson() const {
    QJsonObject rows;
    for (const ErasureCount& count : counts)
        rows.insert(count.table, count.rows);
    return QJsonObject{{QStringLiteral("customers"), QJsonArray::fromStringList(customers)},
                       {QStringLiteral("unknown"), QJsonArray::fromStringList(unknown)},
                       {QStringLiteral("rows"), rows},
                       {QStringLiteral("total_rows"), totalRows()},
                       {QStringLiteral("exports"), exportsJson(exports)}};
}

QJsonObject ErasureResult::toJson() const {
    QJsonObject object = plan.toJson();
    object.insert(QStringLiteral("erased_at"), erasedAt);
    object.insert(QStringLiteral("audit_hashes"), QJsonArray::fromStringList(auditHashes));
    object.insert(QStringLiteral("wal_truncated"), walTruncated);
    object.insert(QStringLiteral("warnings"), QJsonArray::fromStringList(warnings));
    return object;
}

ErasurePlan planErasure(const Project& project, const QStringList& customers) {
    ErasurePlan plan;
    for (const QString& customer : customers) {
        const QString id = customer.trimmed();
        if (!id.isEmpty() && !plan.customers.contains(id))
            plan.customers.append(id);
    }
    if (plan.customers.isEmpty())
        throw Error(QStringLiteral("No customer id to erase."));
    sqlite3* db = project.db();
    for (const Place& place : places()) {
        ErasureCount count{place.table, place.what, 0, !place.scrub.isEmpty()};
        plan.counts.push_back(count);
    }
    for (const QString& customer : plan.customers) {
        qint64 found = 0;
        for (std::size_t i = 0; i < places().size(); ++i) {
            const qint64 rows = countRows(db, places()[i], customer);
            plan.counts[i].rows += rows;
            found += places()[i].scrub.isEmpty() ? rows : 0;
        }
        if (found == 0)
            plan.unknown.append(customer);
    }
    for (auto& [customer, exports] : namingExports(db, plan.customers))
        for (NamingExport& file : exports)
            plan.exports.push_back(std::move(file));
    return plan;
}

QString erasureHash(Project& project, const QString& customer) {
    sqlite3* db = project.db();
    QString key = projectKey(db);
    if (key.isEmpty()) {
        QByteArray bytes(32, Qt::Uninitialized);
        QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
        key = QString::fromLatin1(bytes.toHex());
        Statement insert(db, "INSERT INTO settings(key, value) VALUES(?1, ?2)");
        insert.bind(1, std::string_view(kKeySetting));
        insert.bind(2, key);
        insert.step();
    }
    return hashWith(key, customer);
}

ErasureResult eraseCustomers(Project& project, const QStringList& customers) {
    sqlite3* db = project.db();
    ErasureResult result;
    result.plan = planErasure(project, customers);
    // An id erased before (its pages perhaps not yet rewritten) is not unknown: asking again
    // finishes the rewrite.
    const QString key = projectKey(db);
    QStringList unknown;
    QStringList again;
    for (const QString& customer : result.plan.unknown)
        (alreadyErased(db, key, customer) ? again : unknown).append(customer);
    if (!unknown.isEmpty()) {
        throw Error(QStringLiteral("Unknown customer %1: no customer, basket line, campaign row "
                                   "or offer decision has this id; nothing was erased.")
                        .arg(unknown.join(QStringLiteral(", "))));
    }
    for (const QString& customer : again)
        result.warnings.append(
            QStringLiteral("customer %1 was erased before; the file is rewritten again")
                .arg(customer));

    result.erasedAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    // Freed pages are overwritten with zeros, so the ids are gone even before VACUUM.
    exec(db, "PRAGMA secure_delete = ON");
    try {
        Transaction transaction(db);
        Statement audit(db,
                        "INSERT INTO erasures(customer_hmac, erased_at, rows_removed, exports, "
                        "program_version) VALUES(?1, ?2, ?3, ?4, ?5)");
        for (const QString& customer : result.plan.customers) {
            if (again.contains(customer))
                continue;
            QJsonObject removed;
            for (const Place& place : places()) {
                const QString sql =
                    place.scrub.isEmpty()
                        ? QStringLiteral("DELETE FROM %1 WHERE %2").arg(place.table, place.where)
                        : QStringLiteral("UPDATE %1 SET %2 WHERE %3")
                              .arg(place.table, place.scrub, place.where);
                Statement change(db, sql.toStdString());
                change.bind(1, customer);
                change.step();
                removed.insert(place.table, sqlite3_changes64(db));
            }
            QJsonArray paths;
            for (const NamingExport& file : result.plan.exports)
                if (file.customer == customer)
                    paths.append(file.path);
            const QString hash = erasureHash(project, customer);
            result.auditHashes.append(hash);
            audit.reset();
            audit.bind(1, hash);
            audit.bind(2, result.erasedAt);
            audit.bind(3, compact(removed));
            audit.bind(4, compact(paths));
            audit.bind(5, QStringLiteral(MERCHBENCH_VERSION));
            audit.step();
        }
        transaction.commit();
    } catch (const Error& error) {
        throw Error(QStringLiteral("Nothing was erased (%1).").arg(error.message()));
    }
    // Rewrite the file so no free page, index page or WAL frame still holds an id.
    try {
        exec(db, "VACUUM");
        Statement checkpoint(db, "PRAGMA wal_checkpoint(TRUNCATE)");
        result.walTruncated = checkpoint.step() && checkpoint.int64(0) == 0;
    } catch (const Error& error) {
        throw Error(QStringLiteral("The customers were erased, but the project file could not be "
                                   "rewritten (%1), so its free pages may still hold their ids. "
                                   "Free some space and run the same erase command again.")
                        .arg(error.message()));
    }
    if (!result.walTruncated) {
        result.warnings.append(
            QStringLiteral("another program has the project open, so its -wal file may still "
                           "hold the erased ids until that program closes it"));
    }
    return result;
}

QStringList erasedCustomersIn(const Project& project, const QString& table, qint64 importId) {
    sqlite3* db = project.db();
    QStringList erased;
    const QString key = projectKey(db);
    if (key.isEmpty() || queryInt(db, "SELECT count(*) FROM erasures") == 0)
        return erased;
    QSet<QString> hashes;
    {
        Statement select(db, "SELECT customer_hmac FROM erasures");
        while (select.step())
            hashes.insert(select.text(0));
    }
    Statement customers(db, QStringLiteral("SELECT DISTINCT customer FROM %1 WHERE import_id = ?1 "
                                           "AND customer IS NOT NULL ORDER BY customer")
                                .arg(table)
                                .toStdString());
    customers.bind(1, static_cast<std::int64_t>(importId));
    while (customers.step()) {
        const QString customer = customers.text(0);
        if (hashes.contains(hashWith(key, customer)))
            erased.append(customer);
    }
    return erased;
}

QStringList readCustomerIds(const QString& path) {
    HeaderedCsv csv(path);
    int column = csv.column(QStringLiteral("customer_id"), false);
    if (column < 0)
        column = csv.column(QStringLiteral("customer"), true);
    QStringList ids;
    while (csv.next()) {
        const std::string_view field = csv.field(column);
        const QString id =
            QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size())).trimmed();
        if (!id.isEmpty())
            ids.append(id);
    }
    return ids;
}

}  // namespace mb::data
