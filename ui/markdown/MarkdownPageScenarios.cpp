// The Markdown page's saved scenarios: a plan's request with its edits and locks kept in the
// project under a name (data/SavedScenarios.h), listed, planned again on demand, and what the
// main window asks about before the project closes.
#include "MarkdownPage.h"
#include "ProjectConnection.h"
#include "RulesPanel.h"
#include "ScheduleEdits.h"
#include "ScopePicker.h"
#include "common/Error.h"
#include "common/ScenarioManager.h"
#include "common/TaskBar.h"
#include "data/SavedScenarios.h"
#include "markdown/PlanEdits.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDateTime>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <optional>

namespace mb::ui {

namespace {

const QString kPage = QStringLiteral("markdown");
// Scenario B's rules ride along with the edits: the saved request is scenario A's.
const QString kRulesB = QStringLiteral("scenario_b_rules");

}  // namespace

QWidget* MarkdownPage::buildScenarioRow() {
    auto* box = new QWidget(this);
    scenarioBox_ = new QComboBox(box);
    scenarioBox_->setObjectName(QStringLiteral("savedScenarios"));
    scenarioBox_->setPlaceholderText(tr("Saved scenarios"));
    scenarioBox_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    scenarioBox_->setMinimumContentsLength(18);
    scenarioBox_->setToolTip(tr("Plan a saved scenario again, with its edits and locks."));
    connect(scenarioBox_, &QComboBox::activated, this,
            [this](int index) { loadScenario(scenarioBox_->itemText(index)); });
    saveScenarioButton_ = new QPushButton(tr("Save scenario…"), box);
    saveScenarioButton_->setObjectName(QStringLiteral("saveScenario"));
    saveScenarioButton_->setToolTip(
        tr("Keep the plan with your edits and locks in the project under a name."));
    connect(saveScenarioButton_, &QPushButton::clicked, this, [this] {
        bool ok = false;
        const QString suggestion =
            scenarioName_.isEmpty()
                ? tr("Markdown %1").arg(exitDateEdit()->date().toString(Qt::ISODate))
                : scenarioName_;
        const QString name = QInputDialog::getText(this, tr("Save scenario"), tr("Name"),
                                                   QLineEdit::Normal, suggestion, &ok);
        if (ok)
            saveScenario(name);
    });
    auto* manage = new QPushButton(tr("Manage…"), box);
    manage->setObjectName(QStringLiteral("manageScenarios"));
    manage->setToolTip(tr("Rename or delete saved scenarios."));
    connect(manage, &QPushButton::clicked, this, &MarkdownPage::manageScenarios);
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(new QLabel(tr("Scenario"), box));
    row->addWidget(scenarioBox_);
    row->addWidget(saveScenarioButton_);
    row->addWidget(manage);
    row->addSpacing(12);
    row->addWidget(new QLabel(tr("Show"), box));
    row->addWidget(shownBox_);
    row->addSpacing(12);
    row->addWidget(status_, 1);
    return box;
}

void MarkdownPage::reloadScenarioList() {
    scenarioBox_->clear();
    if (!connection())
        return;
    try {
        for (const data::SavedScenario& saved :
             data::savedScenarios(connection()->project(), kPage))
            scenarioBox_->addItem(saved.name);
    } catch (const Error& error) {
        setStatus(tr("The saved scenarios cannot be read: %1").arg(error.message()), true);
    }
    scenarioBox_->setCurrentIndex(scenarioBox_->findText(scenarioName_));
}

ScenarioManager* MarkdownPage::manageScenarios() {
    if (!connection())
        return nullptr;
    auto* dialog = ScenarioManager::open(connection()->projectPath(), kPage, this);
    // The plan on screen keeps its scenario under its new name, and is no longer a saved
    // scenario once that is deleted.
    connect(dialog, &ScenarioManager::scenarioRenamed, this,
            [this](const QString& from, const QString& to) {
                if (scenarioName_ == from)
                    scenarioName_ = to;
                reloadScenarioList();
            });
    connect(dialog, &ScenarioManager::scenarioDeleted, this, [this](const QString& name) {
        if (scenarioName_ == name) {
            scenarioName_.clear();
            savedState_ = {};
        }
        reloadScenarioList();
    });
    return dialog;
}

QJsonObject MarkdownPage::savedState() const {
    if (!run_)
        return {};
    QJsonObject edits = markdown::planEdits(run_->a.season, edits_->all()).toJson();
    if (run_->b)
        edits[kRulesB] = markdown::planningRulesToJson(run_->b->rules);
    return QJsonObject{{QStringLiteral("request"), run_->a.provenance.request},
                       {QStringLiteral("edits"), edits}};
}

bool MarkdownPage::hasUnsavedWork() const {
    return run_ && !edits_->all().empty() && savedState() != savedState_;
}

QString MarkdownPage::unsavedWorkDescription() const {
    if (!hasUnsavedWork())
        return {};
    QString question = discardQuestion();  // "Discard 2 edits and 1 lock?"
    question.remove(0, tr("Discard ").size()).chop(1);
    return tr("a markdown plan with %1").arg(question);
}

bool MarkdownPage::saveWork(QString* error) {
    if (!hasUnsavedWork())
        return true;
    const QString name =
        scenarioName_.isEmpty()
            ? tr("Markdown %1")
                  .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")))
            : scenarioName_;
    return saveScenario(name, error);
}

bool MarkdownPage::saveScenario(const QString& name, QString* error) {
    const auto fail = [&](const QString& reason) {
        if (error)
            *error = reason;
        setStatus(reason, true);
        return false;
    };
    if (!run_ || !connection())
        return fail(tr("Plan the season before saving it as a scenario."));
    if (name.trimmed().isEmpty())
        return fail(tr("A scenario needs a name."));
    const QJsonObject state = savedState();
    data::SavedScenario scenario;
    scenario.page = kPage;
    scenario.name = name.trimmed();
    scenario.analysis = run_->a.provenance.analysis;
    scenario.request = state[QStringLiteral("request")].toObject();
    scenario.edits = state[QStringLiteral("edits")].toObject();
    scenario.inputFingerprint = run_->a.provenance.inputFingerprint;
    scenario.programVersion = run_->a.provenance.programVersion;
    try {
        data::saveScenario(connection()->project(), scenario);
    } catch (const Error& failure) {
        return fail(tr("The scenario was not saved: %1").arg(failure.message()));
    }
    scenarioName_ = scenario.name;
    savedState_ = state;
    reloadScenarioList();
    setStatus(tr("Saved as scenario \"%1\".").arg(scenarioName_));
    return true;
}

bool MarkdownPage::loadScenario(const QString& name) {
    if (!connection())
        return false;
    const auto keepList = [this] {
        scenarioBox_->setCurrentIndex(scenarioBox_->findText(scenarioName_));
        return false;
    };
    if (hasUnsavedWork() && !askDiscard_(discardQuestion()))
        return keepList();
    MarkdownRunRequest request;
    markdown::PlanEdits edits;
    std::optional<data::SavedScenario> saved;
    try {
        saved = data::savedScenario(connection()->project(), kPage, name);
        if (!saved) {
            setStatus(tr("There is no saved scenario \"%1\".").arg(name), true);
            return keepList();
        }
        const markdown::MarkdownPlanRequest planned =
            markdown::MarkdownPlanRequest::fromJson(saved->request);
        edits = markdown::PlanEdits::fromJson(saved->edits);
        request.projectPath = connection()->projectPath();
        request.exitDate = planned.exitWeek;
        request.products = planned.products;
        request.stores = planned.stores;
        request.rulesA = planned.rules;
        if (saved->edits.contains(kRulesB))
            request.rulesB = markdown::readPlanningRules(
                QJsonDocument(saved->edits[kRulesB].toObject()).toJson(), kRulesB);
    } catch (const Error& error) {
        setStatus(tr("Scenario \"%1\" cannot be read: %2").arg(name, error.message()), true);
        return keepList();
    }
    // The controls say what is planned, so the plan is current when it comes.
    exitDate_->setDate(request.exitDate);
    rulesA_->setRules(request.rulesA);
    productScope_->setSelectedIds(request.products);
    storeScope_->setSelectedIds(request.stores);
    compare_->setChecked(request.rulesB.has_value());
    if (request.rulesB)
        rulesB_->setRules(*request.rulesB);
    setStatus(tr("Planning scenario \"%1\" again…").arg(name));
    const quint64 session = session_;
    const QString savedFingerprint = saved->inputFingerprint;
    BackgroundTask* task = taskBar_->start(
        tr("Planning scenario %1").arg(name), [request, edits](ProgressToken& token) {
            return QVariant::fromValue(restoreMarkdownPlan(request, edits, token));
        });
    connect(
        task, &BackgroundTask::finished, this,
        [this, session, name, savedFingerprint](const QVariant& result) {
            if (session != session_)
                return;
            const RestoredPlanPtr restored = result.value<RestoredPlanPtr>();
            if (!restored) {
                setStatus(tr("Loading the scenario was cancelled; the previous plan is kept."));
                emit scenarioLoaded(false);
                return;
            }
            showRun(restored->run);
            edits_->restore(restored->edits);
            scenarioName_ = name;
            savedState_ = savedState();
            reloadScenarioList();
            setStatus(restored->run->a.provenance.inputFingerprint == savedFingerprint
                          ? tr("Scenario \"%1\" planned again with its edits and locks.").arg(name)
                          : tr("Scenario \"%1\" planned again with its edits and locks on "
                               "the project's data, which changed since it was saved.")
                                .arg(name));
            emit scenarioLoaded(true);
        });
    connect(task, &BackgroundTask::failed, this, [this, session, name](const QString& message) {
        if (session != session_)
            return;
        setStatus(tr("Scenario \"%1\" cannot be planned again: %2").arg(name, message), true);
        scenarioBox_->setCurrentIndex(scenarioBox_->findText(scenarioName_));
        emit scenarioLoaded(false);
    });
    connect(task, &BackgroundTask::cancelled, this, [this, session] {
        if (session != session_) {
            taskBar_->dismiss();
            return;
        }
        setStatus(tr("Loading the scenario was cancelled; the previous plan is kept."));
        scenarioBox_->setCurrentIndex(scenarioBox_->findText(scenarioName_));
        emit scenarioLoaded(false);
    });
    return true;
}

}  // namespace mb::ui
