#include "ErasureDialog.h"

#include "Format.h"
#include "common/BackgroundTask.h"
#include "data/Project.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>
#include <memory>

using ErasureResultPtr = std::shared_ptr<const mb::data::ErasureResult>;
Q_DECLARE_METATYPE(ErasureResultPtr)

namespace mb::ui {

ErasureDialog::ErasureDialog(const QString& projectPath, const data::ErasurePlan& plan,
                             QWidget* parent)
    : QDialog(parent), projectPath_(projectPath), plan_(plan) {
    setWindowTitle(tr("Erase customers"));
    setObjectName(QStringLiteral("erasureDialog"));
    heading_ = new QLabel(this);
    heading_->setObjectName(QStringLiteral("erasureHeading"));
    QFont bold = heading_->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.2);
    heading_->setFont(bold);
    heading_->setWordWrap(true);
    explanation_ = new QLabel(this);
    explanation_->setWordWrap(true);
    counts_ = new QTableWidget(0, 2, this);
    counts_->setObjectName(QStringLiteral("erasureCounts"));
    counts_->setHorizontalHeaderLabels({tr("What"), tr("Rows")});
    counts_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    counts_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    counts_->verticalHeader()->hide();
    counts_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    counts_->setSelectionMode(QAbstractItemView::NoSelection);
    counts_->setFocusPolicy(Qt::NoFocus);
    counts_->verticalHeader()->setDefaultSectionSize(counts_->fontMetrics().height() + 10);
    exportsLabel_ = new QLabel(this);
    exportsLabel_->setWordWrap(true);
    exports_ = new QListWidget(this);
    exports_->setObjectName(QStringLiteral("erasureExports"));
    busy_ = new QProgressBar(this);
    busy_->setRange(0, 0);
    busy_->hide();
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("erasureStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* buttons = new QDialogButtonBox(this);
    close_ = buttons->addButton(QDialogButtonBox::Cancel);
    erase_ = buttons->addButton(plan.customers.size() == 1
                                    ? tr("Erase 1 customer")
                                    : tr("Erase %1 customers").arg(plan.customers.size()),
                                QDialogButtonBox::DestructiveRole);
    erase_->setObjectName(QStringLiteral("eraseConfirmButton"));
    erase_->setIcon(style()->standardIcon(QStyle::SP_TrashIcon));
    close_->setDefault(true);  // Enter must never erase
    connect(close_, &QPushButton::clicked, this, &QDialog::reject);
    connect(erase_, &QPushButton::clicked, this, &ErasureDialog::startErasure);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(heading_);
    layout->addWidget(explanation_);
    layout->addWidget(counts_);
    layout->addWidget(exportsLabel_);
    layout->addWidget(exports_);
    layout->addWidget(busy_);
    layout->addWidget(status_);
    layout->addWidget(buttons);

    const QString who = plan.customers.size() == 1 ? tr("customer %1").arg(plan.customers.front())
                                                   : tr("%1 customers").arg(plan.customers.size());
    heading_->setText(tr("Erase %1 for good?").arg(who));
    explanation_->setText(
        tr("Every row below goes, and the project file is rewritten so that no page still "
           "holds the ids. This cannot be undone. The erasure is recorded under a keyed hash "
           "of each id, never the id itself."));
    showCounts(plan, false);
    resize(720, layout->heightForWidth(720));
}

ErasureDialog::~ErasureDialog() {
    // The erasure finishes on its own in the background; its outcome is just not shown.
    if (task_)
        task_->abandon();
}

void ErasureDialog::showCounts(const data::ErasurePlan& plan, bool done) {
    counts_->setRowCount(0);
    for (const data::ErasureCount& count : plan.counts) {
        const int row = counts_->rowCount();
        counts_->insertRow(row);
        QString what = count.what;
        if (count.scrubbed)
            what += tr(" (kept, the id replaced)");
        counts_->setItem(row, 0, new QTableWidgetItem(what));
        auto* rows = new QTableWidgetItem(formatCount(count.rows));
        rows->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        counts_->setItem(row, 1, rows);
    }
    counts_->setHorizontalHeaderLabels({tr("What"), done ? tr("Rows removed") : tr("Rows")});
    // Every row shows at once, without an empty area below them.
    counts_->setFixedHeight(counts_->horizontalHeader()->sizeHint().height() +
                            counts_->rowCount() * counts_->verticalHeader()->defaultSectionSize() +
                            2 * counts_->frameWidth());
    exports_->clear();
    if (plan.exports.empty()) {
        exportsLabel_->setText(tr("No export recorded in the project names these customers."));
        exports_->hide();
        return;
    }
    exportsLabel_->setText(
        tr("Files written earlier that name them. Merchbench does not touch them: delete "
           "them yourself."));
    for (const data::NamingExport& file : plan.exports) {
        exports_->addItem(tr("%1 — %2 run of %3 (%4)%5")
                              .arg(file.path, file.analysis, file.startedAt.left(10), file.evidence,
                                   file.exists ? QString() : tr(", no longer on disk")));
    }
    exports_->show();
    // Up to six files show at once; more scroll.
    const int shown = std::min(exports_->count(), 6);
    exports_->setFixedHeight(shown * exports_->sizeHintForRow(0) + 2 * exports_->frameWidth() + 4);
}

void ErasureDialog::startErasure() {
    if (state_ != State::Confirming)
        return;
    emit aboutToErase();
    state_ = State::Erasing;
    erase_->setEnabled(false);
    close_->setEnabled(false);
    busy_->show();
    status_->setText(tr("Erasing and rewriting the project file…"));
    const QString path = projectPath_;
    const QStringList customers = plan_.customers;
    task_ = new BackgroundTask(
        tr("Erasing customers"),
        [path, customers](ProgressToken&) {
            const auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
            return QVariant::fromValue(ErasureResultPtr(
                std::make_shared<data::ErasureResult>(data::eraseCustomers(*project, customers))));
        },
        this);
    connect(task_, &BackgroundTask::finished, this, [this](const QVariant& result) {
        showResult(*result.value<ErasureResultPtr>());
        emit erased();
    });
    connect(task_, &BackgroundTask::failed, this, [this](const QString& message) {
        state_ = State::Failed;
        busy_->hide();
        close_->setEnabled(true);
        close_->setText(tr("Close"));
        heading_->setText(tr("The erasure did not finish"));
        explanation_->hide();
        erase_->hide();
        status_->setStyleSheet(QStringLiteral("color: #b3261e;"));
        status_->setText(message);
        emit erasureFailed(message);
    });
    task_->start();
}

void ErasureDialog::showResult(const data::ErasureResult& result) {
    state_ = State::Erased;
    busy_->hide();
    erase_->hide();
    close_->setEnabled(true);
    close_->setText(tr("Close"));
    const QString who = result.plan.customers.size() == 1
                            ? tr("customer %1").arg(result.plan.customers.front())
                            : tr("%1 customers").arg(result.plan.customers.size());
    heading_->setText(tr("Erased %1").arg(who));
    explanation_->setText(
        tr("The rows below were removed at %1 and the project file was rewritten. The audit "
           "table keeps a keyed hash of each id with the time and these counts.")
            .arg(result.erasedAt));
    showCounts(result.plan, true);
    resize(width(), layout()->heightForWidth(width()));
    status_->setText(result.warnings.isEmpty()
                         ? tr("Done.")
                         : tr("Note: %1").arg(result.warnings.join(QStringLiteral("; "))));
}

}  // namespace mb::ui
