#pragma once

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace mb::ui {

class HealthFindingModel;
class KindHealthModel;

// Shows the project's data-health report. The check reads the whole project, so it runs on a
// worker thread with its own connection; a newer check makes an older result stale.
class HealthPanel : public QWidget {
    Q_OBJECT
public:
    explicit HealthPanel(QWidget* parent = nullptr);

    void setProjectPath(const QString& path);  // "" when the project closes
    void refresh();
    bool isChecking() const { return checking_; }
    QString statusText() const;

    KindHealthModel* kindModel() const { return kindModel_; }
    HealthFindingModel* findingModel() const { return findingModel_; }

signals:
    void checkFinished();

private:
    void showOutcome(const QString& error);

    QString projectPath_;
    int generation_ = 0;
    bool checking_ = false;
    KindHealthModel* kindModel_ = nullptr;
    HealthFindingModel* findingModel_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QPushButton* checkButton_ = nullptr;
    QTableView* kindView_ = nullptr;
    QTableView* findingView_ = nullptr;
};

}  // namespace mb::ui
