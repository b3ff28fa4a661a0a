#include "markdown/MarkdownDefaults.h"

#include "common/Error.h"
#include "data/Sqlite.h"
#include "markdown/MarkdownPlanRequest.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace mb::markdown {

namespace {

std::vector<ScopeEntry> scope(sqlite3* db, const char* sql) {
    std::vector<ScopeEntry> entries;
    data::Statement select(db, sql);
    while (select.step()) {
        QStringList words;
        for (int column : {1, 2})
            if (!select.isNull(column) && !select.text(column).isEmpty())
                words.append(select.text(column));
        entries.push_back({select.text(0), words.join(QStringLiteral(" · "))});
    }
    return entries;
}

}  // namespace

MarkdownDefaults markdownDefaults(sqlite3* db, const QDate& today) {
    MarkdownDefaults defaults;
    data::Statement last(db,
                         "SELECT parameters FROM runs WHERE analysis = 'markdown' AND "
                         "status = 'finished' ORDER BY id DESC LIMIT 1");
    if (last.step()) {
        const QJsonObject parameters = QJsonDocument::fromJson(last.text(0).toUtf8()).object();
        defaults.exitWeek = QDate::fromString(
            parameters.value(QStringLiteral("exit_week")).toString(), Qt::ISODate);
        try {
            defaults.rules = MarkdownPlanRequest::fromJson(parameters).rules;
        } catch (const Error&) {
            // A run recorded by another version: its exit week still helps, its rules do not.
        }
    }
    if (!defaults.exitWeek.isValid()) {
        data::Statement stock(db, "SELECT MAX(date) FROM inventory");
        const QDate counted = stock.step() && !stock.isNull(0)
                                  ? QDate::fromString(stock.text(0), Qt::ISODate)
                                  : QDate();
        defaults.exitWeek = (counted.isValid() ? counted : today).addDays(7 * 8);
    }
    return defaults;
}

std::vector<ScopeEntry> productScope(sqlite3* db) {
    return scope(db, "SELECT product, name, category FROM products ORDER BY product");
}

std::vector<ScopeEntry> storeScope(sqlite3* db) {
    return scope(db, "SELECT store, name, cluster FROM stores ORDER BY store");
}

}  // namespace mb::markdown
