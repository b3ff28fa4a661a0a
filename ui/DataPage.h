#pragma once

#include "ProjectPage.h"

class QPushButton;
class QTabWidget;

namespace mb::ui {

class ErasureDialog;
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

    // The customer ids of the rows selected in the customers table (empty elsewhere).
    QStringList selectedCustomers() const;
    QPushButton* eraseButton() const { return erase_; }
    // Opens the confirmation for the selected customers; null when none is selected or the
    // plan cannot be read (the reason is shown).
    ErasureDialog* eraseSelectedCustomers();

signals:
    void importRequested();
    // Customers were erased: every page re-reads the project.
    void customersErased();

private:
    void updateEraseButton();
    void watchSelection();

    QTabWidget* tabs_ = nullptr;
    QPushButton* erase_ = nullptr;
    TableBrowser* browser_ = nullptr;
    HealthPanel* health_ = nullptr;
};

}  // namespace mb::ui
