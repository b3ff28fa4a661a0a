#include "DemandCharts.h"

#include "common/ChartLine.h"
#include "common/ChartPanel.h"
#include "common/Numbers.h"
#include "demand/DemandFitted.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QSignalBlocker>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace mb::ui {

namespace {

const QColor kActualColor(0x60, 0x60, 0x60);
const QColor kFittedColor(0x1f, 0x6f, 0xb5);
const QColor kPriceColor(0xe0, 0x8a, 0x1e);

qreal msecsOf(std::int64_t julianDay) {
    return qreal(QDate::fromJulianDay(julianDay).startOfDay(Qt::UTC).toMSecsSinceEpoch());
}

QValueAxis* axisFrom(const QString& title, double top) {
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setRange(0.0, top > 0.0 ? top * 1.08 : 1.0);
    axis->setTickCount(5);
    return axis;
}

// What the selected model says about price and how well it forecast, in one sentence.
QString modelInWords(const demand::DemandModel& model, int heldOutWeeks) {
    if (!model.fitted)
        return QObject::tr("Not fitted: %1.").arg(model.problem);
    QStringList parts;
    const double elasticity = model.elasticity.value;
    if (std::isfinite(elasticity)) {
        const demand::CoefficientInterval interval = demand::confidenceInterval(model.elasticity);
        QString price = QObject::tr("Elasticity %1 (95%: %2 to %3): a 10% discount sells %4 units")
                            .arg(formatNumber(elasticity, 2), formatNumber(interval.low, 2),
                                 formatNumber(interval.high, 2),
                                 formatSignedPercent(std::pow(0.9, elasticity) - 1.0, 0));
        if (interval.includesZero())
            price += QObject::tr(", but the interval includes 0: no clear price effect");
        parts << price;
    } else {
        parts << QObject::tr("No elasticity: %1").arg(model.problem);
    }
    if (std::isfinite(model.wapeHoldout))
        parts << QObject::tr("holdout WAPE %1 on the last %n weeks", nullptr, heldOutWeeks)
                     .arg(formatPercent(model.wapeHoldout, 1));
    else if (!model.holdoutProblem.isEmpty())
        parts << QObject::tr("no holdout WAPE: %1").arg(model.holdoutProblem);
    return parts.join(QStringLiteral(" · ")) + QLatin1Char('.');
}

}  // namespace

DemandCharts::DemandCharts(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto* pick = new QHBoxLayout;
    auto* pickLabel = new QLabel(tr("Series:"));
    seriesBox_ = new QComboBox;
    seriesBox_->setObjectName(QStringLiteral("demandSeriesBox"));
    seriesBox_->setToolTip(tr("The product in store whose weeks the chart shows"));
    seriesBox_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    pickLabel->setBuddy(seriesBox_);
    pick->addWidget(pickLabel);
    pick->addWidget(seriesBox_);
    detail_ = new QLabel;
    detail_->setObjectName(QStringLiteral("demandDetail"));
    detail_->setWordWrap(true);
    pick->addWidget(detail_, 1);
    layout->addLayout(pick);
    auto* charts = new QHBoxLayout;
    charts->setSpacing(6);
    units_ = new ChartPanel(this);
    units_->setObjectName(QStringLiteral("demandUnitsChart"));
    units_->setTitle(tr("Units per week: actual and fitted, with price"));
    units_->setEmptyText(tr("Fit demand, then pick a row to see its weeks."));
    units_->view()->setMinimumSize(320, 180);
    season_ = new ChartPanel(this);
    season_->setObjectName(QStringLiteral("demandSeasonChart"));
    season_->setTitle(tr("Seasonal index by week of year"));
    season_->setEmptyText(tr("Pick a row to see its seasonality."));
    season_->view()->setMinimumSize(240, 180);
    charts->addWidget(units_, 3);
    charts->addWidget(season_, 2);
    layout->addLayout(charts, 1);
    connect(seriesBox_, &QComboBox::currentIndexChanged, this, &DemandCharts::showSeries);
    clear();
}

QString DemandCharts::detailText() const {
    return detail_->text();
}

void DemandCharts::clear() {
    run_.reset();
    model_ = -1;
    {
        const QSignalBlocker quiet(seriesBox_);
        seriesBox_->clear();
    }
    seriesBox_->setEnabled(false);
    units_->clear();
    season_->clear();
    detail_->clear();
}

void DemandCharts::showModel(const DemandRunPtr& run, int model) {
    clear();
    if (!run || model < 0 || model >= static_cast<int>(run->result.fit.models.size()))
        return;
    run_ = run;
    model_ = model;
    const demand::DemandModel& fitted = run->result.fit.models[static_cast<std::size_t>(model)];
    {
        const QSignalBlocker quiet(seriesBox_);
        for (const demand::DemandMember& member : fitted.members)
            seriesBox_->addItem(tr("%1 in store %2").arg(member.product, member.store));
    }
    seriesBox_->setEnabled(seriesBox_->count() > 1);
    showSeries(0);
    showSeason();
}

