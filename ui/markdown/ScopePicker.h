#pragma once

#include <QList>
#include <QPushButton>
#include <QStringList>

class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QStandardItemModel;

namespace mb::ui {

// One thing the plan can be limited to: an id as the project stores it and the words a
// merchandiser searches by (name, category, cluster).
struct ScopeChoice {
    QString id;
    QString description;
};

// Which products (or stores) to plan, as `merchbench-cli markdown --products/--stores` takes
// them: a button that says "Products: all" or "Products: 12 of 4,800" and opens a searchable
// check list. "Select shown" ticks every row the search leaves, so typing a category and
// pressing it scopes the plan to that category. Nothing ticked means all.
class ScopePicker : public QPushButton {
    Q_OBJECT
public:
    ScopePicker(const QString& things, QWidget* parent = nullptr);

    void setChoices(const QList<ScopeChoice>& choices);
    // Ticked ids in the order of the choices; empty when all are planned.
    QStringList selectedIds() const;
    // Ticks exactly these ids (unknown ids are ignored).
    void setSelectedIds(const QStringList& ids);
    int choiceCount() const;

    QLineEdit* searchEdit() const { return search_; }
    QListView* listView() const { return list_; }

signals:
    void selectionChanged();

private:
    void setShownChecked(bool checked);
    void updateText();

    QString things_;
    QStandardItemModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QLineEdit* search_ = nullptr;
    QListView* list_ = nullptr;
    bool bulkChange_ = false;
};

}  // namespace mb::ui
