#include "TableExportButton.h"

#include "ExportLocation.h"
#include "common/Error.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QMenu>
#include <QMessageBox>
#include <QTableView>

namespace mb::ui {

TableExportButton::TableExportButton(QWidget* parent) : QToolButton(parent) {
    setObjectName(QStringLiteral("tableExportButton"));
    setText(tr("Export…"));
    setToolTip(tr("Save this table as a file"));
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* menu = new QMenu(this);
    QAction* csv = menu->addAction(tr("CSV file…"));
    csv->setObjectName(QStringLiteral("exportCsvAction"));
    connect(csv, &QAction::triggered, this, [this] { chooseFileAndExport(QStringLiteral("csv")); });
    QAction* xlsx = menu->addAction(tr("Excel workbook…"));
    xlsx->setObjectName(QStringLiteral("exportXlsxAction"));
    connect(xlsx, &QAction::triggered, this,
            [this] { chooseFileAndExport(QStringLiteral("xlsx")); });
    setMenu(menu);
}

void TableExportButton::setView(QTableView* view) {
    view_ = view;
    model_ = nullptr;
}

void TableExportButton::setModel(QAbstractItemModel* model) {
    model_ = model;
    view_ = nullptr;
}

TableExportOptions TableExportButton::options() const {
    TableExportOptions options;
    options.role = role_;
    options.parameters = parameters_;
    options.sheetName = baseName_;
    if (view_)
        options.columns = visibleColumns(view_->horizontalHeader());
    return options;
}

QAbstractItemModel* TableExportButton::exportedModel() const {
    return view_ ? view_->model() : model_.data();
}

void TableExportButton::exportTo(const QString& path) {
    if (refusal_)
        if (const QString reason = refusal_(); !reason.isEmpty())
            throw Error(reason);
    QAbstractItemModel* model = exportedModel();
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QStringLiteral("xlsx")) {
        exportTableToXlsx(model, path, options());
    } else if (suffix == QStringLiteral("csv") && csvWriter_) {
        csvWriter_(path);
    } else if (suffix == QStringLiteral("csv")) {
        exportTableToCsv(model, path, options());
    } else {
        throw Error(tr("%1: a table is saved as .csv or .xlsx").arg(path));
    }
    emit exported(path);
}

void TableExportButton::chooseFileAndExport(const QString& suffix) {
    askAndWriteTable(this, suffix, baseName_, [this](const QString& path) { exportTo(path); });
}

void askAndWriteTable(QWidget* parent, const QString& suffix, const QString& baseName,
                      const std::function<void(const QString& path)>& write) {
    const bool xlsx = suffix == QStringLiteral("xlsx");
    const QString path =
        ExportLocation::askSavePath(parent,
                                    xlsx ? TableExportButton::tr("Export as Excel workbook")
                                         : TableExportButton::tr("Export as CSV"),
                                    baseName,
                                    xlsx ? TableExportButton::tr("Excel workbooks (*.xlsx)")
                                         : TableExportButton::tr("CSV files (*.csv)"),
                                    suffix);
    if (path.isEmpty())
        return;
    try {
        write(path);
    } catch (const std::exception& error) {
        QMessageBox::warning(parent, TableExportButton::tr("Export failed"),
                             QString::fromUtf8(error.what()));
    }
}

}  // namespace mb::ui
