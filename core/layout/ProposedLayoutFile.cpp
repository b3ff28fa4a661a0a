#include "layout/ProposedLayoutFile.h"

#include "common/Error.h"
#include "data/HeaderedCsv.h"

#include <QHash>

namespace mb::layout {

namespace {

QString text(std::string_view field) {
    return QString::fromUtf8(field.data(), static_cast<qsizetype>(field.size())).trimmed();
}

}  // namespace

std::vector<CategoryZone> readProposedLayout(const QString& path, const QString& store) {
    data::HeaderedCsv csv(path);
    const int category = csv.column(QStringLiteral("category"), true);
    const int zone = csv.column(QStringLiteral("zone"), true);
    const int storeColumn = csv.column(QStringLiteral("store"), false);
    std::vector<CategoryZone> rows;
    QHash<QString, std::size_t> shared;  // category -> row, from rows without a store
    QHash<QString, std::size_t> own;     // category -> row, from the store's rows
    while (csv.next()) {
        const QString rowStore = storeColumn >= 0 ? text(csv.field(storeColumn)) : QString();
        if (!rowStore.isEmpty() && store.isEmpty())
            csv.fail(storeColumn, QStringLiteral("a row for store %1: choose the store with "
                                                 "--store")
                                      .arg(rowStore));
        if (!rowStore.isEmpty() && rowStore != store)
            continue;
        const CategoryZone placement{text(csv.field(category)), text(csv.field(zone))};
        if (placement.category.isEmpty())
            csv.fail(category, QStringLiteral("expected a category"));
        if (placement.zone.isEmpty())
            csv.fail(zone, QStringLiteral("expected a zone"));
        QHash<QString, std::size_t>& seen = rowStore.isEmpty() ? shared : own;
        if (seen.contains(placement.category))
            csv.fail(category,
                     QStringLiteral("%1 is placed twice%2")
                         .arg(placement.category,
                              rowStore.isEmpty() ? QString()
                                                 : QStringLiteral(" for store %1").arg(rowStore)));
        seen.insert(placement.category, rows.size());
        rows.push_back(placement);
    }
    // A store's own row wins over the shared one of the same category.
    std::vector<CategoryZone> proposed;
    for (std::size_t row = 0; row < rows.size(); ++row) {
        const QString& name = rows[row].category;
        if (own.contains(name) && own.value(name) != row)
            continue;
        proposed.push_back(rows[row]);
    }
    if (proposed.empty())
        throw Error(QStringLiteral("%1: no proposed placement%2")
                        .arg(path, store.isEmpty() ? QString()
                                                   : QStringLiteral(" for store %1").arg(store)));
    return proposed;
}

}  // namespace mb::layout
