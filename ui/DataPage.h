#pragma once

#include "ProjectPage.h"

class QTabWidget;

namespace mb::ui {

class HealthPanel;
class TableBrowser;

// The Data page: browse every imported table, and see the data-health report.
class DataPage : public ProjectPage {
    Q_OBJECT
public:
    explicit DataPage(QWidget* parent = nullptr);

    void setConnection(ProjectConnection* connection) override;
    void refresh() override;

    TableBrowser* browser() const { return browser_; }
    HealthPanel* healthPanel() const { return health_; }
    QTabWidget* tabs() const { return tabs_; }
    void showHealth();
    void showTables();

signals:
    void importRequested();

private:
    QTabWidget* tabs_ = nullptr;
    TableBrowser* browser_ = nullptr;
    HealthPanel* health_ = nullptr;
};

}  // namespace mb::ui
