#include "ImportRunPage.h"

#include "Format.h"
#include "ImportIssueModel.h"
#include "ImportWizard.h"
#include "ProgressRelay.h"
#include "common/TableStyle.h"
#include "data/Project.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>
#include <algorithm>

namespace mb::ui {

namespace {

struct ImportOutcome {
    data::ImportReport report;
    QString failure;  // the project could not be opened or written at all
};

ImportOutcome runImport(const QString& projectPath, const QString& filePath,
                        const data::ImportOptions& options,
                        const std::shared_ptr<ProgressToken>& token) {
    ImportOutcome outcome;
    try {
        auto project = data::Project::open(projectPath, data::Project::OpenMode::MustExist);
        data::Importer importer(*project);
        outcome.report = importer.run(filePath, options, token.get());
    } catch (const std::exception& error) {
        outcome.failure = QString::fromStdString(error.what());
    }
    return outcome;
}

}  // namespace

ImportRunPage::ImportRunPage(QWidget* parent) : QWizardPage(parent) {
    setTitle(tr("Import"));
    setSubTitle(
        tr("Every value is checked while the file is read. The project changes only if "
           "the import completes."));
    relay_ = new ProgressRelay(this);
    issues_ = new ImportIssueModel(this);

    summary_ = new QLabel(this);
    summary_->setObjectName(QStringLiteral("importSummary"));
    summary_->setWordWrap(true);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("importProgress"));
    progress_->setRange(0, 100);
    cancelButton_ = new QPushButton(tr("Cancel import"), this);
    cancelButton_->setObjectName(QStringLiteral("cancelImportButton"));
    connect(cancelButton_, &QPushButton::clicked, this, &ImportRunPage::cancel);
    connect(relay_, &ProgressRelay::percentChanged, progress_, &QProgressBar::setValue);
    auto* progressRow = new QHBoxLayout;
    progressRow->addWidget(progress_, 1);
    progressRow->addWidget(cancelButton_);

    figures_ = new QLabel(this);
    figures_->setObjectName(QStringLiteral("importFigures"));
    figures_->setTextFormat(Qt::RichText);

    errorsTitle_ = boldLabel(tr("Errors"), this);
    errorView_ = new QTableView(this);
    errorView_->setObjectName(QStringLiteral("importErrorView"));
    errorView_->setModel(issues_);
    errorView_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    errorView_->setSelectionBehavior(QAbstractItemView::SelectRows);
    errorView_->setAlternatingRowColors(true);
    errorView_->verticalHeader()->hide();
    errorView_->verticalHeader()->setDefaultSectionSize(errorView_->fontMetrics().height() + 8);
    errorView_->horizontalHeader()->setStretchLastSection(true);
    errorView_->setColumnWidth(ImportIssueModel::Line, 70);
    errorView_->setColumnWidth(ImportIssueModel::Column, 70);
    errorView_->setColumnWidth(ImportIssueModel::Field, 120);
    errorView_->setColumnWidth(ImportIssueModel::Message, 380);

    warningsTitle_ = boldLabel(tr("Warnings"), this);
    warnings_ = new QListWidget(this);
    warnings_->setObjectName(QStringLiteral("importWarnings"));
    warnings_->setMaximumHeight(warnings_->fontMetrics().height() * 5);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addLayout(progressRow);
    layout->addWidget(figures_);
    layout->addWidget(errorsTitle_);
    layout->addWidget(errorView_, 1);
    layout->addWidget(warningsTitle_);
    layout->addWidget(warnings_);
    layout->addStretch();  // keeps the result at the top when there is no error table
}

ImportRunPage::~ImportRunPage() {
    // The worker reports to relay_, a child of this page: it must stop before the page goes.
    if (running_) {
        token_->cancel();
        future_.waitForFinished();
    }
}

void ImportRunPage::initializePage() {
    start();
}

bool ImportRunPage::isComplete() const {
    return finished_;
}

