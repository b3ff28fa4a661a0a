#pragma once

#include "common/Progress.h"

#include <QObject>
#include <atomic>

namespace mb::ui {

// Carries a ProgressToken's reports from a worker thread to the GUI thread as a queued signal.
// Only whole-percent changes are posted, so a fast worker cannot flood the event queue. The
// relay must outlive the work it listens to.
class ProgressRelay : public QObject {
    Q_OBJECT
public:
    explicit ProgressRelay(QObject* parent = nullptr);

    // The listener to install on the token; safe to call from any thread.
    ProgressToken::Listener listener();
    void reset();

signals:
    void percentChanged(int percent);

private:
    std::atomic<int> lastPercent_{-1};
};

}  // namespace mb::ui
