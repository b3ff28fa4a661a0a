#pragma once

#include "common/Progress.h"

#include <QElapsedTimer>
#include <QObject>
#include <QVariant>
#include <functional>
#include <memory>

namespace mb::ui {

// One piece of long work run on the global thread pool, reporting to the GUI thread.
//
// The work gets a ProgressToken: it calls report(fraction) and checks isCancelled() at safe
// points. It must own everything it reads (capture inputs by value, never the page), because it
// may outlive the object that started it. It returns its result as a QVariant (wrap a result
// struct with QVariant::fromValue, a move-only one in a std::shared_ptr); a thrown exception
// becomes failed(message).
//
// Exactly one of finished, failed or cancelled is emitted, on the GUI thread, followed by ended.
// Destroying the task while it runs cancels the work and emits nothing: the worker keeps only
// shared state, never a pointer to this object or its parent.
class BackgroundTask : public QObject {
    Q_OBJECT
public:
    using Work = std::function<QVariant(ProgressToken& token)>;

    BackgroundTask(const QString& name, Work work, QObject* parent = nullptr);
    ~BackgroundTask() override;

    // Starts the work; a task runs once, so a second call does nothing.
    void start();
    // Asks the work to stop; cancelled() follows once it has returned.
    void cancel();
    // Cancels the work and silences the task: no signal follows, whatever the work returns.
    void abandon();

    const QString& name() const { return name_; }
    bool isRunning() const { return running_; }
    bool isCancelling() const;
    int percent() const { return percent_; }
    // Milliseconds since start(), frozen when the task ends; 0 before it starts.
    qint64 elapsedMs() const;

signals:
    void progressChanged(int percent);
    void finished(const QVariant& result);
    void failed(const QString& message);
    void cancelled();
    void ended();

private:
    struct Shared;
    struct Outcome;
    void deliver(const Outcome& outcome);

    QString name_;
    Work work_;
    std::shared_ptr<Shared> shared_;
    QElapsedTimer clock_;
    qint64 endedMs_ = -1;
    int percent_ = 0;
    bool started_ = false;
    bool running_ = false;
    bool abandoned_ = false;
};

}  // namespace mb::ui