void ImportRunPage::start() {
    auto* importWizard = qobject_cast<ImportWizard*>(wizard());
    if (!importWizard || running_)
        return;
    running_ = true;
    finished_ = false;
    report_ = {};
    failure_.clear();
    issues_->setIssues({});
    warnings_->clear();
    figures_->clear();
    for (QWidget* widget :
         {static_cast<QWidget*>(errorsTitle_), static_cast<QWidget*>(errorView_),
          static_cast<QWidget*>(warningsTitle_), static_cast<QWidget*>(warnings_)})
        widget->hide();
    progress_->setValue(0);
    progress_->show();
    cancelButton_->show();
    cancelButton_->setEnabled(true);
    const QString filePath = importWizard->filePath();
    options_ = importWizard->options();
    summary_->setText(tr("Importing %1 as %2…").arg(QFileInfo(filePath).fileName(), options_.kind));

    token_ = std::make_shared<ProgressToken>();
    relay_->reset();
    token_->setListener(relay_->listener());
    auto* watcher = new QFutureWatcher<ImportOutcome>(this);
    connect(watcher, &QFutureWatcher<ImportOutcome>::finished, this, [this, watcher] {
        ImportOutcome outcome = watcher->result();
        watcher->deleteLater();
        report_ = std::move(outcome.report);
        failure_ = outcome.failure;
        running_ = false;
        finished_ = true;
        showResult();
        // finished first: the wizard decides whether Back is allowed before the buttons update.
        emit finished();
        emit completeChanged();
    });
    const QFuture<ImportOutcome> future =
        QtConcurrent::run(runImport, importWizard->projectPath(), filePath, options_, token_);
    future_ = future;
    watcher->setFuture(future);
    emit completeChanged();
    emit started();
}

void ImportRunPage::cancel() {
    if (!running_)
        return;
    token_->cancel();
    cancelButton_->setEnabled(false);
    summary_->setText(tr("Cancelling…"));
}

void ImportRunPage::showResult() {
    progress_->hide();
    cancelButton_->hide();
    summary_->setText(summaryText());
    figures_->setText(tr("<table cellspacing='0' cellpadding='2'>"
                         "<tr><td>Rows read:</td><td align='right'>&nbsp;&nbsp;%1</td></tr>"
                         "<tr><td>Imported:</td><td align='right'>&nbsp;&nbsp;%2</td></tr>"
                         "<tr><td>Rejected:</td><td align='right'>&nbsp;&nbsp;%3</td></tr>"
                         "<tr><td>Errors found:</td><td align='right'>&nbsp;&nbsp;%4</td></tr>"
                         "</table>")
                          .arg(formatCount(report_.rowsRead), formatCount(report_.rowsImported),
                               formatCount(report_.rowsRejected), formatCount(report_.errorCount)));
    issues_->setIssues(report_.errors);
    const bool hasErrors = !report_.errors.empty();
    errorsTitle_->setText(report_.errorCount > static_cast<qint64>(report_.errors.size())
                              ? tr("Errors (the first %1 of %2)")
                                    .arg(formatCount(static_cast<qint64>(report_.errors.size())),
                                         formatCount(report_.errorCount))
                              : tr("Errors"));
    errorsTitle_->setVisible(hasErrors);
    errorView_->setVisible(hasErrors);

    warnings_->clear();
    const bool coreListsThem =
        !report_.unmappedColumns.isEmpty() &&
        std::any_of(report_.warnings.begin(), report_.warnings.end(), [this](const QString& w) {
            return w.contains(report_.unmappedColumns.constFirst());
        });
    if (!report_.unmappedColumns.isEmpty() && !coreListsThem) {
        warnings_->addItem(
            tr("Columns not imported: %1").arg(report_.unmappedColumns.join(QStringLiteral(", "))));
    }
    warnings_->addItems(report_.warnings);
    const bool hasWarnings = warnings_->count() > 0;
    warningsTitle_->setVisible(hasWarnings);
    warnings_->setVisible(hasWarnings);
}

QString ImportRunPage::summaryText() const {
    if (!finished_)
        return summary_->text();
    if (!failure_.isEmpty())
        return tr("The import could not run: %1").arg(failure_);
    if (report_.cancelled)
        return tr(
            "Import cancelled. Nothing was written to the project; go Back to import "
            "again.");
    if (!report_.committed) {
        const QString errors = report_.errorCount == 1
                                   ? tr("1 error")
                                   : tr("%1 errors").arg(formatCount(report_.errorCount));
        return tr("Nothing was imported: the file has %1. Go Back to change the mapping or the "
                  "options (such as skipping bad rows) and import again, or fix the file.")
            .arg(errors);
    }
    QString text =
        tr("Imported %1 of %2 rows into %3.")
            .arg(formatCount(report_.rowsImported), formatCount(report_.rowsRead), report_.kind);
    if (report_.rowsRejected > 0)
        text +=
            QLatin1Char(' ') +
            (report_.rowsRejected == 1
                 ? tr("1 row with errors was skipped.")
                 : tr("%1 rows with errors were skipped.").arg(formatCount(report_.rowsRejected)));
    if (!options_.controlArm.isEmpty())
        text += QLatin1Char(' ') + tr("Campaign “%1”: control arm “%2”, outcomes %3.")
                                       .arg(options_.campaign, options_.controlArm,
                                            options_.outcomes.join(QStringLiteral(", ")));
    if (!report_.replacedImport.isEmpty())
        text +=
            QLatin1Char(' ') + tr("This file had been imported before; its rows were replaced.");
    return text;
}

}  // namespace mb::ui
