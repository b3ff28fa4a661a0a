#pragma once

#include "pg/ShardSlices.h"

#include <QDate>
#include <QString>
#include <QStringList>
#include <map>
#include <vector>

namespace mb::pg {

class PgConnection;

// The retailer's source for a sharded run: one table or view per kind, merchbench_<kind>, whose
// columns are the kind's field names or aliases (as a file's header is read). It answers the
// chain-wide questions every shard must agree on and gives each kind's rows of one slice.
class ShardSource {
public:
    explicit ShardSource(PgConnection& connection);

    // The view of a kind, or empty when the source has none.
    QString view(const QString& kind);
    // The chain's categories and their products (merchbench_products), as shardCategories
    // splits them. Throws Error when the source has no products view or no products.
    std::vector<CategorySize> categories();
    // The chain's latest stock count on or before `asOf` (any date when invalid): the date the
    // season starts from for every shard. Invalid when there is none.
    QDate latestStockDate(const QDate& asOf);
    // The SELECT of a kind's rows for the slice of `categories` (null: products without one):
    // stores whole; products of those categories; sales and inventory of those products.
    QString sliceQuery(const QString& kind, const QStringList& categories);

private:
    struct View {
        QString name;
        std::map<QString, QString> columnOf;  // field -> column, as the importer maps them
    };
    const View& describe(const QString& kind);
    // The column holding `field` of `kind`'s view; throws Error naming the view when none.
    QString column(const QString& kind, const QString& field);
    // A field's text as the importer keeps it: trimmed, with its missing-value words as null.
    QString normalized(const QString& kind, const QString& field, const QString& alias);
    QString categoryFilter(const QStringList& categories);

    PgConnection& connection_;
    std::map<QString, View> views_;
};

}  // namespace mb::pg
