#pragma once

#include "DemandRun.h"
#include "ProjectPage.h"

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace mb::ui {

class DemandCharts;
class DemandTableModel;
class FilterBar;
class OutOfDateBanner;
class TaskBar;

// The merchandiser's view of demand: the demand job (`merchbench-cli demand`) fitted in the
// background with the options on screen, and per product in store (or per product, or per
// category) its price elasticity with a 95% interval, promotion lifts, seasonality, holdout WAPE,
// weeks of data and what to doubt; the selected model's fitted against actual weeks with the
// price, so one sees why the markdown plan discounts.
class DemandPage : public ProjectPage {
    Q_OBJECT
public:
    explicit DemandPage(QWidget* parent = nullptr);
    ~DemandPage() override;

    void setConnection(ProjectConnection* connection) override;
    // The project's data may have changed: the fit on screen may now be out of date.
    void refresh() override;

    // The demand request the controls make now (what `merchbench-cli demand` takes).
    demand::DemandRequest requestFromControls() const;
    // Fits in the background; false (with the reason shown) when nothing can start.
    bool fit();
    // Shows the model of the run's row (the source model's index) in the table and charts.
    void selectModel(int row);

    DemandRunPtr run() const { return run_; }
    DemandTableModel* tableModel() const { return model_; }
    QTableView* table() const { return table_; }
    FilterBar* filterBar() const { return filters_; }
    DemandCharts* charts() const { return charts_; }
    OutOfDateBanner* banner() const { return banner_; }
    TaskBar* taskBar() const { return taskBar_; }
    QString summaryText() const;
    QString errorText() const;

    QComboBox* levelBox() const { return level_; }
    QComboBox* methodBox() const { return method_; }
    QSpinBox* holdoutBox() const { return holdout_; }
    QCheckBox* asOfCheck() const { return asOfCheck_; }
    QDateEdit* asOfEdit() const { return asOf_; }
    QCheckBox* seasonalityBox() const { return seasonality_; }
    QCheckBox* lifecycleBox() const { return lifecycle_; }
    QPushButton* fitButton() const { return fitButton_; }

signals:
    void fitShown();
    void fitFailed(const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildControls();
    void showRun(DemandRunPtr run);
    void showError(const QString& message);
    void updateFreshness();
    void showSelected();

    DemandRunPtr run_;
    int generation_ = 0;  // New/Open moves it on: a fit of the previous project is dropped
    DemandTableModel* model_ = nullptr;
    FilterBar* filters_ = nullptr;
    QTableView* table_ = nullptr;
    DemandCharts* charts_ = nullptr;
    OutOfDateBanner* banner_ = nullptr;
    TaskBar* taskBar_ = nullptr;
    QLabel* summary_ = nullptr;
    QLabel* error_ = nullptr;
    QComboBox* level_ = nullptr;
    QComboBox* method_ = nullptr;
    QSpinBox* holdout_ = nullptr;
    QCheckBox* asOfCheck_ = nullptr;
    QDateEdit* asOf_ = nullptr;
    QCheckBox* seasonality_ = nullptr;
    QCheckBox* lifecycle_ = nullptr;
    QPushButton* fitButton_ = nullptr;
};

}  // namespace mb::ui
