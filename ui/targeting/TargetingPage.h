#pragma once

#include "ProjectPage.h"
#include "TargetingRun.h"
#include "common/ResultFreshness.h"
#include "data/SavedScenarios.h"

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QSplitter;
class QTableView;
class QTableWidget;
class QTabWidget;

namespace mb::ui {

class BudgetControl;
class ChartPanel;
class FilterBar;
class OutOfDateBanner;
class OfferListModel;
class PublishPanel;
class ScenarioManager;
class SegmentPicker;
class StatCardRow;
class TaskBar;
class UpliftCharts;

// The category manager's targeting page. "Campaign and model": the campaign test's arms with
// their effect against control, and an uplift model trained in the background with its Qini and
// uplift curves, uplift by decile and holdout metrics. "Offers": who gets which offer at the
// typed budget (the slider follows it; the plan's budget curve is read beside it), capacities,
// eligible segments per offer, a contact cap over a period and a control group; the offer list,
// the strategy comparison, the forecast and the exports. A result whose request or data no
// longer match the controls and the project is shown out of date and is neither exported nor
// recorded; a plan and its model are saved as named scenarios in the project.
class TargetingPage : public ProjectPage {
    Q_OBJECT
public:
    explicit TargetingPage(QWidget* parent = nullptr);
    ~TargetingPage() override;

    void setConnection(ProjectConnection* connection) override;
    void refresh() override;

    // A plan on screen that is not saved as a scenario.
    bool hasUnsavedWork() const override;
    QString unsavedWorkDescription() const override;
    // Saves the plan on screen as a scenario named after its budget and the time.
    bool saveWork(QString* error) override;

    // Saves the trained model's request and the offer list's request as scenario `name` of this
    // project (replacing one of that name); false with the reason shown.
    bool saveScenario(const QString& name);
    // Sets the controls from the saved scenario, retrains and re-plans in the background (both
    // seeded, so the same data give the same offer list); false with the reason shown.
    bool loadScenario(const QString& name);
    QComboBox* scenarioBox() const { return scenarios_; }
    // Opens "Saved scenarios" (rename, delete); the list here follows what it changes. Null
    // without a project.
    ScenarioManager* manageScenarios();

    // Trains and evaluates with the settings on screen, then plans the offers; false (with the
    // reason shown) when nothing can start.
    bool train();
    // Re-plans the offers at the slider's budget and the constraints on screen.
    bool planOffers();
    // Writes the offer list (suffix csv or xlsx picks the format); an empty key writes the
    // customer ids, a key replaces them by pseudonyms. False with the reason shown on failure.
    bool exportOfferList(const QString& path, const QString& pseudonymKey = {});
    // Records the plan on screen in the project as a `target` run with one offer decision per
    // offered customer (what `merchbench-cli target` records); the run's id, or -1 with the
    // reason shown. A plan is recorded once.
    qint64 recordOfferList();
    // Publishes the recorded offer list to the project's database in the background.
    PublishPanel* publishPanel() const { return publish_; }

    CampaignSummaryPtr summary() const { return summary_; }
    ModelEvaluationPtr evaluation() const { return evaluation_; }
    PlanResultPtr plan() const { return plan_; }

