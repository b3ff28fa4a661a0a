#pragma once

#include "BackgroundTask.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace mb::ui {

// A strip for the bottom of a page that runs one BackgroundTask at a time and shows its name,
// percent, elapsed time and a Cancel button; when the task ends it shows how it ended.
//
// Starting a new task while one runs supersedes the old one: the old work is cancelled and
// deleted, and none of its signals (nor the bar's forwarded ones) fire any more, so a stale
// result can never overwrite a newer one. The bar is hidden until the first start().
class TaskBar : public QWidget {
    Q_OBJECT
public:
    explicit TaskBar(QWidget* parent = nullptr);

    // Runs work under the given name (e.g. "Optimising markdowns"). The returned task belongs
    // to the bar and stays valid until the next start(); connect to it or to the bar's signals.
    BackgroundTask* start(const QString& name, BackgroundTask::Work work);
    // Asks the running task to stop; cancelled() follows when the work has returned.
    void cancel();

    bool isRunning() const;
    BackgroundTask* task() const { return task_; }
    // What the bar says, e.g. "Optimising markdowns 42% 0:07" or "Optimising markdowns:
    // cancelled after 0:03"; for tests and screenshots.
    QString statusText() const;
    int percent() const;
    // Hides the bar again (e.g. once the page has shown the result elsewhere).
    void dismiss();

    // "0:07", "12:30", "1:02:03".
    static QString formatElapsed(qint64 milliseconds);

signals:
    // The current task's signals, forwarded.
    void started();
    void progressChanged(int percent);
    void finished(const QVariant& result);
    void failed(const QString& message);
    void cancelled();
    void ended();

private:
    void showRunning();
    void showEnded(const QString& text, const QString& color);
    void tick();

    QPointer<BackgroundTask> task_;
    QLabel* nameLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* elapsedLabel_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QPushButton* dismissButton_ = nullptr;
    QTimer* clock_ = nullptr;
};

}  // namespace mb::ui
