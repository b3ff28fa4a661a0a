#include "PriceChangeModel.h"

#include "ScheduleEdits.h"
#include "common/Numbers.h"

namespace mb::ui {

PriceChangeModel::PriceChangeModel(QObject* parent) : QAbstractTableModel(parent) {}

void PriceChangeModel::rebuild(const MarkdownRunResultPtr& run, const ScheduleEdits* edits) {
    beginResetModel();
    rows_ = run ? markdown::seasonPriceChanges(run->a.season, run->a.rules.schedulePerCluster,
                                               edits ? &edits->all() : nullptr)
                : std::vector<markdown::PriceChange>();
    endResetModel();
}

int PriceChangeModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int PriceChangeModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : Count;
}

QVariant PriceChangeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || (role != Qt::DisplayRole && role != Qt::EditRole))
        return {};
    const markdown::PriceChange& row = rows_[size_t(index.row())];
    const bool raw = role == Qt::EditRole;
    const auto money = [raw](double value) {
        return raw ? QVariant(value) : QVariant(formatMoney(value, 2));
    };
    switch (index.column()) {
        case Product:
            return row.product;
        case Store:
            return row.store;
        case Category:
            return row.category;
        case Week:
            return row.week.toString(Qt::ISODate);
        case Step:
            return row.step;
        case NewPrice:
            return raw ? QVariant(markdown::minorUnitsText(row.priceCents).toDouble())
                       : QVariant(formatMoney(double(row.priceCents) / 100.0, 2));
        case Discount:
            return raw ? QVariant(row.discount) : QVariant(formatPercent(row.discount, 0));
        case Units:
            return raw ? QVariant(row.units) : QVariant(formatNumber(row.units, 2));
        case Revenue:
            return money(row.revenue);
        case Margin:
            return money(row.margin);
        case SellThrough:
            return raw ? QVariant(row.sellThrough) : QVariant(formatPercent(row.sellThrough, 1));
        case Cluster:
            return row.cluster;
        case Source:
            return row.source;
        default:
            return {};
    }
}

QVariant PriceChangeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    // The file's column names (markdown::writePriceChangeList).
    static const char* const titles[] = {"product",
                                         "store",
                                         "category",
                                         "week",
                                         "step",
                                         "new_price",
                                         "discount",
                                         "expected_units",
                                         "expected_revenue",
                                         "expected_margin",
                                         "expected_sell_through",
                                         "shared_with_cluster",
                                         "source"};
    return section >= 0 && section < Count ? QString::fromLatin1(titles[section]) : QVariant();
}

}  // namespace mb::ui
