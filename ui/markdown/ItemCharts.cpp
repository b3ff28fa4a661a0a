#include "ItemCharts.h"

#include "ScheduleEdits.h"
#include "common/ChartLine.h"
#include "common/ChartPanel.h"
#include "common/Numbers.h"
#include "demand/DemandForecast.h"
#include "markdown/LeftoverDistribution.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QHorizontalBarSeries>
#include <QLegend>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace mb::ui {

namespace {

constexpr int kHistoryWeeks = 26;  // enough sales before the season to see its level and trend
// Few enough bars that each bin's first unit count (up to four digits) fits under its bar in a
// chart a quarter of a 1280-pixel window wide.
constexpr int kLeftoverBins = 5;

const QColor kPlanColor(0x1f, 0x6f, 0xb5);
const QColor kEditColor(0x2e, 0x8b, 0x57);
const QColor kBaselineColor(0x9e, 0x9e, 0x9e);
const QColor kRuleColor(0xe0, 0x8a, 0x1e);
const QColor kForecastColor(0x7b, 0x52, 0xab);
const QColor kScenarioBColor(0xc2, 0x18, 0x5b);

qreal atDay(const QDate& date) {
    return qreal(date.startOfDay(Qt::UTC).toMSecsSinceEpoch());
}

QLineSeries* line(const QString& name, const QColor& color, Qt::PenStyle style, qreal width = 2) {
    return styledLine(name, color, style, width);
}

QDateTimeAxis* dateAxis(const QDate& from, const QDate& to) {
    auto* axis = new QDateTimeAxis;
    axis->setFormat(QStringLiteral("d MMM"));
    axis->setRange(from.startOfDay(Qt::UTC), to.startOfDay(Qt::UTC));
    // Three dates fit a chart a quarter of a laptop's screen wide without being cut.
    axis->setTickCount(3);
    return axis;
}

QValueAxis* valueAxis(const QString& title, double low, double high) {
    auto* axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setRange(low, high > low ? high : low + 1.0);
    return axis;
}

// The ladder steps the item is shown with: the user's schedule or the plan's expected path.
std::vector<int> shownSteps(const markdown::ItemPlan& item, const ItemEdit* edit) {
    return edit ? edit->steps : planSteps(item);
}

}  // namespace

ItemCharts::ItemCharts(QWidget* parent) : QWidget(parent) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(6);
    const QString titles[] = {tr("Units per week"), tr("Price per week"), tr("Revenue & margin"),
                              tr("Stock left at exit")};
    const QString names[] = {QStringLiteral("unitsChart"), QStringLiteral("priceChart"),
                             QStringLiteral("moneyChart"), QStringLiteral("leftoverChart")};
    ChartPanel** panels[] = {&units_, &price_, &money_, &leftover_};
    for (int i = 0; i < 4; ++i) {
        auto* panel = new ChartPanel(this);
        panel->setObjectName(names[i]);
        panel->setTitle(titles[i]);
        panel->view()->setMinimumSize(200, 170);
        // A smaller legend keeps every series' name whole in a narrow chart.
        QFont legend = panel->chart()->legend()->font();
        legend.setPointSizeF(legend.pointSizeF() * 0.85);
        panel->chart()->legend()->setFont(legend);
        panel->setEmptyText(
            tr("Plan the season, then pick an item to see its %1.").arg(titles[i].toLower()));
        grid->addWidget(panel, i / 2, i % 2);
        *panels[i] = panel;
    }
}

void ItemCharts::setParameters(const QJsonObject& parameters) const {
    for (ChartPanel* panel : charts())
        panel->setParameters(parameters);
}

void ItemCharts::showItem(const MarkdownRunResultPtr& run, int item, const ItemEdit* edit,
                          const markdown::ItemPlan* itemB) {
    for (ChartPanel* panel : charts())
        panel->clear();
    if (!run || item < 0 || item >= static_cast<int>(run->a.season.items.size()) ||
        !run->a.season.items[size_t(item)].planned)
        return;
    const markdown::ItemPlan& plan = run->a.season.items[size_t(item)];
    const QString subject = plan.item.product + QLatin1Char('@') + plan.item.store;
    const QString bases[] = {tr("units"), tr("price"), tr("revenue and margin"), tr("leftover")};
    for (int i = 0; i < 4; ++i)
        charts()[i]->setBaseName(tr("Markdown %1 %2").arg(bases[i], subject));
    showUnits(*run, plan, edit);
    showPrices(*run, plan, edit, itemB && itemB->planned ? itemB : nullptr);
    showMoney(*run, plan, edit);
    showLeftover(plan, edit);
}

