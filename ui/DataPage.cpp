#include "DataPage.h"

#include "HealthPanel.h"
#include "ProjectConnection.h"
#include "TableBrowser.h"

#include <QIcon>
#include <QPushButton>
#include <QTabWidget>

namespace mb::ui {

DataPage::DataPage(QWidget* parent)
    : ProjectPage(tr("Data"),
                  tr("Everything imported into this project, table by table, and what to check "
                     "before trusting an analysis."),
                  parent) {
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    browser_ = new TableBrowser(tabs_);
    health_ = new HealthPanel(tabs_);
    tabs_->addTab(browser_, tr("Tables"));
    tabs_->addTab(health_, tr("Data health"));

    auto* import = new QPushButton(QIcon(QStringLiteral(":/icons/action-import.svg")),
                                   tr("Import data…"), tabs_);
    import->setObjectName(QStringLiteral("importButton"));
    connect(import, &QPushButton::clicked, this, &DataPage::importRequested);
    tabs_->setCornerWidget(import, Qt::TopRightCorner);
    setBody(tabs_);
}

void DataPage::setConnection(ProjectConnection* connection) {
    ProjectPage::setConnection(connection);
    browser_->setConnection(connection);
    health_->setProjectPath(connection ? connection->projectPath() : QString());
}

void DataPage::refresh() {
    browser_->refresh();
    health_->refresh();
}

void DataPage::showHealth() {
    tabs_->setCurrentWidget(health_);
}
void DataPage::showTables() {
    tabs_->setCurrentWidget(browser_);
}

}  // namespace mb::ui
