#pragma once

#include <QWidget>

class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSqlTableModel;
class QTableView;
class QTimer;

namespace mb::data {
struct TextSearch;
}

namespace mb::ui {

class ProjectConnection;

// Browses one project table at a time. Sorting and filtering happen in SQL and rows are fetched
// as the view scrolls, so tables with millions of rows stay responsive.
class TableBrowser : public QWidget {
    Q_OBJECT
public:
    explicit TableBrowser(QWidget* parent = nullptr);
    ~TableBrowser() override;

    void setConnection(ProjectConnection* connection);
    // Re-reads counts and rows (after an import), keeping the table, filter and sort.
    void refresh();

    bool selectTable(const QString& table);
    QString currentTable() const;
    QStringList tables() const;
    // "" searches every text column.
    bool setFilterColumn(const QString& column);
    void setFilterText(const QString& text);  // applies at once; typing applies after a pause
    QString filterCondition() const;

    // A widget at the right of the row count, below the table (an action on selected rows).
    void addFooterWidget(QWidget* widget);

    QSqlTableModel* model() const { return model_; }
    QTableView* view() const { return view_; }
    qint64 totalRows() const { return totalRows_; }
    qint64 matchingRows() const { return matchingRows_; }

signals:
    void tableShown(const QString& table);

private:
    void fillTableList();
    void showTable(const QString& table);
    void fillColumnChooser();
    void applyFilter();
    void fitColumns();
    data::TextSearch search() const;
    void updateCountLabel();

    ProjectConnection* connection_ = nullptr;
    QSqlTableModel* model_ = nullptr;
    QComboBox* tableChooser_ = nullptr;
    QComboBox* columnChooser_ = nullptr;
    QLineEdit* filterEdit_ = nullptr;
    QTableView* view_ = nullptr;
    QLabel* countLabel_ = nullptr;
    QHBoxLayout* footer_ = nullptr;
    QTimer* filterDelay_ = nullptr;
    qint64 totalRows_ = 0;
    qint64 matchingRows_ = 0;
};

}  // namespace mb::ui
