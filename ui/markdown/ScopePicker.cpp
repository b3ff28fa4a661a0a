#include "ScopePicker.h"

#include "common/Numbers.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QStandardItemModel>
#include <QVBoxLayout>
#include <QWidgetAction>

namespace mb::ui {

namespace {

constexpr int kIdRole = Qt::UserRole + 1;

}  // namespace

ScopePicker::ScopePicker(const QString& things, QWidget* parent)
    : QPushButton(parent), things_(things) {
    model_ = new QStandardItemModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto* panel = new QWidget(this);
    search_ = new QLineEdit(panel);
    search_->setPlaceholderText(tr("Search id, name, category…"));
    search_->setClearButtonEnabled(true);
    list_ = new QListView(panel);
    list_->setModel(proxy_);
    list_->setUniformItemSizes(true);  // thousands of rows stay quick to lay out
    list_->setMinimumSize(320, 280);
    auto* selectShown = new QPushButton(tr("Select shown"), panel);
    selectShown->setToolTip(tr("Tick every row the search shows"));
    auto* clearAll = new QPushButton(tr("All (clear)"), panel);
    clearAll->setToolTip(tr("Untick everything: the plan covers all %1").arg(things.toLower()));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(selectShown);
    buttons->addStretch(1);
    buttons->addWidget(clearAll);
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(search_);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);

    auto* menu = new QMenu(this);
    auto* action = new QWidgetAction(menu);
    action->setDefaultWidget(panel);
    menu->addAction(action);
    connect(menu, &QMenu::aboutToShow, search_, [this] { search_->setFocus(); });
    setMenu(menu);

    connect(search_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    connect(selectShown, &QPushButton::clicked, this, [this] { setShownChecked(true); });
    connect(clearAll, &QPushButton::clicked, this, [this] { setSelectedIds({}); });
    connect(model_, &QStandardItemModel::itemChanged, this, [this] {
        if (bulkChange_)
            return;  // one update after the whole change instead
        updateText();
        emit selectionChanged();
    });
    updateText();
}

void ScopePicker::setChoices(const QList<ScopeChoice>& choices) {
    model_->clear();
    for (const ScopeChoice& choice : choices) {
        auto* item = new QStandardItem(choice.description.isEmpty()
                                           ? choice.id
                                           : choice.id + QStringLiteral("  ") + choice.description);
        item->setData(choice.id, kIdRole);
        item->setCheckable(true);
        item->setEditable(false);
        model_->appendRow(item);
    }
    updateText();
    emit selectionChanged();
}

int ScopePicker::choiceCount() const {
    return model_->rowCount();
}

QStringList ScopePicker::selectedIds() const {
    QStringList ids;
    for (int row = 0; row < model_->rowCount(); ++row)
        if (model_->item(row)->checkState() == Qt::Checked)
            ids.append(model_->item(row)->data(kIdRole).toString());
    return ids;
}

void ScopePicker::setSelectedIds(const QStringList& ids) {
    bulkChange_ = true;
    for (int row = 0; row < model_->rowCount(); ++row) {
        QStandardItem* item = model_->item(row);
        item->setCheckState(ids.contains(item->data(kIdRole).toString()) ? Qt::Checked
                                                                         : Qt::Unchecked);
    }
    bulkChange_ = false;
    updateText();
    emit selectionChanged();
}

void ScopePicker::setShownChecked(bool checked) {
    bulkChange_ = true;
    for (int row = 0; row < proxy_->rowCount(); ++row)
        model_->itemFromIndex(proxy_->mapToSource(proxy_->index(row, 0)))
            ->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
    bulkChange_ = false;
    updateText();
    emit selectionChanged();
}

void ScopePicker::updateText() {
    const QStringList ids = selectedIds();
    if (ids.isEmpty())
        setText(tr("%1: all").arg(things_));
    else if (ids.size() <= 2)
        setText(tr("%1: %2").arg(things_, ids.join(QStringLiteral(", "))));
    else
        setText(tr("%1: %2 of %3")
                    .arg(things_, formatNumber(ids.size()), formatNumber(model_->rowCount())));
    setToolTip(ids.isEmpty()
                   ? tr("Plan all %1 with stock; click to choose some").arg(things_.toLower())
                   : ids.join(QStringLiteral(", ")));
}

}  // namespace mb::ui
