#include "DataPage.h"

#include "ErasureDialog.h"
#include "HealthPanel.h"
#include "ProjectConnection.h"
#include "TableBrowser.h"

#include "common/Error.h"
#include "data/Project.h"

#include <QIcon>
#include <QItemSelectionModel>
#include <QMessageBox>
#include <QPushButton>
#include <QSqlRecord>
#include <QSqlTableModel>
#include <QStyle>
#include <QTabWidget>
#include <QTableView>

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
    // Right to erasure: select customers in the customers table, then Erase.
    erase_ =
        new QPushButton(style()->standardIcon(QStyle::SP_TrashIcon), tr("Erase customers…"), tabs_);
    erase_->setObjectName(QStringLiteral("eraseCustomersButton"));
    erase_->setToolTip(
        tr("Select customers in the customers table to erase them from the "
           "project (right to erasure)."));
    erase_->setEnabled(false);
    connect(erase_, &QPushButton::clicked, this, [this] {
        if (ErasureDialog* dialog = eraseSelectedCustomers())
            dialog->open();
    });
    erase_->hide();
    browser_->addFooterWidget(erase_);
    tabs_->setCornerWidget(import, Qt::TopRightCorner);
    connect(browser_, &TableBrowser::tableShown, this, [this] {
        watchSelection();
        updateEraseButton();
    });
    connect(tabs_, &QTabWidget::currentChanged, this, &DataPage::updateEraseButton);
    setBody(tabs_);
}

void DataPage::watchSelection() {
    if (QItemSelectionModel* selection = browser_->view()->selectionModel()) {
        connect(selection, &QItemSelectionModel::selectionChanged, this,
                &DataPage::updateEraseButton, Qt::UniqueConnection);
    }
}

QStringList DataPage::selectedCustomers() const {
    QStringList ids;
    const QSqlTableModel* model = browser_->model();
    QItemSelectionModel* selection = browser_->view()->selectionModel();
    if (!model || !selection || browser_->currentTable() != QStringLiteral("customers"))
        return ids;
    const int column = model->record().indexOf(QStringLiteral("customer"));
    if (column < 0)
        return ids;
    for (const QModelIndex& row : selection->selectedRows(column))
        ids.append(row.data().toString());
    return ids;
}

void DataPage::updateEraseButton() {
    erase_->setVisible(browser_->currentTable() == QStringLiteral("customers"));
    const int selected = static_cast<int>(selectedCustomers().size());
    erase_->setEnabled(connection() && tabs_->currentWidget() == browser_ && selected > 0);
    erase_->setText(selected > 0 ? (selected == 1 ? tr("Erase 1 customer…")
                                                  : tr("Erase %1 customers…").arg(selected))
                                 : tr("Erase customers…"));
}

ErasureDialog* DataPage::eraseSelectedCustomers() {
    const QStringList customers = selectedCustomers();
    if (!connection() || customers.isEmpty())
        return nullptr;
    const QString path = connection()->projectPath();
    data::ErasurePlan plan;
    try {
        const auto project = data::Project::open(path, data::Project::OpenMode::MustExist);
        plan = data::planErasure(*project, customers);
    } catch (const Error& error) {
        QMessageBox::warning(this, tr("Erase customers"), error.message());
        return nullptr;
    }
    auto* dialog = new ErasureDialog(path, plan, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The erasure rewrites the file: no query of this window may hold it open meanwhile.
    connect(dialog, &ErasureDialog::aboutToErase, this,
            [this] { browser_->setConnection(nullptr); });
    auto reconnect = [this] {
        browser_->setConnection(connection());
        browser_->selectTable(QStringLiteral("customers"));
        refresh();
    };
    connect(dialog, &ErasureDialog::erased, this, [this, reconnect] {
        reconnect();
        emit customersErased();
    });
    connect(dialog, &ErasureDialog::erasureFailed, this, reconnect);
    return dialog;
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
