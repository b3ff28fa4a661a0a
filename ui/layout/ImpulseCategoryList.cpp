#include "ImpulseCategoryList.h"

#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace mb::ui {

ImpulseCategoryList::ImpulseCategoryList(QWidget* parent)
    : QGroupBox(tr("Impulse categories"), parent) {
    setObjectName(QStringLiteral("impulseCategories"));
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("impulseList"));
    list_->setSelectionMode(QAbstractItemView::NoSelection);
    list_->setToolTip(
        tr("Tick the categories shoppers buy on sight; the exposure score counts "
           "the share of store traffic passing their zones."));
    note_ = new QLabel(tr("Exposure counts the traffic share of the zones holding these "
                          "categories. Undo takes a change back."),
                       this);
    note_->setWordWrap(true);
    note_->setStyleSheet(QStringLiteral("color: #616161;"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(list_, 1);
    layout->addWidget(note_);
    connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (!syncing_)
            emit toggled(list_->row(item), item->checkState() == Qt::Checked);
    });
    setMinimumWidth(200);
    setMaximumWidth(240);
}

void ImpulseCategoryList::setCategories(const QStringList& categories) {
    syncing_ = true;
    list_->clear();
    for (const QString& category : categories) {
        auto* item = new QListWidgetItem(category, list_);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    syncing_ = false;
}

void ImpulseCategoryList::setImpulse(const std::vector<std::uint8_t>& impulse) {
    syncing_ = true;
    for (int row = 0; row < list_->count(); ++row) {
        const bool on = static_cast<std::size_t>(row) < impulse.size() &&
                        impulse[static_cast<std::size_t>(row)] != 0;
        list_->item(row)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    syncing_ = false;
}

bool ImpulseCategoryList::isImpulse(int category) const {
    const QListWidgetItem* item = list_->item(category);
    return item && item->checkState() == Qt::Checked;
}

void ImpulseCategoryList::setChecked(int category, bool impulse) {
    if (QListWidgetItem* item = list_->item(category))
        item->setCheckState(impulse ? Qt::Checked : Qt::Unchecked);
}

}  // namespace mb::ui
