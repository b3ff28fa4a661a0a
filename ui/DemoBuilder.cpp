#include "DemoBuilder.h"

#include "ProgressRelay.h"
#include "data/DemoProject.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QProgressDialog>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace mb::ui {

namespace {

struct BuildOutcome {
    QString error;
    bool cancelled = false;
};

BuildOutcome buildDemo(const QString& projectPath, const QString& demoDir,
                       const std::shared_ptr<ProgressToken>& token) {
    BuildOutcome outcome;
    try {
        // Built aside and moved into place only when whole (see buildDemoProject).
        data::buildDemoProject(projectPath, demoDir, token.get());
    } catch (const std::exception& error) {
        outcome.error = QString::fromStdString(error.what());
    }
    outcome.cancelled = token->isCancelled();
    return outcome;
}

}  // namespace

DemoBuilder::DemoBuilder(QWidget* window) : QObject(window), window_(window) {
    relay_ = new ProgressRelay(this);
}

DemoBuilder::~DemoBuilder() {
    // The worker reports to relay_, which dies with this object: let the worker finish first.
    if (running_) {
        token_->cancel();
        future_.waitForFinished();
    }
}

QString DemoBuilder::defaultDemoPath() {
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("demo.merchbench"));
}

bool DemoBuilder::start(const QString& projectPath, const QString& demoDataDir, QString* error) {
    if (running_)
        return true;
    if (demoDataDir.isEmpty() || !QFileInfo(demoDataDir).isDir()) {
        if (error)
            *error = tr("The demo data was not found; it is installed with Merchbench.");
        return false;
    }
    if (!QDir().mkpath(QFileInfo(projectPath).absolutePath())) {
        if (error)
            *error = tr("Could not create the folder for %1").arg(projectPath);
        return false;
    }
    running_ = true;
    token_ = std::make_shared<ProgressToken>();
    relay_->reset();
    token_->setListener(relay_->listener());

    dialog_ = new QProgressDialog(tr("Building the demo project…"), tr("Cancel"), 0, 100, window_);
    dialog_->setWindowTitle(tr("Demo project"));
    dialog_->setWindowModality(Qt::WindowModal);
    dialog_->setMinimumDuration(0);
    dialog_->setAutoClose(false);
    dialog_->setAutoReset(false);
    dialog_->setValue(0);
    connect(relay_, &ProgressRelay::percentChanged, dialog_, &QProgressDialog::setValue);
    connect(dialog_, &QProgressDialog::canceled, this, &DemoBuilder::cancel);

    auto* watcher = new QFutureWatcher<BuildOutcome>(this);
    connect(watcher, &QFutureWatcher<BuildOutcome>::finished, this, [this, watcher, projectPath] {
        const BuildOutcome outcome = watcher->result();
        watcher->deleteLater();
        running_ = false;
        dialog_->deleteLater();
        dialog_ = nullptr;
        if (outcome.cancelled) {
            emit cancelled();
        } else if (!outcome.error.isEmpty()) {
            emit failed(outcome.error);
        } else {
            emit built(projectPath);
        }
    });
    const QFuture<BuildOutcome> future =
        QtConcurrent::run(buildDemo, projectPath, demoDataDir, token_);
    future_ = future;
    watcher->setFuture(future);
    return true;
}

void DemoBuilder::cancel() {
    if (token_)
        token_->cancel();
    if (dialog_)
        dialog_->setLabelText(tr("Cancelling…"));
}

}  // namespace mb::ui
