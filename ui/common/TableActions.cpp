#include "TableActions.h"

#include "ResultFreshness.h"
#include "TableCopy.h"
#include "TableExport.h"
#include "TableExportButton.h"
#include "common/Error.h"

#include <QAbstractProxyModel>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QMessageBox>
#include <QRegularExpression>
#include <QTableView>

namespace mb::ui {

namespace {

const char* const kActionsProperty = "mbTableActions";
const char* const kWatchedProperty = "mbTablesWatched";

// The page's own export button for this model, found anywhere in the view's window: a view of
// the model, or of a proxy over it.
TableExportButton* pageExportButton(const QTableView* view) {
    QList<const QAbstractItemModel*> models;
    for (const QAbstractItemModel* model = view->model(); model;) {
        models.append(model);
        const auto* proxy = qobject_cast<const QAbstractProxyModel*>(model);
        model = proxy ? proxy->sourceModel() : nullptr;
    }
    if (models.isEmpty())
        return nullptr;
    for (TableExportButton* button : view->window()->findChildren<TableExportButton*>()) {
        if (models.contains(button->exportedModel()))
            return button;
    }
    return nullptr;
}

// The out-of-date banners nearest the view: those of the closest enclosing widget that has any,
// so a page's banner guards its own section's table and not another's.
QList<OutOfDateBanner*> nearestBanners(const QTableView* view) {
    for (QWidget* around = view->parentWidget(); around; around = around->parentWidget()) {
        QList<OutOfDateBanner*> banners = around->findChildren<OutOfDateBanner*>();
        if (!banners.isEmpty())
            return banners;
        if (around->isWindow())
            break;
    }
    return {};
}

}  // namespace

TableActions::TableActions(QTableView* view) : QObject(view), view_(view) {
    setObjectName(QStringLiteral("tableActions"));
    copy_ = new QAction(tr("Copy"), this);
    copy_->setObjectName(QStringLiteral("copyCellsAction"));
    copy_->setShortcut(QKeySequence::Copy);
    copy_->setShortcutContext(Qt::WidgetShortcut);  // shown in the menu; the key goes via the view
    copy_->setToolTip(tr("Copy the selected cells with their column titles"));
    connect(copy_, &QAction::triggered, this, &TableActions::copySelection);
    copyAll_ = new QAction(tr("Copy all"), this);
    copyAll_->setObjectName(QStringLiteral("copyAllAction"));
    connect(copyAll_, &QAction::triggered, this, &TableActions::copyAll);
    exportCsv_ = new QAction(tr("Export as CSV…"), this);
    exportCsv_->setObjectName(QStringLiteral("exportTableCsvAction"));
    connect(exportCsv_, &QAction::triggered, this, [this] { askAndExport(QStringLiteral("csv")); });
    exportXlsx_ = new QAction(tr("Export as XLSX…"), this);
    exportXlsx_->setObjectName(QStringLiteral("exportTableXlsxAction"));
    connect(exportXlsx_, &QAction::triggered, this,
            [this] { askAndExport(QStringLiteral("xlsx")); });
    view->setProperty(kActionsProperty, QVariant::fromValue(static_cast<QObject*>(this)));
    view->installEventFilter(this);
    view->viewport()->installEventFilter(this);
    updateActions();
}

TableActions* TableActions::attach(QTableView* view) {
    if (!view)
        return nullptr;
    if (TableActions* existing = of(view))
        return existing;
    return new TableActions(view);
}

TableActions* TableActions::of(const QTableView* view) {
    return view ? qobject_cast<TableActions*>(view->property(kActionsProperty).value<QObject*>())
                : nullptr;
}

void TableActions::updateActions() {
    const QAbstractItemModel* model = view_ ? view_->model() : nullptr;
    const bool hasRows = model && model->rowCount(view_->rootIndex()) > 0;
    const bool hasCell =
        hasRows && ((view_->selectionModel() && view_->selectionModel()->hasSelection()) ||
                    view_->currentIndex().isValid());
    copy_->setEnabled(hasCell);
    copyAll_->setEnabled(hasRows);
    const QString refusal = hasRows ? exportRefusal() : tr("The table is empty.");
    for (QAction* action : {exportCsv_, exportXlsx_}) {
        action->setEnabled(refusal.isEmpty());
        action->setToolTip(refusal);
    }
}

QMenu* TableActions::makeMenu(QWidget* parent) {
    updateActions();
    auto* menu = new QMenu(parent);
    menu->setToolTipsVisible(true);
    menu->addAction(copy_);
    menu->addAction(copyAll_);
    menu->addSeparator();
    menu->addAction(exportCsv_);
    menu->addAction(exportXlsx_);
    return menu;
}

QString TableActions::exportRefusal() const {
    if (!view_)
        return tr("The table is gone.");
    for (const OutOfDateBanner* banner : nearestBanners(view_)) {
        if (banner->isOutOfDate())
            return banner->text();
    }
    // The page turned its own export of this table off (nothing planned yet, say): so is this.
    if (const TableExportButton* button = pageExportButton(view_); button && !button->isEnabled())
        return tr("%1 is not available now.").arg(button->text().remove(QChar(0x2026)));
    return {};
}

void TableActions::copySelection() {
    const QString text = selectedCellsText(view_);
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

void TableActions::copyAll() {
    const QString text = allCellsText(view_);
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

QString TableActions::suggestedName() const {
    if (!view_->accessibleName().isEmpty())
        return view_->accessibleName();
    // "offerView" -> "offer view": the name the page gave the table, in words.
    QString name = view_->objectName();
    name.replace(QRegularExpression(QStringLiteral("([a-z])([A-Z])")), QStringLiteral("\\1 \\2"));
    return name.isEmpty() ? QStringLiteral("table") : name.toLower();
}

void TableActions::exportTo(const QString& path) {
    const QString refusal = exportRefusal();
    if (!refusal.isEmpty())
        throw Error(refusal);
    if (TableExportButton* button = pageExportButton(view_)) {
        button->exportTo(path);
        return;
    }
    TableExportOptions options;
    options.columns = visibleColumns(view_->horizontalHeader());
    options.numbersFromText = true;
    options.sheetName = suggestedName().left(31);  // a sheet name holds 31 characters
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QStringLiteral("csv"))
        exportTableToCsv(view_->model(), path, options);
    else if (suffix == QStringLiteral("xlsx"))
        exportTableToXlsx(view_->model(), path, options);
    else
        throw Error(tr("%1: a table is saved as .csv or .xlsx").arg(path));
}

void TableActions::askAndExport(const QString& suffix) {
    const QString refusal = exportRefusal();
    if (!refusal.isEmpty()) {
        QMessageBox::information(view_, tr("Export"), refusal);
        return;
    }
    if (TableExportButton* button = pageExportButton(view_)) {
        button->chooseFileAndExport(suffix);
        return;
    }
    askAndWriteTable(view_, suffix, suggestedName(),
                     [this](const QString& path) { exportTo(path); });
}

bool TableActions::eventFilter(QObject* watched, QEvent* event) {
    // Only keys and the context menu are ours. Others also reach the filter while the table is
    // being destroyed, when it must not be touched (not even through the QPointer's cast).
    const QEvent::Type type = event->type();
    if (type != QEvent::ShortcutOverride && type != QEvent::KeyPress && type != QEvent::ContextMenu)
        return QObject::eventFilter(watched, event);
    if (!view_ || (watched != view_ && watched != view_->viewport()))
        return QObject::eventFilter(watched, event);
    switch (event->type()) {
        case QEvent::ShortcutOverride:
            // Claim Ctrl+C before a window-wide shortcut does, so the table copies its cells.
            if (static_cast<QKeyEvent*>(event)->matches(QKeySequence::Copy)) {
                event->accept();
                return true;
            }
            break;
        case QEvent::KeyPress:
            // Replaces the view's own copy, which takes the current cell alone.
            if (static_cast<QKeyEvent*>(event)->matches(QKeySequence::Copy)) {
                copySelection();
                return true;
            }
            break;
        case QEvent::ContextMenu:
            if (view_->contextMenuPolicy() == Qt::DefaultContextMenu) {
                auto* request = static_cast<QContextMenuEvent*>(event);
                QMenu* menu = makeMenu(view_);
                menu->setAttribute(Qt::WA_DeleteOnClose);
                menu->popup(request->globalPos());
                return true;
            }
            break;
        default:
            break;
    }
    return QObject::eventFilter(watched, event);
}

namespace {

// Attaches TableActions to tables made under root after the install: each widget is polished
// once before it is first shown, and the application's filter sees that for every widget.
class TableWatcher : public QObject {
public:
    explicit TableWatcher(QWidget* root) : QObject(root), root_(root) {
        qApp->installEventFilter(this);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Polish) {
            if (auto* view = qobject_cast<QTableView*>(watched); view && isUnderRoot(view))
                TableActions::attach(view);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    // Through windows too: a dialog the main window owns is still the application's.
    bool isUnderRoot(const QWidget* widget) const {
        for (; widget; widget = widget->parentWidget()) {
            if (widget == root_)
                return true;
        }
        return false;
    }

    QWidget* root_;
};

}  // namespace

void installTableActions(QWidget* root) {
    if (!root || root->property(kWatchedProperty).toBool())
        return;
    root->setProperty(kWatchedProperty, true);
    new TableWatcher(root);
    for (QTableView* view : root->findChildren<QTableView*>())
        TableActions::attach(view);
}

}  // namespace mb::ui
