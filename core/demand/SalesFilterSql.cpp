#include "demand/SalesFilterSql.h"

#include "data/Sqlite.h"

namespace mb::demand {

namespace {

std::string placeholders(qsizetype count) {
    std::string text;
    for (qsizetype i = 0; i < count; ++i)
        text += i == 0 ? "?" : ",?";
    return text;
}

}  // namespace

std::string filterWhere(const SalesFilter& filter, const std::string& alias,
                        const std::string& date) {
    std::string where;
    if (!filter.products.isEmpty())
        where += " " + alias + ".product IN (" + placeholders(filter.products.size()) + ")";
    if (!filter.stores.isEmpty()) {
        where += where.empty() ? "" : " AND";
        where += " " + alias + ".store IN (" + placeholders(filter.stores.size()) + ")";
    }
    if (filter.through.isValid()) {
        where += where.empty() ? "" : " AND";
        where += " substr(" + alias + "." + date + ", 1, 10) <= ?";
    }
    return where.empty() ? where : " WHERE" + where;
}

void bindFilter(data::Statement& statement, const SalesFilter& filter) {
    int index = 1;
    for (const QString& product : filter.products)
        statement.bind(index++, product);
    for (const QString& store : filter.stores)
        statement.bind(index++, store);
    if (filter.through.isValid())
        statement.bind(index++, filter.through.toString(Qt::ISODate));
}

}  // namespace mb::demand
