#pragma once

#include "common/Progress.h"

#include <QFuture>
#include <QObject>
#include <memory>

class QProgressDialog;

namespace mb::ui {

class ProgressRelay;

// Builds the demo project on a worker thread, showing progress with a Cancel button. The project
// is written under a temporary name and renamed at the end, so a cancel or a failure never
// leaves a half-built demo that would later be opened as if it were complete.
class DemoBuilder : public QObject {
    Q_OBJECT
public:
    explicit DemoBuilder(QWidget* window);
    ~DemoBuilder() override;

    // Where the demo lives: AppDataLocation/demo.merchbench.
    static QString defaultDemoPath();

    // Returns false (and emits nothing) when the demo data cannot be found; `error` says why.
    bool start(const QString& projectPath, const QString& demoDataDir, QString* error = nullptr);
    bool isRunning() const { return running_; }
    void cancel();

signals:
    void built(const QString& projectPath);
    void failed(const QString& message);
    void cancelled();

private:
    QWidget* window_ = nullptr;
    QProgressDialog* dialog_ = nullptr;
    ProgressRelay* relay_ = nullptr;
    std::shared_ptr<ProgressToken> token_;
    QFuture<void> future_;
    bool running_ = false;
};

}  // namespace mb::ui
