#pragma once

#include <QList>
#include <QPointer>
#include <QWidget>

class QAbstractItemModel;
class QComboBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QTimer;

namespace mb::ui {

class RowFilterModel;

// A compact row above a table or picker: a search field over chosen columns, labelled combo
// boxes that keep rows equal to a column's value, and "12 of 300" on the right. Views show
// proxy(); the bar owns the proxy, not the source model.
//
//   auto* filters = new FilterBar(this);
//   filters->setSourceModel(planModel);
//   filters->addSearch({PlanModel::Sku, PlanModel::Name}, tr("Search products"));
//   filters->addChoice(PlanModel::Store, tr("Store"));
//   view->setModel(filters->proxy());
class FilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(QWidget* parent = nullptr);

    void setSourceModel(QAbstractItemModel* model);
    RowFilterModel* proxy() const { return proxy_; }

    // The search field (one per bar; a second call changes its columns). Typing filters after a
    // short pause so long tables stay responsive.
    QLineEdit* addSearch(const QList<int>& columns, const QString& placeholder = {});
    // A combo box of the column's distinct values (natural order) after "All"; its entries
    // follow the source model as it changes.
    QComboBox* addChoice(int column, const QString& label);

    // Immediate versions of what the user does, for pages and tests.
    void setSearchText(const QString& text);
    // An empty value, or one the column does not hold, selects "All".
    void setChoice(int column, const QString& value);
    void clear();

    int shownRows() const;
    QString countText() const;

signals:
    void filterChanged();

private:
    struct Choice {
        int column = -1;
        QComboBox* box = nullptr;
    };
    void refillChoices();
    void fillChoice(const Choice& choice);
    void updateCount();

    RowFilterModel* proxy_ = nullptr;
    QPointer<QAbstractItemModel> source_;
    QHBoxLayout* layout_ = nullptr;
    QLineEdit* search_ = nullptr;
    QTimer* searchDelay_ = nullptr;
    QTimer* refillDelay_ = nullptr;
    QLabel* count_ = nullptr;
    QList<Choice> choices_;
};

}  // namespace mb::ui
