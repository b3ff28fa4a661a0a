#pragma once

#include <QObject>
#include <QPointer>

class QAction;
class QMenu;
class QTableView;
class QWidget;

namespace mb::ui {

// Copy and export for a table, whatever page it is on: Ctrl+C copies the selected cells
// (TableCopy.h), and a right-click offers Copy, Copy all, Export as CSV… and Export as XLSX….
// Exports write what the view shows (its filter, its visible columns in their order) through
// TableExport, or through the page's own TableExportButton when one exports the view's model,
// so a decision file keeps its one writer. An export is refused while the nearest out-of-date
// banner around the table (OutOfDateBanner) says its result is stale: a stale table is never
// written to a file silently.
class TableActions : public QObject {
    Q_OBJECT
public:
    // Gives the view its actions once; later calls return the same object (a child of the view).
    static TableActions* attach(QTableView* view);
    // The view's actions, or nullptr when it has none.
    static TableActions* of(const QTableView* view);

    QAction* copyAction() const { return copy_; }
    QAction* copyAllAction() const { return copyAll_; }
    QAction* exportCsvAction() const { return exportCsv_; }
    QAction* exportXlsxAction() const { return exportXlsx_; }

    // Enables the actions for the table as it is now and returns the right-click menu, owned by
    // parent.
    QMenu* makeMenu(QWidget* parent);
    // The sentence an export refuses with now (the out-of-date banner's or the page's), or ""
    // when the table may be exported.
    QString exportRefusal() const;
    // Writes the table to path without asking; the suffix (.csv or .xlsx) picks the format.
    // Throws mb::Error, and refuses as exportRefusal() says.
    void exportTo(const QString& path);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    explicit TableActions(QTableView* view);
    void updateActions();
    void copySelection();
    void copyAll();
    void askAndExport(const QString& suffix);
    QString suggestedName() const;

    QPointer<QTableView> view_;
    QAction* copy_ = nullptr;
    QAction* copyAll_ = nullptr;
    QAction* exportCsv_ = nullptr;
    QAction* exportXlsx_ = nullptr;
};

// Attaches TableActions to every table under root (dialogs it owns included) and to every table
// made under it later, so one call in the main window covers each page. A table that asks for
// its own context menu (a policy other than Qt::DefaultContextMenu) keeps it and gets Ctrl+C only.
void installTableActions(QWidget* root);

}  // namespace mb::ui
