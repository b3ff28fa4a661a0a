#include "data/ConsentStatements.h"

#include "data/Sqlite.h"

namespace mb::data {

namespace {

void recordStated(sqlite3* db, const ConsentImport& import, const char* purpose,
                  const char* column) {
    Statement insert(db, QStringLiteral("INSERT INTO consent_statements(customer, purpose, "
                                        "consent, as_of, import_id, line) "
                                        "SELECT customer, '%1', %2, %3, "
                                        "import_id, line FROM customers "
                                        "WHERE import_id = ?2 AND %2 IS NOT NULL")
                             .arg(QLatin1String(purpose), QLatin1String(column),
                                  // A stored date of an earlier file says nothing about this one.
                                  import.dated ? QLatin1String("COALESCE(consent_date, ?1)")
                                               : QLatin1String("?1"))
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

std::int64_t recordConsentStatements(sqlite3* db, const ConsentImport& import) {
    // A file imported again replaced its earlier import; that import's statements go with it.
    exec(db,
         "DELETE FROM consent_statements WHERE import_id IS NOT NULL "
         "AND import_id NOT IN (SELECT id FROM imports)");
    if (import.statesOffers)
        recordStated(db, import, "offers", "consent_offers");
    if (import.statesEmail)
        recordStated(db, import, "email", "consent_email");
    if (!import.snapshot) {
        // Only the customers in the file had their flags overwritten by the import.
        applyLatestConsent(db, import.importId);
        return 0;
    }
    const QString asOf = snapshotAsOf(db, import);
    for (const char* purpose : {"offers", "email"}) {
        Statement absent(db, QStringLiteral("INSERT INTO consent_statements(customer, purpose, "
                                            "consent, as_of, import_id) "
                                            "SELECT customer, '%1', 0, ?1, ?2 FROM customers "
                                            "WHERE import_id IS NOT ?2")
                                 .arg(QLatin1String(purpose))
                                 .toStdString());
        absent.bind(1, asOf);
        absent.bind(2, import.importId);
        absent.step();
    }
    // Customers the file leaves out who consent to anything, before and after.
    Statement consenting(db,
                         "SELECT count(*) FROM customers WHERE import_id IS NOT ?1 AND "
                         "(consent_offers = 1 OR consent_email = 1)");
    auto countConsenting = [&] {
        consenting.reset();
        consenting.bind(1, import.importId);
        consenting.step();
        return consenting.int64(0);
    };
    const std::int64_t before = countConsenting();
    applyLatestConsent(db);
    return before - countConsenting();
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