void ItemCharts::showUnits(const MarkdownRunResult& run, const markdown::ItemPlan& item,
                           const ItemEdit* edit) {
    const QDate first = run.a.season.firstWeek;
    const int weeks = static_cast<int>(item.plan.schedule.size());
    QDate from = first;
    double top = 1.0;
    auto* history = line(tr("Sales"), kBaselineColor, Qt::SolidLine, 1.5);
    int member = -1;
    const int model = run.fit.findModel(item.item.product, item.item.store, &member);
    if (model >= 0) {
        const demand::DemandModel& fitted = run.fit.models[size_t(model)];
        const int series = fitted.members[size_t(member)].series;
        if (series >= 0) {
            const std::int64_t since = first.addDays(-7 * kHistoryWeeks).toJulianDay();
            for (const demand::WeekSale& sale : run.history.series[size_t(series)].weeks) {
                if (sale.day < since)
                    continue;
                const QDate day = QDate::fromJulianDay(sale.day);
                from = std::min(from, day);
                history->append(atDay(day), sale.units);
                top = std::max(top, sale.units);
            }
        }
    }
    auto* low = line(QString(), kForecastColor, Qt::NoPen);
    auto* high = line(QString(), kForecastColor, Qt::NoPen);
    auto* forecast = line(tr("Forecast"), kForecastColor, Qt::DashLine, 1.5);
    auto* expected = line(edit ? (edit->isFixed() ? tr("Edit") : tr("Locked")) : tr("Plan"),
                          edit ? kEditColor : kPlanColor, Qt::SolidLine, 2.5);
    const std::vector<int> steps = shownSteps(item, edit);
    const auto& schedule = edit ? edit->plan.schedule : item.plan.schedule;
    for (int w = 0; w < weeks; ++w) {
        const QDate day = first.addDays(7 * w);
        if (model >= 0) {
            demand::DemandScenario scenario;
            scenario.julianDay = day.toJulianDay();
            scenario.priceRatio = item.input.priceRatio(steps[size_t(w)]);
            scenario.shrunkElasticity = true;
            const demand::UnitsInterval band =
                demand::unitsInterval(run.fit.models[size_t(model)], member, scenario, 0.8);
            if (std::isfinite(band.mean)) {
                low->append(atDay(day), band.low);
                high->append(atDay(day), band.high);
                forecast->append(atDay(day), band.mean);
                top = std::max(top, band.high);
            }
        }
        expected->append(atDay(day), schedule[size_t(w)].expectedUnits);
        top = std::max(top, schedule[size_t(w)].expectedUnits);
    }
    auto* xAxis = dateAxis(from, first.addDays(7 * std::max(weeks - 1, 1)));
    auto* yAxis = valueAxis(tr("units"), 0.0, top * 1.1);
    units_->addSeries(history, xAxis, yAxis);
    if (low->count() > 0) {
        auto* band = new QAreaSeries(high, low);
        // The area draws its bounding lines but does not own them.
        high->setParent(band);
        low->setParent(band);
        band->setName(tr("P10–90"));
        QColor fill = kForecastColor;
        fill.setAlpha(40);
        band->setBrush(fill);
        band->setPen(Qt::NoPen);
        units_->addSeries(band, xAxis, yAxis);
        units_->addSeries(forecast, xAxis, yAxis);
    } else {
        delete low;
        delete high;
        delete forecast;
    }
    units_->addSeries(expected, xAxis, yAxis);
}

void ItemCharts::showPrices(const MarkdownRunResult& run, const markdown::ItemPlan& item,
                            const ItemEdit* edit, const markdown::ItemPlan* itemB) {
    const QDate first = run.a.season.firstWeek;
    const int weeks = static_cast<int>(item.plan.schedule.size());
    const auto steps = [&](const QString& name, const std::vector<int>& schedule,
                           const QColor& color, Qt::PenStyle style, qreal width,
                           const markdown::MarkdownProblem* problem = nullptr) {
        auto* series = line(name, color, style, width);
        const markdown::MarkdownProblem& prices = problem ? *problem : item.input;
        for (int w = 0; w < weeks && w < static_cast<int>(schedule.size()); ++w) {
            const double price = prices.price(schedule[size_t(w)]);
            series->append(atDay(first.addDays(7 * w)), price);
            series->append(atDay(first.addDays(7 * (w + 1))), price);
        }
        return series;
    };
    auto* xAxis = dateAxis(first, first.addDays(7 * weeks));
    double deepest = item.input.price(static_cast<int>(item.input.ladder.size()) - 1);
    double regular = item.input.regularPrice;
    if (itemB) {
        deepest =
            std::min(deepest, itemB->input.price(static_cast<int>(itemB->input.ladder.size()) - 1));
        regular = std::max(regular, itemB->input.regularPrice);
    }
    const QString currency = moneyCurrency();
    auto* yAxis = valueAxis(currency.isEmpty() ? tr("price") : tr("price (%1)").arg(currency),
                            std::floor(deepest * 0.9), regular * 1.05);
    if (!run.a.season.fixedRule.steps.empty())
        price_->addSeries(
            steps(tr("Fixed rule"), run.a.season.fixedRule.steps, kRuleColor, Qt::DashLine, 2),
            xAxis, yAxis);
    price_->addSeries(steps(tr("Plan"), planSteps(item), kPlanColor, Qt::SolidLine, 3), xAxis,
                      yAxis);
    if (edit)
        price_->addSeries(steps(edit->isFixed() ? tr("Edit") : tr("Locked"), edit->steps,
                                kEditColor, Qt::DotLine, 2.5),
                          xAxis, yAxis);
    if (itemB)
        price_->addSeries(steps(otherName_, planSteps(*itemB), kScenarioBColor, Qt::DashDotLine,
                                2.5, &itemB->input),
                          xAxis, yAxis);
}