    QComboBox* campaignBox() const { return campaign_; }
    QComboBox* outcomeBox() const { return outcome_; }
    QComboBox* modelBox() const { return model_; }
    QSpinBox* seedBox() const { return seed_; }
    QDoubleSpinBox* evaluationHoldoutBox() const { return evaluationHoldout_; }
    QComboBox* armBox() const { return armPicker_; }
    QTabWidget* tabs() const { return tabs_; }
    QTableWidget* armTable() const { return arms_; }
    QTableWidget* metricsTable() const { return metrics_; }
    UpliftCharts* charts() const { return charts_; }
    BudgetControl* budgetControl() const { return budget_; }
    QSpinBox* maxOffersBox() const { return maxOffers_; }
    QDoubleSpinBox* controlShareBox() const { return controlShare_; }
    QTableWidget* capacityTable() const { return capacities_; }
    QSpinBox* maxContactsBox() const { return maxContacts_; }  // -1: no cap
    QCheckBox* countContactsBox() const { return countContacts_; }
    QSpinBox* contactPeriodBox() const { return contactPeriod_; }  // 0: all time
    // The segments picker of an offer's row in the capacity table; nullptr before a plan.
    SegmentPicker* segmentPicker(const QString& offer) const;
    StatCardRow* forecastCards() const { return cards_; }
    QTableWidget* strategyTable() const { return strategies_; }
    ChartPanel* strategyChart() const { return strategyChart_; }
    FilterBar* filterBar() const { return filters_; }
    QTableView* offerView() const { return offerView_; }
    OfferListModel* offerModel() const { return offers_; }
    TaskBar* taskBar() const { return taskBar_; }
    QLabel* countsLabel() const { return counts_; }
    QPushButton* recordButton() const { return recordButton_; }
    QLabel* recordedLabel() const { return recorded_; }
    qint64 recordedRun() const { return recordedRun_; }
    QString statusText() const;
    // The plan's expected net value the cards show, as a number.
    double shownExpectedValue() const { return shownValue_; }
    // What the budget curve says of the typed budget, beside the slider.
    QLabel* curveLabel() const { return curveLabel_; }
    OutOfDateBanner* modelBanner() const { return modelBanner_; }
    OutOfDateBanner* planBanner() const { return planBanner_; }
    // Whether the model and the plan on screen answer the controls and data now.
    Freshness modelFreshness() const;
    Freshness planFreshness() const;

signals:
    void summaryShown();
    void evaluationShown();
    void planShown();
    void offerListRecorded(qint64 runId);

protected:
    void showEvent(QShowEvent* event) override;

private:
    QWidget* buildModelTab();
    QWidget* buildScenarioRow();
    QWidget* buildOffersTab();
    QWidget* buildExportRow();
    QWidget* buildRecordRow();
    void loadSummary();
    void showSummary(CampaignSummaryPtr summary);
    void showEvaluation(ModelEvaluationPtr evaluation);
    void showArmCharts();
    void showPlan(PlanResultPtr plan);
    void showStrategies();
    void sizeSplitOnce();
    void fillCapacities();
    void fillCapacityRows(const std::vector<targeting::TargetingOffer>& offers,
                          const std::map<QString, double>& capacities,
                          const QStringList& eligibilityRules);
    bool startPlan(bool reuseInputs);
    // The request the controls make now; nullopt with *problem set when they make none.
    std::optional<PlanRequest> planRequestNow(QString* problem) const;
    ModelRequest modelRequestNow() const;
    // Shows the banners; readData re-reads the project's input fingerprint first.
    void updateFreshness(bool readData = false);
    void showCurveReading();
    void showScenarios();
    void applyScenario(const data::SavedScenario& scenario);
    void clearPage();
    void askAndExport(const QString& suffix);
    void setStatus(const QString& text, bool problem = false);
    targeting::UpliftSettings modelSettings() const;

    CampaignSummaryPtr summary_;
    ModelEvaluationPtr evaluation_;
    PlanResultPtr plan_;
    double shownValue_ = 0.0;
    qint64 recordedRun_ = -1;       // of the plan on screen
    QJsonObject savedPlanRequest_;  // of the last scenario saved or loaded
    QString fingerprintNow_;        // the project's input fingerprint when last read
    // A scenario whose campaign is being read; applied when the summary arrives.
    std::optional<data::SavedScenario> pendingScenario_;

    QTabWidget* tabs_ = nullptr;
    QComboBox* scenarios_ = nullptr;
    QPushButton* loadScenario_ = nullptr;
    QPushButton* saveScenario_ = nullptr;
    OutOfDateBanner* modelBanner_ = nullptr;
    OutOfDateBanner* planBanner_ = nullptr;
    QLabel* curveLabel_ = nullptr;
    QComboBox* campaign_ = nullptr;
    QComboBox* outcome_ = nullptr;
    QComboBox* model_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QDoubleSpinBox* evaluationHoldout_ = nullptr;
    QPushButton* trainButton_ = nullptr;
    QLabel* status_ = nullptr;
    QLabel* consent_ = nullptr;
    QTableWidget* arms_ = nullptr;
    QTableWidget* metrics_ = nullptr;
    QLabel* modelNotes_ = nullptr;
    QComboBox* armPicker_ = nullptr;
    UpliftCharts* charts_ = nullptr;

    BudgetControl* budget_ = nullptr;
    QSpinBox* maxOffers_ = nullptr;
    QDoubleSpinBox* controlShare_ = nullptr;
    QSpinBox* maxContacts_ = nullptr;
    QCheckBox* countContacts_ = nullptr;
    QSpinBox* contactPeriod_ = nullptr;
    QPushButton* planButton_ = nullptr;
    QTableWidget* capacities_ = nullptr;
    StatCardRow* cards_ = nullptr;
    QTableWidget* strategies_ = nullptr;
    ChartPanel* strategyChart_ = nullptr;
    FilterBar* filters_ = nullptr;
    QTableView* offerView_ = nullptr;
    OfferListModel* offers_ = nullptr;
    QLabel* counts_ = nullptr;
    QSplitter* split_ = nullptr;
    bool splitSized_ = false;
    QCheckBox* pseudonymise_ = nullptr;
    QLineEdit* pseudonymKey_ = nullptr;
    QPushButton* exportCsv_ = nullptr;
    QPushButton* exportXlsx_ = nullptr;
    QPushButton* recordButton_ = nullptr;
    QLabel* recorded_ = nullptr;
    TaskBar* taskBar_ = nullptr;
    PublishPanel* publish_ = nullptr;  // the recorded run, while it is the plan on screen
};

}  // namespace mb::ui
