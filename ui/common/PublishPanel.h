#pragma once

#include <QWidget>
#include <functional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace mb::ui {

class BackgroundTask;
class ProjectConnection;

// "Publish to database" for a page's recorded run: the run's decisions go to the project's
// database sink (settings publish_to, pg::publishSink) with pg::publishRun in the background, on
// a project connection of its own, so the window never blocks; a busy bar shows while it runs
// and a line says what landed or why nothing did. Hidden while the project names no sink. The
// page decides which run may be published (a current, recorded one) and says so with setRun.
class PublishPanel : public QWidget {
    Q_OBJECT
public:
    explicit PublishPanel(QWidget* parent = nullptr);
    ~PublishPanel() override;

    // The project whose runs are published; reads its sink and forgets the run.
    void setConnection(ProjectConnection* connection);
    // Reads the project's sink again (Project Settings may have changed it); keeps the run.
    void readSink();
    // The run Publish sends; -1: none (the button is disabled). Forgets the last result.
    void setRun(qint64 runId);
    qint64 run() const { return runId_; }
    QString sink() const { return sink_; }
    bool hasSink() const { return !sink_.isEmpty(); }

    // Asked before each publish (the button's too): false refuses, the page having said why, so
    // a result gone out of date is never published.
    void setGuard(std::function<bool()> guard) { guard_ = std::move(guard); }
    // Starts publishing the run; false when there is no sink, no run, one is being published,
    // or the guard refuses.
    bool publish();
    bool isPublishing() const;
    QPushButton* button() const { return button_; }
    QString resultText() const;

signals:
    // The sentence shown once publishing ended, and whether it failed.
    void publishEnded(const QString& text, bool failed);

private:
    void showResult(const QString& text, bool failed);
    void updateButton();

    ProjectConnection* connection_ = nullptr;
    QString sink_;
    qint64 runId_ = -1;
    QPushButton* button_ = nullptr;
    QProgressBar* busy_ = nullptr;
    QLabel* result_ = nullptr;
    BackgroundTask* task_ = nullptr;
    std::function<bool()> guard_;
};

}  // namespace mb::ui
