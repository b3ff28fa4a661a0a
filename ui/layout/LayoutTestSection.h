#pragma once

#include "common/ResultFreshness.h"
#include "layout/LayoutTestJob.h"

#include <QWidget>
#include <memory>

class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace mb::ui {

class ProjectConnection;
class TaskBar;

// A layout test's answer as the section shows it: what was read (stores, moved categories,
// warnings) and the result.
struct LayoutTestShown {
    layout::LayoutTestInputs inputs;
    layout::LayoutTestResult result;
};
using LayoutTestShownPointer = std::shared_ptr<const LayoutTestShown>;

// The Layout page's "Layout test" tab: the stores whose layout changed, the date and the weeks
// compared; Run runs the core's layout-test job in the background (as `merchbench-cli
// layout-test`); the verdict, each measure's difference in differences with its interval, the
// pre-period trend check and the moved categories. A result that no longer answers the
// controls or the project's data is marked out of date.
class LayoutTestSection : public QWidget {
    Q_OBJECT
public:
    explicit LayoutTestSection(QWidget* parent = nullptr);
    ~LayoutTestSection() override;

    // A new project (or none): the result goes; the controls start from the latest dated
    // layout change in the project.
    void setConnection(ProjectConnection* connection);
    // After an import: the result stays and says when the data no longer match it.
    void refresh();

    layout::LayoutTestRequest request() const;
    void setRequest(const layout::LayoutTestRequest& request);
    void run();
    const LayoutTestShown* shown() const { return shown_.get(); }
    Freshness freshness() const;

    QLineEdit* storesEdit() const { return stores_; }
    QLineEdit* controlEdit() const { return control_; }
    QDateEdit* dateEdit() const { return date_; }
    QSpinBox* weeksBox() const { return weeks_; }
    QPushButton* runButton() const { return runButton_; }
    OutOfDateBanner* banner() const { return banner_; }
    QLabel* verdictLabel() const { return verdict_; }
    QLabel* detailLabel() const { return detail_; }
    QTableWidget* table() const { return table_; }
    TaskBar* taskBar() const { return taskBar_; }

signals:
    void runEnded();

private:
    void show(LayoutTestShownPointer shown);
    void clearResult();
    void fitTableHeight();
    void updateFreshness();

    QLineEdit* stores_ = nullptr;
    QLineEdit* control_ = nullptr;
    QDateEdit* date_ = nullptr;
    QSpinBox* weeks_ = nullptr;
    QPushButton* runButton_ = nullptr;
    OutOfDateBanner* banner_ = nullptr;
    QLabel* verdict_ = nullptr;
    QLabel* detail_ = nullptr;
    QTableWidget* table_ = nullptr;
    TaskBar* taskBar_ = nullptr;
    ProjectConnection* connection_ = nullptr;
    QString fingerprintNow_;
    LayoutTestShownPointer shown_;
    // Bumped when the project changes, so a run started for the old one shows nothing.
    quint64 generation_ = 0;
};

}  // namespace mb::ui
