#include "HealthModels.h"

#include "Format.h"

#include <QIcon>
#include <algorithm>

namespace mb::ui {

void KindHealthModel::setKinds(std::vector<data::KindHealth> kinds) {
    beginResetModel();
    kinds_ = std::move(kinds);
    endResetModel();
}

int KindHealthModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(kinds_.size());
}

int KindHealthModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KindHealthModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const data::KindHealth& kind = kinds_[static_cast<std::size_t>(index.row())];
    auto count = [role](qint64 value) -> QVariant {
        return role == Qt::DisplayRole ? QVariant(formatCount(value)) : QVariant(value);
    };
    if (role == Qt::TextAlignmentRole) {
        const bool text = index.column() == Kind || index.column() == Coverage;
        return text ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                    : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (static_cast<Column>(index.column())) {
        case Kind:
            return kind.kind;
        case Rows:
            return count(kind.rows);
        case Coverage:
            if (kind.firstDate.isEmpty())
                return QString();
            return QStringLiteral("%1 – %2").arg(kind.firstDate, kind.lastDate);
        case Series:
            return count(kind.series);
        case SeriesWithGaps:
            return count(kind.seriesWithGaps);
        case MissingWeeks:
            return count(kind.missingWeeks);
        case MissingValues:
            return count(kind.missingValues);
        case Duplicates:
            return count(kind.duplicates);
        case Outliers:
            return count(kind.outliers);
        case ZeroPrices:
            return count(kind.zeroPrices);
        case NegativeUnits:
            return count(kind.negativeUnits);
        case StaleSeries:
            return count(kind.staleSeries);
        case ColumnCount:
            break;
    }
    return {};
}

QVariant KindHealthModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
        case Kind:
            return tr("Kind");
        case Rows:
            return tr("Rows");
        case Coverage:
            return tr("Date coverage");
        case Series:
            return tr("Series");
        case SeriesWithGaps:
            return tr("With gaps");
        case MissingWeeks:
            return tr("Missing weeks");
        case MissingValues:
            return tr("Missing values");
        case Duplicates:
            return tr("Duplicates");
        case Outliers:
            return tr("Price outliers");
        case ZeroPrices:
            return tr("Zero prices");
        case NegativeUnits:
            return tr("Negative units");
        case StaleSeries:
            return tr("Stale series");
        case ColumnCount:
            break;
    }
    return {};
}

void HealthFindingModel::setFindings(std::vector<data::HealthFinding> findings) {
    // Problems first, so the list reads as a to-do list.
    std::stable_sort(findings.begin(), findings.end(), [](const auto& a, const auto& b) {
        return static_cast<int>(a.severity) > static_cast<int>(b.severity);
    });
    beginResetModel();
    findings_ = std::move(findings);
    endResetModel();
}

int HealthFindingModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(findings_.size());
}

int HealthFindingModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString HealthFindingModel::severityName(data::Severity severity) {
    switch (severity) {
        case data::Severity::Info:
            return tr("Info");
        case data::Severity::Warning:
            return tr("Warning");
        case data::Severity::Problem:
            return tr("Problem");
    }
    return {};
}

QVariant HealthFindingModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const data::HealthFinding& finding = findings_[static_cast<std::size_t>(index.row())];
    if (role == Qt::DecorationRole && index.column() == Severity) {
        switch (finding.severity) {
            case data::Severity::Info:
                return QIcon(QStringLiteral(":/icons/severity-info.svg"));
            case data::Severity::Warning:
                return QIcon(QStringLiteral(":/icons/severity-warning.svg"));
            case data::Severity::Problem:
                return QIcon(QStringLiteral(":/icons/severity-problem.svg"));
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Message)
        return finding.message;
    if (role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(index.column())) {
        case Severity:
            return severityName(finding.severity);
        case Kind:
            return finding.kind;
        case Subject:
            return finding.subject;
        case Message:
            return finding.message;
        case ColumnCount:
            break;
    }
    return {};
}

QVariant HealthFindingModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (static_cast<Column>(section)) {
        case Severity:
            return tr("Severity");
        case Kind:
            return tr("Kind");
        case Subject:
            return tr("About");
        case Message:
            return tr("Finding");
        case ColumnCount:
            break;
    }
    return {};
}

}  // namespace mb::ui