void DemandCharts::showSeries(int member) {
    units_->clear();
    if (!run_ || model_ < 0)
        return;
    const demand::DemandModel& model = run_->result.fit.models[static_cast<std::size_t>(model_)];
    if (member < 0 || member >= static_cast<int>(model.members.size()))
        return;
    const demand::DemandMember& chosen = model.members[static_cast<std::size_t>(member)];
    const demand::SalesSeries& series =
        run_->history.series[static_cast<std::size_t>(chosen.series)];
    const std::vector<demand::FittedWeek> weeks =
        demand::fittedWeeks(model, member, series, run_->result.fit.options);
    if (weeks.empty())
        return;
    QList<QPointF> actual, fitted, price;
    double topUnits = 0.0, topPrice = 0.0;
    for (const demand::FittedWeek& week : weeks) {
        const qreal x = msecsOf(week.day);
        actual.append({x, week.actualUnits});
        price.append({x, week.price});
        topUnits = std::max(topUnits, week.actualUnits);
        topPrice = std::max(topPrice, week.price);
        if (std::isfinite(week.fittedUnits)) {
            fitted.append({x, week.fittedUnits});
            topUnits = std::max(topUnits, week.fittedUnits);
        }
    }
    auto* actualLine = styledLine(tr("Actual units"), kActualColor, Qt::SolidLine, 1.5);
    actualLine->replace(actual);
    auto* fittedLine = styledLine(tr("Fitted units"), kFittedColor, Qt::SolidLine, 2.0);
    fittedLine->replace(fitted);
    auto* priceLine = styledLine(tr("Price"), kPriceColor, Qt::DashLine, 1.5);
    priceLine->replace(price);

    auto* xAxis = new QDateTimeAxis;
    xAxis->setFormat(QStringLiteral("MMM yyyy"));
    xAxis->setRange(QDate::fromJulianDay(weeks.front().day).startOfDay(Qt::UTC),
                    QDate::fromJulianDay(weeks.back().day).startOfDay(Qt::UTC));
    xAxis->setTickCount(5);
    auto* unitsAxis = axisFrom(tr("units"), topUnits);
    auto* priceAxis = axisFrom(
        moneySymbol().isEmpty() ? tr("price") : tr("price (%1)").arg(moneySymbol().trimmed()),
        topPrice);
    priceAxis->setLabelFormat(QStringLiteral("%.2f"));
    units_->addSeries(actualLine, xAxis, unitsAxis);
    units_->addSeries(fittedLine, xAxis, unitsAxis);
    // The price reads against its own axis on the right: units and money do not share a scale.
    units_->chart()->addAxis(priceAxis, Qt::AlignRight);
    units_->addSeries(priceLine, xAxis, priceAxis);
    units_->setBaseName(tr("Demand %1 in %2").arg(chosen.product, chosen.store));
    units_->setParameters(run_->result.provenance.request);
    units_->setTitle(tr("%1 in %2: units and price per week").arg(chosen.product, chosen.store));
    detail_->setText(modelInWords(model, run_->request.holdoutWeeks));
}

void DemandCharts::showSeason() {
    season_->clear();
    if (!run_ || model_ < 0)
        return;
    const demand::DemandModel& model = run_->result.fit.models[static_cast<std::size_t>(model_)];
    if (!model.fitted || model.season.source == demand::SeasonalProfile::Source::None) {
        season_->setEmptyText(model.fitted ? tr("This model has no seasonality.")
                                           : tr("Not fitted: %1").arg(model.problem));
        return;
    }
    season_->setEmptyText(tr("Pick a row to see its seasonality."));
    const std::vector<double> index = demand::seasonalIndexByWeek(model.season);
    QList<QPointF> points;
    double top = 1.0, bottom = 1.0;
    for (std::size_t w = 0; w < index.size(); ++w) {
        points.append({qreal(w + 1), index[w]});
        top = std::max(top, index[w]);
        bottom = std::min(bottom, index[w]);
    }
    auto* line = styledLine(model.season.source == demand::SeasonalProfile::Source::Own
                                ? tr("Own seasonality")
                                : tr("Category's seasonality"),
                            kFittedColor, Qt::SolidLine, 2.0);
    line->replace(points);
    auto* weekAxis = new QValueAxis;
    weekAxis->setTitleText(tr("week of year"));
    weekAxis->setRange(1, 52);
    weekAxis->setTickCount(5);
    weekAxis->setLabelFormat(QStringLiteral("%d"));
    // Around the year's level (1), so a season of ±10% shows as one, not as a flat line.
    auto* indexAxis = new QValueAxis;
    indexAxis->setTitleText(tr("× year's level"));
    const double margin = std::max(0.02, 0.1 * (top - bottom));
    indexAxis->setRange(bottom - margin, top + margin);
    indexAxis->setTickCount(5);
    indexAxis->setLabelFormat(QStringLiteral("%.2f"));
    season_->addSeries(line, weekAxis, indexAxis);
    season_->setBaseName(
        tr("Demand seasonality %1").arg(model.product.isEmpty() ? model.category : model.product));
    season_->setParameters(run_->result.provenance.request);
}

}  // namespace mb::ui
