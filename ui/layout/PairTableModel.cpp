#include "PairTableModel.h"

#include "common/Numbers.h"

#include <algorithm>
#include <cmath>

namespace mb::ui {

PairTableModel::PairTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void PairTableModel::setPairs(const QStringList& categories,
                              const std::vector<layout::CategoryPair>& pairs) {
    beginResetModel();
    categories_ = categories;
    pairs_ = pairs;
    std::stable_sort(pairs_.begin(), pairs_.end(),
                     [](const layout::CategoryPair& a, const layout::CategoryPair& b) {
                         return a.measures.lift > b.measures.lift;
                     });
    endResetModel();
}

int PairTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(pairs_.size());
}

int PairTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PairTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const layout::CategoryPair& pair = pairs_[static_cast<std::size_t>(index.row())];
    const layout::PairMeasures& m = pair.measures;
    // Confidence of the stronger direction, as a planner reads "of baskets with A, how many
    // also hold B".
    const double confidence = std::max(m.confidenceAB, m.confidenceBA);
    if (role == Qt::EditRole) {
        switch (index.column()) {
            case Pair:
                return categories_[pair.categoryA] + QStringLiteral(" + ") +
                       categories_[pair.categoryB];
            case Baskets:
                return static_cast<qulonglong>(pair.counts.withBoth);
            case Support:
                return m.support;
            case Confidence:
                return confidence;
            case Lift:
                return m.lift;
            case Phi:
                return m.phi;
            case PValue:
                return m.fisherP;
            default:
                return {};
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case Pair:
                return data(index, Qt::EditRole);
            case Baskets:
                return formatNumber(static_cast<double>(pair.counts.withBoth));
            case Support:
                return formatPercent(m.support, 2);
            case Confidence:
                return formatPercent(confidence, 1);
            case Lift:
                return formatNumber(m.lift, 2);
            case Phi:
                return formatNumber(m.phi, 3);
            case PValue:
                return m.fisherP < 1e-4 ? QStringLiteral("< 0.0001") : formatNumber(m.fisherP, 4);
            default:
                return {};
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() != Pair)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == PValue)
        return tr(
            "One-sided Fisher's exact test for buying the two together more often than "
            "by chance");
    return {};
}

QVariant PairTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
        case Pair:
            return tr("Pair");
        case Baskets:
            return tr("Baskets");
        case Support:
            return tr("Support");
        case Confidence:
            return tr("Confidence");
        case Lift:
            return tr("Lift");
        case Phi:
            return tr("Phi");
        case PValue:
            return tr("p-value");
        default:
            return {};
    }
}

}  // namespace mb::ui
