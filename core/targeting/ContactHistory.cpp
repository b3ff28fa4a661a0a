#include "targeting/ContactHistory.h"

#include "common/Error.h"
#include "data/HeaderedCsv.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QDateTime>
#include <algorithm>
#include <cmath>

namespace mb::targeting {

namespace {

constexpr int kMostContacts = 1000000000;

QString text(std::string_view field) {
    return QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size())).trimmed();
}

void add(QHash<QString, int>& counts, const QString& customer, int contacts) {
    const std::int64_t sum = std::int64_t{counts.value(customer)} + contacts;
    counts[customer] = static_cast<int>(std::min<std::int64_t>(sum, kMostContacts));
}

}  // namespace

QDate contactDay(QStringView text) {
    text = text.trimmed();
    if (text.size() < 10)
        return {};
    const QDate day = QDate::fromString(text.first(10).toString(), Qt::ISODate);
    if (!day.isValid() || text.size() == 10)
        return day;
    const QChar separator = text.at(10);
    if (separator != QLatin1Char('T') && separator != QLatin1Char(' '))
        return {};
    // The time must be a real one too, so "2025-03-01 banana" is not taken for a day.
    const QString datetime =
        text.first(10).toString() + QLatin1Char('T') + text.sliced(11).toString();
    return QDateTime::fromString(datetime, Qt::ISODate).isValid() ? day : QDate();
}

bool inWindow(const QDate& date, const ContactWindow& window) {
    // A contact dated after the as-of day had not happened yet on that day.
    if (window.periodDays < 0)
        return !(window.asOf.isValid() && date.isValid() && date > window.asOf);
    return date.isValid() && window.asOf.isValid() &&
           window.asOf.addDays(-window.periodDays) < date && date <= window.asOf;
}

QDate latestContactDate(const std::vector<ContactRecord>& records) {
    QDate latest;
    for (const ContactRecord& record : records) {
        if (record.date.isValid() && (!latest.isValid() || record.date > latest))
            latest = record.date;
    }
    return latest;
}

ContactCount countContacts(const std::vector<ContactRecord>& history,
                           const std::vector<ContactRecord>& project, ContactWindow window) {
    ContactCount count;
    if (window.periodDays >= 0 && !window.asOf.isValid()) {
        const QDate fromHistory = latestContactDate(history);
        const QDate fromProject = latestContactDate(project);
        window.asOf = !fromProject.isValid() || (fromHistory.isValid() && fromHistory > fromProject)
                          ? fromHistory
                          : fromProject;
    }
    if (window.periodDays >= 0 || window.asOf.isValid())
        count.asOf = window.asOf;
    for (const ContactRecord& record : history) {
        if (!inWindow(record.date, window))
            continue;
        add(count.perCustomer, record.customer, record.contacts);
        count.fromHistory += record.contacts;
    }
    for (const ContactRecord& record : project) {
        if (!inWindow(record.date, window))
            continue;
        add(count.perCustomer, record.customer, record.contacts);
        count.fromProject += record.contacts;
    }
    return count;
}

std::vector<ContactRecord> readContactRecords(const QString& path, bool datesRequired) {
    data::HeaderedCsv csv(path);
    const int customerColumn = csv.column(QStringLiteral("customer"), true);
    const int contactsColumn = csv.column(QStringLiteral("contacts"), false);
    int dayColumn = -1;
    for (const char* name : {"date", "contacted_at", "time"}) {
        if (dayColumn < 0)
            dayColumn = csv.column(QString::fromLatin1(name), false);
    }
    if (dayColumn < 0 && datesRequired)
        throw Error(QStringLiteral("%1:1:1: a contact period needs each contact's day: missing "
                                   "column (date, contacted_at or time)")
                        .arg(path));
    std::vector<ContactRecord> records;
    while (csv.next()) {
        ContactRecord record;
        record.customer = text(csv.field(customerColumn));
        if (record.customer.isEmpty())
            csv.fail(customerColumn, QStringLiteral("customer id is empty"));
        if (contactsColumn >= 0) {
            const double value = csv.number(contactsColumn, "contacts");
            if (value < 0.0 || value != std::floor(value) || value > 1e6)
                csv.fail(contactsColumn, QStringLiteral("contacts must be a whole number >= 0"));
            record.contacts = static_cast<int>(value);
        }
        if (dayColumn >= 0) {
            const QString day = text(csv.field(dayColumn));
            if (day.isEmpty() && datesRequired)
                csv.fail(dayColumn, QStringLiteral("contact date is empty"));
            record.date = contactDay(day);
            if (!day.isEmpty() && !record.date.isValid())
                csv.fail(dayColumn,
                         QStringLiteral("contact date is not a date (yyyy-mm-dd) or datetime"));
        }
        records.push_back(std::move(record));
    }
    return records;
}

std::vector<ContactRecord> readProjectContacts(const data::Project& project) {
    // Only finished runs: a failed run's offers were never handed to a campaign system.
    data::Statement select(project.db(),
                           "SELECT d.subject, r.started_at FROM decisions d "
                           "JOIN runs r ON r.id = d.run_id "
                           "WHERE d.kind = 'offer' AND r.analysis = 'target' "
                           "AND r.status = 'finished' AND NOT (json_valid(d.payload) "
                           "AND COALESCE(json_extract(d.payload, '$.control'), 0)) "
                           "ORDER BY d.id");
    std::vector<ContactRecord> records;
    while (select.step()) {
        ContactRecord record;
        record.customer = select.text(0);
        record.date = contactDay(select.text(1));
        records.push_back(std::move(record));
    }
    return records;
}

QHash<QString, int> readContactHistory(const QString& path) {
    return countContacts(readContactRecords(path), {}, ContactWindow{}).perCustomer;
}

}  // namespace mb::targeting
