#include "HealthPanel.h"

#include "HealthModels.h"
#include "common/Error.h"
#include "common/TableStyle.h"
#include "data/HealthReport.h"
#include "data/Project.h"

#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace mb::ui {

namespace {

struct HealthOutcome {
    data::HealthReport report;
    QString error;
};

HealthOutcome checkProject(const QString& path) {
    HealthOutcome outcome;
    try {
        auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
        outcome.report = data::checkHealth(*project);
    } catch (const std::exception& error) {
        outcome.error = QString::fromStdString(error.what());
    }
    return outcome;
}

QTableView* makeView(QAbstractItemModel* model, QWidget* parent) {
    auto* view = new QTableView(parent);
    view->setModel(model);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    styleResultTable(view);
    return view;
}

}  // namespace

HealthPanel::HealthPanel(QWidget* parent) : QWidget(parent) {
    kindModel_ = new KindHealthModel(this);
    findingModel_ = new HealthFindingModel(this);

    statusLabel_ = new QLabel(this);
    statusLabel_->setObjectName(QStringLiteral("healthStatus"));
    checkButton_ = new QPushButton(tr("Check again"), this);
    connect(checkButton_, &QPushButton::clicked, this, &HealthPanel::refresh);

    kindView_ = makeView(kindModel_, this);
    kindView_->setObjectName(QStringLiteral("kindHealthView"));
    kindView_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    findingView_ = makeView(findingModel_, this);
    findingView_->setObjectName(QStringLiteral("findingView"));
    findingView_->setColumnWidth(HealthFindingModel::Severity, 100);
    findingView_->setColumnWidth(HealthFindingModel::Kind, 100);
    findingView_->setColumnWidth(HealthFindingModel::Subject, 220);
    // A finding's message is a sentence or two: it wraps, and its row grows to hold it.
    findingView_->setWordWrap(true);
    findingView_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* top = new QWidget(this);
    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(boldLabel(tr("Figures per kind"), top));
    topLayout->addWidget(kindView_);
    auto* bottom = new QWidget(this);
    auto* bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(boldLabel(tr("Findings"), bottom));
    bottomLayout->addWidget(findingView_);

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setChildrenCollapsible(false);
    // Room for every kind without scrolling; the findings take the rest.
    const int kindRows = kindView_->verticalHeader()->defaultSectionSize() * 14;
    splitter->setSizes({kindRows + 40, 300});
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);

    auto* header = new QHBoxLayout;
    header->addWidget(statusLabel_, 1);
    header->addWidget(checkButton_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->addLayout(header);
    layout->addWidget(splitter, 1);
}

void HealthPanel::setProjectPath(const QString& path) {
    projectPath_ = path;
    ++generation_;  // whatever is still running belongs to the previous project
    checking_ = false;
    kindModel_->setKinds({});
    findingModel_->setFindings({});
    statusLabel_->clear();
    if (!path.isEmpty())
        refresh();
}

void HealthPanel::refresh() {
    if (projectPath_.isEmpty())
        return;
    const int generation = ++generation_;
    checking_ = true;
    checkButton_->setEnabled(false);
    statusLabel_->setText(tr("Checking the project's data…"));
    auto* watcher = new QFutureWatcher<HealthOutcome>(this);
    connect(watcher, &QFutureWatcher<HealthOutcome>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != generation_)
            return;  // stale: a newer check or another project
        HealthOutcome outcome = watcher->result();
        kindModel_->setKinds(std::move(outcome.report.kinds));
        findingModel_->setFindings(std::move(outcome.report.findings));
        showOutcome(outcome.error);
    });
    watcher->setFuture(QtConcurrent::run(checkProject, projectPath_));
}

void HealthPanel::showOutcome(const QString& error) {
    checking_ = false;
    checkButton_->setEnabled(true);
    if (!error.isEmpty()) {
        statusLabel_->setText(tr("The check failed: %1").arg(error));
    } else {
        int counts[3] = {0, 0, 0};
        for (const data::HealthFinding& finding : findingModel_->findings())
            ++counts[static_cast<int>(finding.severity)];
        statusLabel_->setText(tr("%1 problems, %2 warnings and %3 notes to know before trusting "
                                 "an analysis.")
                                  .arg(counts[2])
                                  .arg(counts[1])
                                  .arg(counts[0]));
    }
    emit checkFinished();
}

QString HealthPanel::statusText() const {
    return statusLabel_->text();
}

}  // namespace mb::ui
