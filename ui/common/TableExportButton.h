#pragma once

#include "TableExport.h"

#include <QPointer>
#include <QToolButton>
#include <functional>

class QAbstractItemView;
class QTableView;

namespace mb::ui {

// "Export…" with a menu (CSV, Excel workbook) for any table on a page. It exports what the user
// sees: the view's model (so a filter applies) and its visible columns in their visual order.
class TableExportButton : public QToolButton {
    Q_OBJECT
public:
    explicit TableExportButton(QWidget* parent = nullptr);

    // Exports view->model() with the view's visible columns.
    void setView(QTableView* view);
    // Exports every column of a model no view shows.
    void setModel(QAbstractItemModel* model);
    // The suggested file name without suffix, e.g. "Markdown plan".
    void setBaseName(const QString& name) { baseName_ = name; }
    // Written as a .params.json sidecar (CSV) or a Parameters sheet (XLSX).
    void setParameters(const QJsonObject& parameters) { parameters_ = parameters; }
    // The role cells are read with (see TableExportOptions).
    void setRole(int role) { role_ = role; }
    // A table that is a decision file (the price-change list) is written as CSV by that file's
    // one writer, so the page's file and the CLI's are the same; XLSX stays the table's.
    void setCsvWriter(std::function<void(const QString& path)> writer) {
        csvWriter_ = std::move(writer);
    }

    // Why the table may not be written now ("" when it may), asked before every format: a
    // result out of date is refused whether called from the menu, the context menu or code.
    void setRefusal(std::function<QString()> refusal) { refusal_ = std::move(refusal); }

    // Writes the table to path without asking; the suffix (.csv or .xlsx) picks the format.
    // Throws mb::Error, with the refusal's reason when there is one.
    void exportTo(const QString& path);
    TableExportOptions options() const;
    // The model this button writes (the view's when it has one), so a table's context menu can
    // export through the page's own button.
    QAbstractItemModel* exportedModel() const;
    // Asks for a file (suffix "csv" or "xlsx") and exports, saying why when it fails.
    void chooseFileAndExport(const QString& suffix);

signals:
    void exported(const QString& path);

private:
    QPointer<QTableView> view_;
    QPointer<QAbstractItemModel> model_;
    QString baseName_ = QStringLiteral("table");
    QJsonObject parameters_;
    int role_ = Qt::DisplayRole;
    std::function<void(const QString& path)> csvWriter_;
    std::function<QString()> refusal_;
};

// Asks where to save a table (suffix "csv" or "xlsx"; the export guard of ExportLocation applies)
// and runs write(path), saying why in a message box when it throws.
void askAndWriteTable(QWidget* parent, const QString& suffix, const QString& baseName,
                      const std::function<void(const QString& path)>& write);

}  // namespace mb::ui
