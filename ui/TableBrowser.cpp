#include "TableBrowser.h"

#include "Format.h"
#include "ProjectConnection.h"
#include "ProjectTableModel.h"
#include "data/Kind.h"
#include "data/ProjectTables.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSqlError>
#include <QSqlTableModel>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace mb::ui {

namespace {

// Tables that are not an input kind but are worth browsing.
// The widest a column grows to fit its text, in pixels.
constexpr int kWidestColumn = 360;

const QStringList kHistoryTables = {QStringLiteral("imports"), QStringLiteral("runs"),
                                    QStringLiteral("decisions")};

}  // namespace

TableBrowser::TableBrowser(QWidget* parent) : QWidget(parent) {
    tableChooser_ = new QComboBox(this);
    tableChooser_->setObjectName(QStringLiteral("tableChooser"));
    tableChooser_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    tableChooser_->setMinimumWidth(220);
    columnChooser_ = new QComboBox(this);
    columnChooser_->setObjectName(QStringLiteral("columnChooser"));
    columnChooser_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    filterEdit_ = new QLineEdit(this);
    filterEdit_->setObjectName(QStringLiteral("filterEdit"));
    filterEdit_->setPlaceholderText(tr("Filter rows containing…"));
    filterEdit_->setClearButtonEnabled(true);
    countLabel_ = new QLabel(this);
    countLabel_->setObjectName(QStringLiteral("rowCountLabel"));

    view_ = new QTableView(this);
    view_->setObjectName(QStringLiteral("tableView"));
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setAlternatingRowColors(true);
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 8);
    view_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->horizontalHeader()->setDefaultSectionSize(130);

    filterDelay_ = new QTimer(this);
    filterDelay_->setSingleShot(true);
    filterDelay_->setInterval(300);
    connect(filterDelay_, &QTimer::timeout, this, &TableBrowser::applyFilter);
    connect(filterEdit_, &QLineEdit::textChanged, filterDelay_, qOverload<>(&QTimer::start));
    connect(columnChooser_, &QComboBox::currentIndexChanged, this, &TableBrowser::applyFilter);
    connect(tableChooser_, &QComboBox::currentIndexChanged, this,
            [this] { showTable(currentTable()); });

    auto* toolbar = new QHBoxLayout;
    toolbar->addWidget(new QLabel(tr("Table:"), this));
    toolbar->addWidget(tableChooser_);
    toolbar->addSpacing(16);
    toolbar->addWidget(new QLabel(tr("Search in:"), this));
    toolbar->addWidget(columnChooser_);
    toolbar->addWidget(filterEdit_, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    layout->addLayout(toolbar);
    layout->addWidget(view_, 1);
    footer_ = new QHBoxLayout;
    footer_->addWidget(countLabel_, 1);
    layout->addLayout(footer_);
}

void TableBrowser::addFooterWidget(QWidget* widget) {
    footer_->addWidget(widget);
}

TableBrowser::~TableBrowser() {
    setConnection(nullptr);
}

void TableBrowser::setConnection(ProjectConnection* connection) {
    view_->setModel(nullptr);
    delete model_;
    model_ = nullptr;
    connection_ = connection;
    {
        const QSignalBlocker blocker(tableChooser_);
        tableChooser_->clear();
    }
    if (!connection_) {
        const QSignalBlocker blocker(columnChooser_);
        columnChooser_->clear();
        countLabel_->clear();
        return;
    }
    model_ = new ProjectTableModel(this, connection_->database());
    model_->setEditStrategy(QSqlTableModel::OnManualSubmit);
    view_->setModel(model_);
    view_->setSortingEnabled(true);
    fillTableList();
    showTable(currentTable());
}

void TableBrowser::fillTableList() {
    const QString previous = currentTable();
    const QSignalBlocker blocker(tableChooser_);
    tableChooser_->clear();
    auto add = [this](const QString& label, const QString& table) {
        const qint64 rows = connection_->countRows(table);
        if (rows < 0)
            return;  // an older project without this table
        tableChooser_->addItem(QStringLiteral("%1  (%2)").arg(label, formatCount(rows)), table);
    };
    for (const data::KindSpec& kind : data::allKinds())
        add(kind.name, kind.table);
    tableChooser_->insertSeparator(tableChooser_->count());
    for (const QString& table : kHistoryTables)
        add(table, table);
    const int index = tableChooser_->findData(previous);
    tableChooser_->setCurrentIndex(index >= 0 ? index : 0);
}

