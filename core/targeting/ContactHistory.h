#pragma once

#include <QDate>
#include <QHash>
#include <QString>
#include <QStringView>
#include <cstdint>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::targeting {

// Contacts a customer already had (offers sent, mails, calls), each on a day when known.
struct ContactRecord {
    QString customer;
    QDate date;  // invalid: undated, so it only counts when no period is asked for
    int contacts = 1;
};

// Which contacts count against a contact cap: those with asOf - periodDays < date <= asOf, or
// every contact when periodDays < 0 (but none dated after asOf when it is given).
struct ContactWindow {
    int periodDays = -1;
    QDate asOf;
};

// Contacts counted per customer, with where they came from.
struct ContactCount {
    QHash<QString, int> perCustomer;
    QDate asOf;  // the window's end actually used (invalid without a period or an as-of day)
    std::int64_t fromHistory = 0;  // contacts from the history file inside the window
    std::int64_t fromProject = 0;  // offers recorded in the project inside the window
};

// "2025-03-01", "2025-03-01T09:30:00Z", "2025-03-01 09:30" and the like: the day as written
// (no time zone conversion, so a contact stays on the day the sending system logged it).
// Invalid when the text is no ISO date or datetime.
QDate contactDay(QStringView text);

bool inWindow(const QDate& date, const ContactWindow& window);

// The latest dated contact; invalid when none is dated.
QDate latestContactDate(const std::vector<ContactRecord>& records);

// Contacts per customer inside the window, saturating at 10^9. A window without asOf takes the
// latest date across `history` and `project` (today's date would make runs unrepeatable).
ContactCount countContacts(const std::vector<ContactRecord>& history,
                           const std::vector<ContactRecord>& project, ContactWindow window);

// customer (required), contacts (optional, default 1 per row) and the contact's day from a
// column date, contacted_at or time (optional unless datesRequired). Throws mb::Error as
// file:line:column: message (value) on a bad row, or on a missing day column when datesRequired.
std::vector<ContactRecord> readContactRecords(const QString& path, bool datesRequired = false);

// The offers earlier finished `target` runs recorded in this project, each dated by the day its
// run started (UTC); control-group rows are not contacts.
std::vector<ContactRecord> readProjectContacts(const data::Project& project);

// customer[, contacts] summed per customer, every row counted (no period).
QHash<QString, int> readContactHistory(const QString& path);

}  // namespace mb::targeting
