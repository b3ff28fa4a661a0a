#include "SegmentPicker.h"

#include <QAction>
#include <QMenu>

namespace mb::ui {

SegmentPicker::SegmentPicker(QWidget* parent) : QToolButton(parent) {
    menu_ = new QMenu(this);
    setMenu(menu_);
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    setAutoRaise(true);
    setToolTip(tr("The customer segments this offer may go to."));
    showChoice();
}

void SegmentPicker::setSegments(const QStringList& segments) {
    const QStringList before = chosen();
    const bool wasAll = segments_.isEmpty() || allChosen();
    segments_ = segments;
    menu_->clear();
    for (const QString& segment : segments_) {
        QAction* action = menu_->addAction(segment);
        action->setCheckable(true);
        action->setChecked(wasAll || before.contains(segment));
        connect(action, &QAction::toggled, this, [this] {
            showChoice();
            emit chosenChanged();
        });
    }
    showChoice();
}

void SegmentPicker::setChosen(const QStringList& chosen) {
    for (QAction* action : menu_->actions()) {
        const QSignalBlocker block(action);
        action->setChecked(chosen.contains(action->text()));
    }
    showChoice();
    emit chosenChanged();
}

QStringList SegmentPicker::chosen() const {
    QStringList names;
    for (const QAction* action : menu_->actions()) {
        if (action->isChecked())
            names << action->text();
    }
    return names;
}

bool SegmentPicker::allChosen() const {
    return chosen().size() == segments_.size();
}

void SegmentPicker::showChoice() {
    const QStringList names = chosen();
    if (segments_.isEmpty() || names.size() == segments_.size())
        setText(tr("All segments"));
    else if (names.isEmpty())
        setText(tr("No segment"));
    else
        setText(names.join(QStringLiteral(", ")));
}

}  // namespace mb::ui