QString TableBrowser::currentTable() const {
    return tableChooser_->currentData().toString();
}

QStringList TableBrowser::tables() const {
    QStringList names;
    for (int i = 0; i < tableChooser_->count(); ++i) {
        const QString table = tableChooser_->itemData(i).toString();
        if (!table.isEmpty())
            names << table;
    }
    return names;
}

bool TableBrowser::selectTable(const QString& table) {
    const int index = tableChooser_->findData(table);
    if (index < 0)
        return false;
    if (index == tableChooser_->currentIndex())
        return true;
    tableChooser_->setCurrentIndex(index);  // shows it through currentIndexChanged
    return true;
}

void TableBrowser::showTable(const QString& table) {
    if (!model_ || table.isEmpty())
        return;
    filterDelay_->stop();
    view_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    model_->setTable(table);
    model_->setSort(-1, Qt::AscendingOrder);
    fillColumnChooser();
    totalRows_ = connection_->countRows(table);
    applyFilter();
    emit tableShown(table);
}

void TableBrowser::fillColumnChooser() {
    const QString previous = columnChooser_->currentData().toString();
    const QSignalBlocker blocker(columnChooser_);
    columnChooser_->clear();
    columnChooser_->addItem(tr("All text columns"), QString());
    for (const QString& column : connection_->columns(currentTable()))
        columnChooser_->addItem(column, column);
    const int index = columnChooser_->findData(previous);
    columnChooser_->setCurrentIndex(index > 0 ? index : 0);
}

bool TableBrowser::setFilterColumn(const QString& column) {
    const int index = columnChooser_->findData(column);
    if (index < 0)
        return false;
    columnChooser_->setCurrentIndex(index);
    applyFilter();
    return true;
}

void TableBrowser::setFilterText(const QString& text) {
    {
        const QSignalBlocker blocker(filterEdit_);
        filterEdit_->setText(text);
    }
    applyFilter();
}

data::TextSearch TableBrowser::search() const {
    data::TextSearch search;
    search.text = filterEdit_->text().trimmed();
    if (!connection_ || search.text.isEmpty())
        return search;
    const QString chosen = columnChooser_->currentData().toString();
    if (!chosen.isEmpty()) {
        search.columns << chosen;
    } else {
        search.columns = connection_->textColumns(currentTable());
        if (search.columns.isEmpty())
            search.columns = connection_->columns(currentTable());
    }
    return search;
}

QString TableBrowser::filterCondition() const {
    return data::searchCondition(search());
}

void TableBrowser::applyFilter() {
    filterDelay_->stop();
    if (!model_ || currentTable().isEmpty())
        return;
    const data::TextSearch rows = search();
    model_->setFilter(data::searchCondition(rows));
    model_->select();
    fitColumns();
    matchingRows_ = rows.text.isEmpty() ? totalRows_ : connection_->countRows(currentTable(), rows);
    updateCountLabel();
}

void TableBrowser::fitColumns() {
    // Each column as wide as its widest text in the rows read so far (a screenful and more),
    // up to a limit: a run's parameters are a whole JSON document, shown whole in the tooltip.
    // Wider than the view, the table scrolls sideways.
    const int widest = std::max(kWidestColumn, view_->fontMetrics().averageCharWidth() * 40);
    view_->resizeColumnsToContents();
    for (int column = 0; column < model_->columnCount(); ++column)
        view_->setColumnWidth(column, std::min(view_->columnWidth(column), widest));
}

void TableBrowser::updateCountLabel() {
    if (model_->lastError().isValid()) {
        countLabel_->setText(
            tr("Could not read %1: %2").arg(currentTable(), model_->lastError().text()));
    } else if (matchingRows_ == totalRows_) {
        countLabel_->setText(formatRows(totalRows_));
    } else {
        countLabel_->setText(
            tr("%1 of %2 match").arg(formatCount(matchingRows_), formatRows(totalRows_)));
    }
}

void TableBrowser::refresh() {
    if (!connection_)
        return;
    fillTableList();
    const QString table = currentTable();
    totalRows_ = connection_->countRows(table);
    applyFilter();
}

}  // namespace mb::ui
