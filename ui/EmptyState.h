#pragma once

#include <QWidget>

namespace mb::ui {

// What a page shows while no project is open: one sentence and the three ways to get started.
class EmptyState : public QWidget {
    Q_OBJECT
public:
    explicit EmptyState(QWidget* parent = nullptr);

signals:
    void openDemoRequested();
    void newProjectRequested();
    void openProjectRequested();
};

}  // namespace mb::ui
