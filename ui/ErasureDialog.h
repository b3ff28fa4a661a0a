#pragma once

#include "data/CustomerErasure.h"

#include <QDialog>
#include <QPointer>

class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace mb::ui {

class BackgroundTask;

// Erasing customers from the Data page: first what goes (rows per table, and the files written
// earlier that name them), then, once confirmed, the erasure in the background and its result.
class ErasureDialog : public QDialog {
    Q_OBJECT
public:
    ErasureDialog(const QString& projectPath, const data::ErasurePlan& plan,
                  QWidget* parent = nullptr);
    ~ErasureDialog() override;

    enum class State { Confirming, Erasing, Erased, Failed };
    State state() const { return state_; }
    QPushButton* eraseButton() const { return erase_; }

signals:
    // The erasure was committed (the page re-reads the project) or failed.
    void erased();
    void erasureFailed(const QString& message);
    // Just before the work starts: the page lets go of every query on the project.
    void aboutToErase();

public slots:
    void startErasure();

private:
    void showCounts(const data::ErasurePlan& plan, bool done);
    void showResult(const data::ErasureResult& result);

    QString projectPath_;
    data::ErasurePlan plan_;
    State state_ = State::Confirming;
    QLabel* heading_ = nullptr;
    QLabel* explanation_ = nullptr;
    QTableWidget* counts_ = nullptr;
    QLabel* exportsLabel_ = nullptr;
    QListWidget* exports_ = nullptr;
    QProgressBar* busy_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* erase_ = nullptr;
    QPushButton* close_ = nullptr;
    QPointer<BackgroundTask> task_;
};

}  // namespace mb::ui
