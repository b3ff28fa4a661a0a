#include "BackgroundTask.h"

#include "ProgressRelay.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <exception>

namespace mb::ui {

// What the worker and the GUI thread both hold. The relay has no parent and is released with
// deleteLater, so whichever side lets go last, it dies on the GUI thread.
struct BackgroundTask::Shared {
    ProgressToken token;
    std::unique_ptr<ProgressRelay, void (*)(ProgressRelay*)> relay{
        new ProgressRelay, [](ProgressRelay* relay) { relay->deleteLater(); }};
};

struct BackgroundTask::Outcome {
    QVariant result;
    QString error;
    bool cancelled = false;
};

namespace {

QVariant runWork(const BackgroundTask::Work& work, ProgressToken& token, QString& error) {
    try {
        return work(token);
    } catch (const std::exception& failure) {
        error = QString::fromUtf8(failure.what());
    } catch (...) {
        error = QObject::tr("an unknown error stopped the work");
    }
    return {};
}

}  // namespace

BackgroundTask::BackgroundTask(const QString& name, Work work, QObject* parent)
    : QObject(parent), name_(name), work_(std::move(work)), shared_(std::make_shared<Shared>()) {
    connect(shared_->relay.get(), &ProgressRelay::percentChanged, this, [this](int percent) {
        if (!running_ || abandoned_)
            return;  // a late report after the end must not move the bar back
        percent_ = percent;
        emit progressChanged(percent);
    });
    shared_->token.setListener(shared_->relay->listener());
}

BackgroundTask::~BackgroundTask() {
    // The worker may still run: it stops at its next check and finds nobody to report to.
    shared_->token.cancel();
}

void BackgroundTask::start() {
    if (started_)
        return;
    started_ = true;
    running_ = true;
    clock_.start();
    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher] {
        const Outcome outcome = watcher->result();
        watcher->deleteLater();
        deliver(outcome);
    });
    watcher->setFuture(QtConcurrent::run([shared = shared_, work = work_] {
        Outcome outcome;
        outcome.result = runWork(work, shared->token, outcome.error);
        outcome.cancelled = shared->token.isCancelled();
        return outcome;
    }));
}

void BackgroundTask::cancel() {
    if (running_)
        shared_->token.cancel();
}

void BackgroundTask::abandon() {
    abandoned_ = true;
    shared_->token.cancel();
}

bool BackgroundTask::isCancelling() const {
    return running_ && shared_->token.isCancelled();
}

qint64 BackgroundTask::elapsedMs() const {
    if (!started_)
        return 0;
    return endedMs_ >= 0 ? endedMs_ : clock_.elapsed();
}

void BackgroundTask::deliver(const Outcome& outcome) {
    running_ = false;
    endedMs_ = clock_.elapsed();
    if (abandoned_)
        return;
    // A cancel wins over a late result or the error the work threw to stop.
    if (outcome.cancelled) {
        emit cancelled();
    } else if (!outcome.error.isEmpty()) {
        emit failed(outcome.error);
    } else {
        percent_ = 100;
        emit progressChanged(100);
        emit finished(outcome.result);
    }
    emit ended();
}

}  // namespace mb::ui
