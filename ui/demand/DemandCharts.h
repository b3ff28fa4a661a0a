#pragma once

#include "DemandRun.h"

#include <QWidget>

class QComboBox;
class QLabel;

namespace mb::ui {

class ChartPanel;

// The selected model's charts: fitted against actual units per week with the price on a second
// axis (why the model believes discounts sell), and its seasonal index by week of the year. A
// model that pools stores or products picks the series to show in a combo box.
class DemandCharts : public QWidget {
    Q_OBJECT
public:
    explicit DemandCharts(QWidget* parent = nullptr);

    // model < 0 (or no run) clears the charts.
    void showModel(const DemandRunPtr& run, int model);
    void clear();

    ChartPanel* unitsChart() const { return units_; }
    ChartPanel* seasonChart() const { return season_; }
    QComboBox* seriesBox() const { return seriesBox_; }
    QString detailText() const;
    int shownModel() const { return model_; }

private:
    void showSeries(int member);
    void showSeason();

    DemandRunPtr run_;
    int model_ = -1;
    QComboBox* seriesBox_ = nullptr;
    QLabel* detail_ = nullptr;  // the model's elasticity and holdout error in words
    ChartPanel* units_ = nullptr;
    ChartPanel* season_ = nullptr;
};

}  // namespace mb::ui
