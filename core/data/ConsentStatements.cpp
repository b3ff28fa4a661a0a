#include "data/ConsentStatements.h"

#include "data/Sqlite.h"

namespace mb::data {

namespace {

// The date a snapshot's statement about a customer (of `purpose`, stated as of `date`) takes.
// A later statement keeps its place only when it carries its own date; one dated by its import
// time (as_of = imported_at) was exported at some unknown earlier time, so the current full
// list overrides it, as of this import (`importTime`). ?2 is the snapshot's import id.
QString snapshotDate(const char* purpose, const QString& date, const QString& importTime) {
    return QStringLiteral(
               "CASE WHEN EXISTS (SELECT 1 FROM consent_statements s LEFT JOIN "
               "imports i ON i.id = s.import_id WHERE s.customer = customers.customer "
               "AND s.purpose = '%1' AND s.as_of > %2 AND s.as_of IS NOT "
               "i.imported_at AND s.import_id IS NOT ?2) THEN %2 WHEN EXISTS (SELECT 1 "
               "FROM consent_statements s WHERE s.customer = customers.customer AND "
               "s.purpose = '%1' AND s.as_of > %2 AND s.import_id IS NOT ?2) THEN %3 "
               "ELSE %2 END")
        .arg(QLatin1String(purpose), date, importTime);
}

void recordStated(sqlite3* db, const ConsentImport& import, const char* purpose,
                  const char* column) {
    // A stored date of an earlier file says nothing about this one.
    QString asOf = QStringLiteral("?1");
    if (import.dated) {
        asOf = QStringLiteral("CASE WHEN consent_date IS NULL THEN ?1 ELSE %1 END")
                   .arg(import.snapshot ? snapshotDate(purpose, QStringLiteral("consent_date"),
                                                       QStringLiteral("?1"))
                                        : QStringLiteral("consent_date"));
    }
    Statement insert(db, QStringLiteral("INSERT INTO consent_statements(customer, purpose, "
                                        "consent, as_of, import_id, line) "
                                        "SELECT customer, '%1', %2, %3, "
                                        "import_id, line FROM customers "
                                        "WHERE import_id = ?2 AND %2 IS NOT NULL")
                             .arg(QLatin1String(purpose), QLatin1String(column), asOf)
                             .toStdString());
    insert.bind(1, import.importedAt);
    insert.bind(2, import.importId);
    insert.step();
}

// A snapshot speaks as of its newest statement: an old full list imported late must not
// withdraw a consent given after it was exported.
QString snapshotAsOf(sqlite3* db, const ConsentImport& import) {
    if (!import.dated)
        return import.importedAt;
    Statement latest(db, "SELECT max(consent_date) FROM customers WHERE import_id = ?1");
    latest.bind(1, import.importId);
    if (latest.step() && !latest.isNull(0))
        return latest.text(0);
    return import.importedAt;
}

}  // namespace

SnapshotOutcome recordConsentStatements(sqlite3* db, const ConsentImport& import) {
    // A file imported again replaced its earlier import; that import's statements go with it.
    exec(db,
         "DELETE FROM consent_statements WHERE import_id IS NOT NULL "
         "AND import_id NOT IN (SELECT id FROM imports)");
    if (import.statesOffers)
        recordStated(db, import, "offers", "consent_offers");
    if (import.statesEmail)
        recordStated(db, import, "email", "consent_email");
    SnapshotOutcome outcome;
    if (!import.snapshot) {
        // Only the customers in the file had their flags overwritten by the import.
        applyLatestConsent(db, import.importId);
        return outcome;
    }
    outcome.asOf = snapshotAsOf(db, import);
    for (const char* purpose : {"offers", "email"}) {
        Statement absent(db,
                         QStringLiteral("INSERT INTO consent_statements(customer, purpose, "
                                        "consent, as_of, import_id) SELECT customer, '%1', 0, "
                                        "%2, ?2 FROM customers WHERE import_id IS NOT ?2")
                             .arg(QLatin1String(purpose),
                                  snapshotDate(purpose, QStringLiteral("?1"), QStringLiteral("?3")))
                             .toStdString());
        absent.bind(1, outcome.asOf);
        absent.bind(2, import.importId);
        absent.bind(3, import.importedAt);
        absent.step();
    }
    // Emptied, never dropped: DROP waits for every open statement of the import to end.
    exec(db,
         "CREATE TEMP TABLE IF NOT EXISTS snapshot_absent(customer TEXT, consented INTEGER); "
         "DELETE FROM temp.snapshot_absent");
    {
        Statement before(db,
                         "INSERT INTO temp.snapshot_absent SELECT customer, "
                         "(consent_offers = 1 OR consent_email = 1) AS consented FROM customers "
                         "WHERE import_id IS NOT ?1");
        before.bind(1, import.importId);
        before.step();
        applyLatestConsent(db);
        Statement after(db,
                        "SELECT coalesce(sum(a.consented AND NOT (c.consent_offers = 1 OR "
                        "c.consent_email = 1)), 0), coalesce(sum(c.consent_offers = 1 OR "
                        "c.consent_email = 1), 0), coalesce(sum(NOT coalesce(a.consented, 0)), 0), "
                        "coalesce(sum(a.consented AND EXISTS (SELECT 1 FROM consent_statements s "
                        "WHERE s.customer = a.customer AND s.import_id = ?1 AND s.as_of = ?2 AND "
                        "s.as_of IS NOT ?3)), 0) FROM snapshot_absent a JOIN customers c USING "
                        "(customer)");
        after.bind(1, import.importId);
        after.bind(2, import.importedAt);
        after.bind(3, outcome.asOf);
        after.step();
        outcome.withdrawn = after.int64(0);
        outcome.kept = after.int64(1);
        outcome.notConsenting = after.int64(2);
        outcome.withdrawnAtImport = after.int64(3);
    }
    exec(db, "DELETE FROM temp.snapshot_absent");
    Statement restated(db,
                       "SELECT count(DISTINCT s.customer) FROM consent_statements s JOIN customers "
                       "c ON c.customer = s.customer AND c.import_id = ?1 WHERE s.import_id = ?1 "
                       "AND s.line IS NOT NULL AND s.as_of = ?2 AND c.consent_date IS NOT NULL");
    restated.bind(1, import.importId);
    restated.bind(2, import.importedAt);
    restated.step();
    outcome.restatedAtImport = restated.int64(0);
    return outcome;
}

void applyLatestConsent(sqlite3* db, std::int64_t onlyImport) {
    // Ties on the date go to the later import, then the later line.
    const QString latest = QStringLiteral(
        "(SELECT consent, as_of FROM consent_statements s WHERE s.customer = customers.customer "
        "AND s.purpose = '%1' ORDER BY s.as_of DESC, s.import_id DESC, s.id DESC LIMIT 1)");
    Statement update(
        db, QStringLiteral("UPDATE customers SET (consent_offers, consent_offers_as_of) = %1, "
                           "(consent_email, consent_email_as_of) = %2 "
                           "WHERE customer IN (SELECT customer FROM consent_statements) %3")
                .arg(latest.arg(QStringLiteral("offers")), latest.arg(QStringLiteral("email")),
                     onlyImport > 0 ? QStringLiteral("AND import_id = ?1") : QString())
                .toStdString());
    if (onlyImport > 0)
        update.bind(1, onlyImport);
    update.step();
}

}  // namespace mb::data
