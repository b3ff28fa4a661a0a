#include "TaskBar.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

namespace mb::ui {

TaskBar::TaskBar(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("taskBar"));
    nameLabel_ = new QLabel(this);
    nameLabel_->setObjectName(QStringLiteral("taskName"));
    nameLabel_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A long error wraps onto more lines instead of widening the page past the window.
    nameLabel_->setWordWrap(true);
    nameLabel_->setMinimumWidth(400);  // one line for every short status, a few for errors
    nameLabel_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    progress_ = new QProgressBar(this);
    progress_->setObjectName(QStringLiteral("taskProgress"));
    progress_->setRange(0, 100);
    progress_->setTextVisible(true);
    progress_->setMinimumWidth(160);
    elapsedLabel_ = new QLabel(this);
    elapsedLabel_->setObjectName(QStringLiteral("taskElapsed"));
    // Wide enough for "00:00" so the bar does not jump as the seconds tick.
    elapsedLabel_->setMinimumWidth(
        elapsedLabel_->fontMetrics().horizontalAdvance(QStringLiteral("00:00:00")) + 4);
    elapsedLabel_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    cancelButton_ = new QPushButton(tr("Cancel"), this);
    cancelButton_->setObjectName(QStringLiteral("taskCancel"));
    connect(cancelButton_, &QPushButton::clicked, this, &TaskBar::cancel);
    dismissButton_ = new QPushButton(tr("Dismiss"), this);
    dismissButton_->setObjectName(QStringLiteral("taskDismiss"));
    dismissButton_->setFlat(true);
    connect(dismissButton_, &QPushButton::clicked, this, &TaskBar::dismiss);
    clock_ = new QTimer(this);
    clock_->setInterval(250);
    connect(clock_, &QTimer::timeout, this, &TaskBar::tick);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 4);
    layout->addWidget(nameLabel_, 1);
    layout->addWidget(progress_, 2);
    layout->addWidget(elapsedLabel_);
    layout->addWidget(cancelButton_);
    layout->addWidget(dismissButton_);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    hide();
}

BackgroundTask* TaskBar::start(const QString& name, BackgroundTask::Work work) {
    if (task_) {
        task_->abandon();
        task_->deleteLater();  // not delete: start() may be called from one of its signals
    }
    auto* task = new BackgroundTask(name, std::move(work), this);
    task_ = task;
    connect(task, &BackgroundTask::progressChanged, this, [this](int percent) {
        progress_->setValue(percent);
        emit progressChanged(percent);
    });
    connect(task, &BackgroundTask::finished, this, [this](const QVariant& result) {
        showEnded(tr("%1: done in %2").arg(task_->name(), formatElapsed(task_->elapsedMs())), {});
        emit finished(result);
    });
    connect(task, &BackgroundTask::failed, this, [this](const QString& message) {
        showEnded(tr("%1 failed: %2").arg(task_->name(), message), QStringLiteral("#b3261e"));
        emit failed(message);
    });
    connect(task, &BackgroundTask::cancelled, this, [this] {
        showEnded(
            tr("%1: cancelled after %2").arg(task_->name(), formatElapsed(task_->elapsedMs())),
            QStringLiteral("#7a5d00"));
        emit cancelled();
    });
    connect(task, &BackgroundTask::ended, this, &TaskBar::ended);
    showRunning();
    task->start();
    emit started();
    return task;
}

void TaskBar::cancel() {
    if (!isRunning())
        return;
    task_->cancel();
    cancelButton_->setEnabled(false);
    nameLabel_->setText(tr("%1: cancelling…").arg(task_->name()));
}

bool TaskBar::isRunning() const {
    return task_ && task_->isRunning();
}

QString TaskBar::statusText() const {
    if (!isRunning())
        return nameLabel_->text();
    return QStringLiteral("%1 %2% %3")
        .arg(nameLabel_->text())
        .arg(percent())
        .arg(elapsedLabel_->text());
}

int TaskBar::percent() const {
    return task_ ? task_->percent() : 0;
}

void TaskBar::dismiss() {
    if (!isRunning())
        hide();
}

QString TaskBar::formatElapsed(qint64 milliseconds) {
    const qint64 seconds = std::max<qint64>(0, milliseconds / 1000);
    const qint64 hours = seconds / 3600;
    const QString minutesSeconds = QStringLiteral("%1:%2")
                                       .arg(hours > 0 ? (seconds / 60) % 60 : seconds / 60,
                                            hours > 0 ? 2 : 1, 10, QLatin1Char('0'))
                                       .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return hours > 0 ? QStringLiteral("%1:%2").arg(hours).arg(minutesSeconds) : minutesSeconds;
}

void TaskBar::showRunning() {
    nameLabel_->setText(task_->name());
    nameLabel_->setStyleSheet(QString());
    nameLabel_->setToolTip(QString());
    progress_->setValue(0);
    progress_->show();
    elapsedLabel_->setText(formatElapsed(0));
    elapsedLabel_->show();
    cancelButton_->setEnabled(true);
    cancelButton_->show();
    dismissButton_->hide();
    clock_->start();
    show();
}

void TaskBar::showEnded(const QString& text, const QString& color) {
    clock_->stop();
    nameLabel_->setText(text);
    nameLabel_->setToolTip(text);
    nameLabel_->setStyleSheet(color.isEmpty() ? QString()
                                              : QStringLiteral("color: %1;").arg(color));
    progress_->hide();
    elapsedLabel_->hide();
    cancelButton_->hide();
    dismissButton_->show();
}

void TaskBar::tick() {
    if (task_)
        elapsedLabel_->setText(formatElapsed(task_->elapsedMs()));
}

}  // namespace mb::ui
