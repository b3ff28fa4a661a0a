#pragma once

#include <QString>
#include <cstdint>

struct sqlite3;

namespace mb::data {

// What a customers file stated about consent, for recordConsentStatements.
struct ConsentImport {
    std::int64_t importId = 0;
    QString importedAt;         // ISO time of the import: the as-of date of undated flags
    bool statesOffers = false;  // the file maps consent_offers
    bool statesEmail = false;   // the file maps consent_email
    bool dated = false;         // the file maps consent_date; else its flags are as of the import
    bool snapshot = false;      // the file is the full customer list
};

// What a snapshot did to the customers it leaves out, so the import can say it for each.
struct SnapshotOutcome {
    QString asOf;                        // the snapshot's date: latest consent_date, else import
    std::int64_t withdrawn = 0;          // consented to something before, to nothing now
    std::int64_t withdrawnAtImport = 0;  // of them, overriding an undated statement after asOf
    std::int64_t kept = 0;               // still consent: a dated statement after asOf says so
    std::int64_t notConsenting = 0;      // consented to nothing before either
    std::int64_t restatedAtImport = 0;   // in the file: flags dated by this import, not their
                                         // consent_date (a later undated statement said otherwise)
};

// Records the consent flags a customers import stated as dated statements (the row's
// consent_date, else the import time) and, for a snapshot, a withdrawal for every customer the
// file leaves out, dated by the snapshot (its latest consent_date, else the import time). An
// undated statement is dated only by when it was imported, so it cannot outlast a full list:
// where it is the later one, the snapshot's withdrawal (or its row) is dated by this import. Then
// sets each customer's current flags to their latest statements, so an older file imported later
// never overrides a newer dated statement. Runs inside the import's transaction. Throws mb::Error.
SnapshotOutcome recordConsentStatements(sqlite3* db, const ConsentImport& import);

// Sets every customer's consent_offers / consent_email (and their as-of dates) to the latest
// statement, or only those of one import's rows; customers without statements keep what they
// have. Throws mb::Error.
void applyLatestConsent(sqlite3* db, std::int64_t onlyImport = 0);

}  // namespace mb::data
