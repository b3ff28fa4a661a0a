#include "DemandTableModel.h"

#include "common/Numbers.h"
#include "demand/DemandFitted.h"

#include <algorithm>
#include <cmath>

namespace mb::ui {

namespace {

const demand::DemandModel& modelAt(const DemandRun& run, int row) {
    return run.result.fit.models[static_cast<std::size_t>(row)];
}

// A lift on the log scale as the change of units it gives: 0.3 -> "+35%".
double liftShare(const demand::Coefficient& lift) {
    return std::exp(lift.value) - 1.0;
}

QString seasonSource(demand::SeasonalProfile::Source source) {
    switch (source) {
        case demand::SeasonalProfile::Source::Own:
            return QObject::tr("own");
        case demand::SeasonalProfile::Source::Category:
            return QObject::tr("category's");
        case demand::SeasonalProfile::Source::None:
            break;
    }
    return QObject::tr("none");
}

// "own: peak week 51 +42%, low week 30 −18%", from the seasonal index by week of the year.
QString seasonText(const demand::DemandModel& model) {
    if (!model.fitted || model.season.source == demand::SeasonalProfile::Source::None)
        return seasonSource(demand::SeasonalProfile::Source::None);
    const std::vector<double> index = demand::seasonalIndexByWeek(model.season);
    const auto [low, high] = std::minmax_element(index.begin(), index.end());
    return QObject::tr("%1, peak wk %2 %3, low wk %4 %5")
        .arg(seasonSource(model.season.source))
        .arg(high - index.begin() + 1)
        .arg(formatSignedPercent(*high - 1.0, 0))
        .arg(low - index.begin() + 1)
        .arg(formatSignedPercent(*low - 1.0, 0));
}

// The model's own product or store, or how many its pooled members cover ("12 stores pooled").
QString coveredText(const demand::DemandModel& model, QString demand::DemandMember::*field,
                    const QString& own, const char* pooled) {
    if (!own.isEmpty())
        return own;
    QStringList names;
    for (const demand::DemandMember& member : model.members)
        if (!names.contains(member.*field))
            names << member.*field;
    return names.size() == 1 ? names.front() : QObject::tr(pooled, nullptr, int(names.size()));
}

}  // namespace

DemandTableModel::DemandTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void DemandTableModel::setRun(DemandRunPtr run) {
    beginResetModel();
    run_ = std::move(run);
    rows_.clear();
    if (run_) {
        for (const demand::DemandModel& model : run_->result.fit.models) {
            Row row;
            for (const demand::DemandMember& member : model.members) {
                const demand::SalesSeries& series =
                    run_->history.series[static_cast<std::size_t>(member.series)];
                row.weeks += static_cast<int>(series.weeks.size());
                row.weeksBelowRegular += demand::weeksBelowRegularPrice(series);
            }
            row.seasonText = seasonText(model);
            rows_.push_back(std::move(row));
        }
    }
    endResetModel();
}

int DemandTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int DemandTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QStringList DemandTableModel::notes(int row) const {
    QStringList notes;
    if (!run_ || row < 0 || row >= rowCount())
        return notes;
    const demand::DemandModel& model = modelAt(*run_, row);
    if (!model.fitted) {
        notes << tr("Not fitted: %1").arg(model.problem);
        return notes;
    }
    if (!model.problem.isEmpty())
        notes << tr("No elasticity: %1").arg(model.problem);
    else if (demand::confidenceInterval(model.elasticity).includesZero())
        notes << tr("Elasticity interval includes 0: no clear price effect");
    if (!model.holdoutProblem.isEmpty())
        notes << tr("No holdout WAPE: %1").arg(model.holdoutProblem);
    if (model.censoredWeeks > 0)
        notes << tr("%n weeks sold out: fitted as demand of at least their sales", nullptr,
                    model.censoredWeeks);
    return notes;
}

QVariant DemandTableModel::data(const QModelIndex& index, int role) const {
    if (!run_ || !index.isValid() || index.row() >= rowCount())
        return {};
    const demand::DemandModel& model = modelAt(*run_, index.row());
    const Row& row = rows_[static_cast<std::size_t>(index.row())];
    const demand::CoefficientInterval interval = demand::confidenceInterval(model.elasticity);
    const auto number = [&](double value, const QString& text) -> QVariant {
        if (role == Qt::EditRole)
            return std::isfinite(value) ? QVariant(value) : QVariant();
        return std::isfinite(value) ? text : QStringLiteral("–");
    };
    const auto lift = [&](const demand::Coefficient& coefficient) -> QVariant {
        if (role == Qt::ToolTipRole) {
            const demand::CoefficientInterval range = demand::confidenceInterval(coefficient);
            if (!std::isfinite(range.low))
                return {};
            return tr("Units in such weeks against others, 95% interval %1 to %2")
                .arg(formatSignedPercent(std::exp(range.low) - 1.0, 0),
                     formatSignedPercent(std::exp(range.high) - 1.0, 0));
        }
        return number(liftShare(coefficient), formatSignedPercent(liftShare(coefficient), 0));
    };
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Weeks && index.column() <= TprLift
                   ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Notes)
        return notes(index.row()).join(QLatin1Char('\n'));
    if (role == Qt::ToolTipRole && index.column() == Elasticity &&
        std::isfinite(model.elasticity.value))
        return tr("A 10% discount sells %1 units (before promotions and season)")
            .arg(formatSignedPercent(std::pow(0.9, model.elasticity.value) - 1.0, 0));
    if (role != Qt::DisplayRole && role != Qt::EditRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
        case Product:
            return coveredText(model, &demand::DemandMember::product, model.product,
                               "%n products pooled");
        case Store:
            return coveredText(model, &demand::DemandMember::store, model.store,
                               "%n stores pooled");
        case Category:
            return model.category;
        case Weeks:
            return role == Qt::EditRole ? QVariant(row.weeks) : QVariant(formatNumber(row.weeks));
        case WeeksBelowRegular:
            return role == Qt::EditRole ? QVariant(row.weeksBelowRegular)
                                        : QVariant(formatNumber(row.weeksBelowRegular));
        case Elasticity:
            return number(model.elasticity.value, formatNumber(model.elasticity.value, 2));
        case ElasticityLow:
            return number(interval.low, formatNumber(interval.low, 2));
        case ElasticityHigh:
            return number(interval.high, formatNumber(interval.high, 2));
        case FeatureLift:
            return lift(model.featureLift);
        case DisplayLift:
            return lift(model.displayLift);
        case TprLift:
            return lift(model.tprLift);
        case Seasonality:
            return row.seasonText;
        case HoldoutWape:
            return number(model.wapeHoldout, formatPercent(model.wapeHoldout, 1));
        case Notes: {
            const QStringList said = notes(index.row());
            return said.isEmpty() ? tr("Fitted") : said.join(QStringLiteral("; "));
        }
        default:
            return {};
    }
}