void ItemCharts::showMoney(const MarkdownRunResult& run, const markdown::ItemPlan& item,
                           const ItemEdit* edit) {
    const markdown::MarkdownPlan none =
        markdown::evaluateSchedule(item.input, markdown::noMarkdownSchedule(item.input));
    // Horizontal bars: the figure names get the chart's height instead of a narrow column.
    auto* series = new QHorizontalBarSeries;
    const auto add = [&](const QString& name, const markdown::MarkdownPlan& plan,
                         const QColor& color) {
        auto* set = new QBarSet(name);
        set->setColor(color);
        set->setBorderColor(color);
        *set << plan.expectedRevenue << plan.expectedMargin << plan.expectedObjective;
        series->append(set);
        return std::max({plan.expectedRevenue, plan.expectedMargin, plan.expectedObjective});
    };
    double top = add(tr("None"), none, kBaselineColor);
    if (!run.a.season.fixedRule.steps.empty())
        top = std::max(
            top, add(tr("Fixed rule"),
                     markdown::evaluateSchedule(item.input, run.a.season.fixedRule), kRuleColor));
    top = std::max(top, add(tr("Plan"), item.plan, kPlanColor));
    if (edit)
        top =
            std::max(top, add(edit->isFixed() ? tr("Edit") : tr("Locked"), edit->plan, kEditColor));
    auto* categories = new QBarCategoryAxis;
    const bool margin = run.a.rules.objective == markdown::MarkdownObjective::Margin;
    // "Margin + salvage" does not fit beside the bars of a chart a quarter of a 1280-pixel
    // window wide: the category is short and the tooltip says what it adds up.
    categories->append({tr("Revenue"), tr("Margin"), tr("Objective")});
    money_->setToolTip(margin ? tr("Objective: margin + salvage, what the plan maximises (the "
                                   "margin plus what the units left at exit fetch).")
                              : tr("Objective: revenue + salvage, what the plan maximises (the "
                                   "revenue plus what the units left at exit fetch)."));
    money_->addSeries(series, valueAxis(moneyCurrency(), 0.0, top * 1.1), categories);
}

void ItemCharts::showLeftover(const markdown::ItemPlan& item, const ItemEdit* edit) {
    const int n = item.input.inventory;
    const int width = std::max(1, (n + kLeftoverBins) / kLeftoverBins);
    const int bins = n / width + 1;
    auto* series = new QBarSeries;
    double top = 0.0;
    const auto add = [&](const QString& name, const std::vector<double>& probability,
                         const QColor& color) {
        auto* set = new QBarSet(name);
        set->setColor(color);
        set->setBorderColor(color);
        std::vector<double> binned(size_t(bins), 0.0);
        for (int k = 0; k <= n && k < static_cast<int>(probability.size()); ++k)
            binned[size_t(k / width)] += probability[size_t(k)];
        for (double p : binned) {
            *set << 100.0 * p;
            top = std::max(top, 100.0 * p);
        }
        series->append(set);
    };
    add(tr("None"),
        leftoverDistribution(item.input, markdown::noMarkdownSchedule(item.input).steps),
        kBaselineColor);
    add(tr("Plan"), leftoverDistribution(item.plan.policy), kPlanColor);
    if (edit && edit->isFixed())
        add(tr("Edit"), leftoverDistribution(item.input, edit->fixedSteps), kEditColor);
    else if (edit)
        add(tr("Locked"), leftoverDistribution(edit->plan.policy), kEditColor);
    auto* categories = new QBarCategoryAxis;
    // Each bar is labelled with the first unit count of its bin: short labels stay readable.
    for (int b = 0; b < bins; ++b)
        categories->append(QString::number(b * width));
    categories->setTitleText(width == 1 ? tr("units left")
                                        : tr("units left (bins of %1)").arg(width));
    leftover_->addSeries(series, categories, valueAxis(tr("% of seasons"), 0.0, top * 1.1));
}

}  // namespace mb::ui
