#pragma once

#include "common/Progress.h"
#include "data/Importer.h"

#include <QFuture>
#include <QWizardPage>
#include <memory>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableView;

namespace mb::ui {

class ImportIssueModel;
class ProgressRelay;

// Step 4: validates and imports on a worker thread (with its own project connection, since a
// SQLite handle must stay on its thread), shows progress with Cancel, then the result.
class ImportRunPage : public QWizardPage {
    Q_OBJECT
public:
    explicit ImportRunPage(QWidget* parent = nullptr);
    ~ImportRunPage() override;

    void initializePage() override;
    bool isComplete() const override;

    bool isRunning() const { return running_; }
    bool isFinished() const { return finished_; }
    void cancel();
    const data::ImportReport& report() const { return report_; }
    QString failure() const { return failure_; }
    QString summaryText() const;
    ImportIssueModel* issueModel() const { return issues_; }
    QProgressBar* progressBar() const { return progress_; }

signals:
    void started();
    void finished();

private:
    void start();
    void showResult();

    std::shared_ptr<ProgressToken> token_;
    QFuture<void> future_;
    ProgressRelay* relay_ = nullptr;
    bool running_ = false;
    bool finished_ = false;
    data::ImportReport report_;
    data::ImportOptions options_;  // what the last run was asked to do
    QString failure_;

    QLabel* summary_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QLabel* figures_ = nullptr;
    QLabel* errorsTitle_ = nullptr;
    QTableView* errorView_ = nullptr;
    QLabel* warningsTitle_ = nullptr;
    QListWidget* warnings_ = nullptr;
    ImportIssueModel* issues_ = nullptr;
};

}  // namespace mb::ui