QVariant DemandTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const QStringList titles{tr("Product"),      tr("Store"),         tr("Category"),
                                    tr("Weeks"),        tr("Weeks on sale"), tr("Elasticity"),
                                    tr("95% low"),      tr("95% high"),      tr("Feature lift"),
                                    tr("Display lift"), tr("TPR lift"),      tr("Seasonality"),
                                    tr("Holdout WAPE"), tr("Notes")};
    static const QStringList tips{
        tr("The product; \"pooled\" when one model covers several"),
        tr("The store; \"pooled\" when one model covers several (an intercept each)"),
        tr("The product's category"),
        tr("Weeks of sales history the model was fitted on (store-weeks when stores or "
           "products are pooled)"),
        tr("Weeks sold below the regular price: the elasticity rests on these"),
        tr("Price elasticity: the % change of units for a 1% change of price (−2: a 10% "
           "discount sells about 23% more)"),
        tr("Lower end of the elasticity's 95% confidence interval"),
        tr("Upper end of the elasticity's 95% confidence interval"),
        tr("Change of units in weeks the product is in the feature (flyer)"),
        tr("Change of units in weeks the product is on display"),
        tr("Change of units in weeks with a temporary price reduction, beyond the price effect"),
        tr("Where the yearly seasonality comes from (own, or borrowed from the category), and "
           "its strongest and weakest week of the year against the year's level"),
        tr("Weighted absolute percentage error, Σ|actual − forecast| / Σ actual, of a model "
           "fitted without each series' last weeks, on those held-out weeks"),
        tr("Why a model was not fitted, or what to doubt in it")};
    if (section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole && section == HoldoutWape && run_)
        return tr("WAPE last %n wk", nullptr, run_->request.holdoutWeeks);
    if (role == Qt::DisplayRole)
        return titles[section];
    if (role == Qt::ToolTipRole)
        return tips[section];
    return {};
}

}  // namespace mb::ui
