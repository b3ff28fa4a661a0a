#pragma once

#include "MarkdownRun.h"

#include <QJsonObject>
#include <QWidget>

namespace mb::markdown {
struct ItemEdit;
}

namespace mb::ui {

using markdown::ItemEdit;

class ChartPanel;

// The four charts of one item, two by two: units over the weeks (sales history, the forecast
// with its P10–P90 band, the plan's expected units), the price over the weeks (plan, best fixed
// rule, the user's edit, scenario B's plan when two rule sets were planned), revenue and margin
// against the baselines, and the distribution of the stock left at the exit week.
class ItemCharts : public QWidget {
    Q_OBJECT
public:
    explicit ItemCharts(QWidget* parent = nullptr);

    // item < 0 or an unplanned item clears the charts; itemB is the item under scenario B.
    void showItem(const MarkdownRunResultPtr& run, int item, const ItemEdit* edit,
                  const markdown::ItemPlan* itemB = nullptr);
    void setParameters(const QJsonObject& parameters) const;
    // What the price chart calls the other scenario's plan ("Scenario B", or "Scenario A" while
    // B is shown).
    void setOtherScenarioName(const QString& name) { otherName_ = name; }

    ChartPanel* unitsChart() const { return units_; }
    ChartPanel* priceChart() const { return price_; }
    ChartPanel* moneyChart() const { return money_; }
    ChartPanel* leftoverChart() const { return leftover_; }
    QList<ChartPanel*> charts() const { return {units_, price_, money_, leftover_}; }

private:
    void showUnits(const MarkdownRunResult& run, const markdown::ItemPlan& item,
                   const ItemEdit* edit);
    void showPrices(const MarkdownRunResult& run, const markdown::ItemPlan& item,
                    const ItemEdit* edit, const markdown::ItemPlan* itemB);
    void showMoney(const MarkdownRunResult& run, const markdown::ItemPlan& item,
                   const ItemEdit* edit);
    void showLeftover(const markdown::ItemPlan& item, const ItemEdit* edit);

    ChartPanel* units_ = nullptr;
    ChartPanel* price_ = nullptr;
    ChartPanel* money_ = nullptr;
    ChartPanel* leftover_ = nullptr;
    QString otherName_ = tr("Scenario B");
};

}  // namespace mb::ui
