#include "pg/ShardSource.h"

#include "common/Error.h"
#include "data/Importer.h"
#include "data/Kind.h"
#include "pg/PgConnection.h"

namespace mb::pg {

ShardSource::ShardSource(PgConnection& connection) : connection_(connection) {}

const ShardSource::View& ShardSource::describe(const QString& kind) {
    const auto known = views_.find(kind);
    if (known != views_.end())
        return known->second;
    View view;
    const QString name = QStringLiteral("merchbench_") + kind;
    // Found as the queries will find it: on the connection's search_path.
    const QStringList columns = connection_.column(
        QStringLiteral("SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND "
                       "attnum > 0 AND NOT attisdropped ORDER BY attnum"),
        {connection_.quotedName(name)}, QStringLiteral("reading the columns of %1").arg(name));
    if (!columns.isEmpty()) {
        view.name = name;
        const data::KindSpec* spec = data::findKind(kind);
        for (const auto& [column, field] : data::Importer::suggestMapping(*spec, columns, {}))
            if (!field.isEmpty())
                view.columnOf.emplace(field, column);
    }
    return views_.emplace(kind, view).first->second;
}

QString ShardSource::view(const QString& kind) {
    return describe(kind).name;
}

QString ShardSource::column(const QString& kind, const QString& field) {
    const View& view = describe(kind);
    if (view.name.isEmpty())
        throw Error(QStringLiteral("the source has no table or view merchbench_%1 (a sharded run "
                                   "reads each kind from merchbench_<kind>; README: \"Sharded "
                                   "runs\")")
                        .arg(kind));
    const auto found = view.columnOf.find(field);
    if (found == view.columnOf.end())
        throw Error(QStringLiteral("%1 has no column for %2 (its name or an alias, as in a %3 "
                                   "file's header)")
                        .arg(view.name, field, kind));
    return found->second;
}

QString ShardSource::normalized(const QString& kind, const QString& field, const QString& alias) {
    const QString trimmed = QStringLiteral("btrim(%1.%2::text, E' \\t\\r\\n\\v\\f')")
                                .arg(alias, connection_.quotedName(column(kind, field)));
    // The words the importer reads as a missing value (data/ValueParser: isMissing).
    return QStringLiteral(
               "(CASE WHEN lower(%1) IN ('', 'na', 'n/a', 'null', 'nan') THEN NULL "
               "ELSE %1 END)")
        .arg(trimmed);
}

std::vector<CategorySize> ShardSource::categories() {
    column(QStringLiteral("products"), QStringLiteral("product"));  // the view must name them
    const View& products = describe(QStringLiteral("products"));
    // Without a category column every product is in the one unnamed category.
    const QString category = products.columnOf.contains(QStringLiteral("category"))
                                 ? normalized(QStringLiteral("products"),
                                              QStringLiteral("category"), QStringLiteral("p"))
                                 : QStringLiteral("NULL::text");
    const QStringList rows = connection_.column(
        QStringLiteral("SELECT coalesce('+' || c, '-') || ' ' || n FROM (SELECT %1 AS c, "
                       "count(*) AS n FROM %2 p GROUP BY 1) AS sizes")
            .arg(category, connection_.quotedName(products.name)),
        {}, QStringLiteral("counting the products of each category in %1").arg(products.name));
    std::vector<CategorySize> sizes;
    for (const QString& row : rows) {
        const qsizetype space = row.lastIndexOf(QLatin1Char(' '));
        CategorySize size;
        if (row.startsWith(QLatin1Char('+')))
            size.category = row.mid(1, space - 1);
        size.products = row.mid(space + 1).toLongLong();
        sizes.push_back(size);
    }
    if (sizes.empty())
        throw Error(QStringLiteral("%1 has no products").arg(products.name));
    return sizes;
}

QDate ShardSource::latestStockDate(const QDate& asOf) {
    const QString inventory = QStringLiteral("inventory");
    const QString date = normalized(inventory, QStringLiteral("date"), QStringLiteral("i"));
    const QString cut = asOf.isValid()
                            ? QStringLiteral(" WHERE (%1)::date <= %2::date")
                                  .arg(date, connection_.quotedLiteral(asOf.toString(Qt::ISODate)))
                            : QString();
    const QStringList latest =
        connection_.column(QStringLiteral("SELECT max((%1)::date)::text FROM %2 i%3")
                               .arg(date, connection_.quotedName(describe(inventory).name), cut),
                           {}, QStringLiteral("finding the chain's latest stock count"));
    return QDate::fromString(latest.value(0), Qt::ISODate);
}

QString ShardSource::categoryFilter(const QStringList& categories) {
    const QString products = QStringLiteral("products");
    if (!describe(products).columnOf.contains(QStringLiteral("category")))
        return categories.contains(QString()) ? QStringLiteral("true") : QStringLiteral("false");
    const QString category = normalized(products, QStringLiteral("category"), QStringLiteral("p"));
    QStringList named;
    bool unnamed = false;
    for (const QString& name : categories) {
        if (name.isNull())
            unnamed = true;
        else
            named.append(connection_.quotedLiteral(name));
    }
    QStringList terms;
    if (!named.isEmpty())
        terms << QStringLiteral("%1 IN (%2)").arg(category, named.join(QLatin1Char(',')));
    if (unnamed)
        terms << QStringLiteral("%1 IS NULL").arg(category);
    return terms.isEmpty() ? QStringLiteral("false") : terms.join(QStringLiteral(" OR "));
}

QString ShardSource::sliceQuery(const QString& kind, const QStringList& categories) {
    const QString products = QStringLiteral("products");
    column(kind,
           kind == QStringLiteral("stores") ? QStringLiteral("store") : QStringLiteral("product"));
    const QString table = connection_.quotedName(describe(kind).name);
    if (kind == QStringLiteral("stores"))
        return QStringLiteral("SELECT * FROM %1").arg(table);
    const QString filter = categoryFilter(categories);
    if (kind == products)
        return QStringLiteral("SELECT * FROM %1 p WHERE %2").arg(table, filter);
    return QStringLiteral("SELECT * FROM %1 s WHERE %2 IN (SELECT %3 FROM %4 p WHERE %5)")
        .arg(table, normalized(kind, QStringLiteral("product"), QStringLiteral("s")),
             normalized(products, QStringLiteral("product"), QStringLiteral("p")),
             connection_.quotedName(describe(products).name), filter);
}

}  // namespace mb::pg
