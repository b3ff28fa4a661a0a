// Finds text a window shows cut short: a label, button or combo box narrower than its text, an
// empty line edit's placeholder, a
// header section or a table cell that the view elides ("Semi-skimmed mi…"), a chart's axis,
// category, title or legend label that Qt Charts truncates ("Margin + salv..."). Each finding
// names the widget (its object names up to the window) and the full text. What the style and the
// views would paint is computed with the same metrics and rectangles they use, so a text that
// fits by one pixel is not reported and one that is a pixel short is.
//
// Text cut short on purpose (a project path in the status bar) is left out only when its widget
// is in the caller's allow-list, with a reason, and its tooltip holds the full text.
#pragma once

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStyleOptionButton>
#include <QStyleOptionComboBox>
#include <QStyleOptionFrame>
#include <QStyleOptionHeader>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QWidget>

namespace mbtest {

// A widget (by object name) whose text may be cut short, and why.
struct ElisionAllowance {
    QString objectName;
    QString reason;
};

namespace elision {

inline QString widgetName(const QWidget* widget) {
    QStringList names;
    for (const QObject* at = widget; at; at = at->parent())
        if (!at->objectName().isEmpty() && !at->objectName().startsWith(u"qt_"))
            names.prepend(at->objectName());
    return QStringLiteral("%1 %2").arg(QString::fromLatin1(widget->metaObject()->className()),
                                       names.join(u'/'));
}

inline bool allowed(const QWidget* widget, const QString& text, const QString& toolTip,
                    const QList<ElisionAllowance>& allowances) {
    for (const ElisionAllowance& allowance : allowances)
        if (widget->objectName() == allowance.objectName && toolTip.contains(text))
            return true;
    return false;
}

inline QString withoutMnemonic(QString text) {
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(u'&');
    text.replace(u'\x01', u'&');
    return text;
}

// Whether any line of text is wider than width in these metrics, as fontMetrics().elidedText
// decides.
inline bool cutShort(const QFontMetrics& metrics, const QString& text, int width) {
    for (const QString& line : text.split(u'\n'))
        if (metrics.elidedText(line, Qt::ElideRight, width) != line)
            return true;
    return false;
}

inline bool labelCut(const QLabel* label) {
    if (label->text().isEmpty() || !label->pixmap().isNull())
        return false;
    if (label->wordWrap())
        return label->heightForWidth(label->width()) > label->height();
    const QSize need = label->sizeHint();
    return need.width() > label->width() || need.height() > label->height();
}

inline bool pushButtonCut(const QPushButton* button) {
    QStyleOptionButton option;
    option.initFrom(button);
    option.text = button->text();
    option.icon = button->icon();
    option.iconSize = button->iconSize();
    if (button->menu())
        option.features |= QStyleOptionButton::HasMenu;
    if (button->isDefault())
        option.features |= QStyleOptionButton::DefaultButton;
    const QRect contents =
        button->style()->subElementRect(QStyle::SE_PushButtonContents, &option, button);
    int room = contents.width();
    if (!option.icon.isNull())
        room -= option.iconSize.width() + 4;
    if (button->menu())
        room -= button->style()->pixelMetric(QStyle::PM_MenuButtonIndicator, &option, button);
    return cutShort(button->fontMetrics(), withoutMnemonic(button->text()), room);
}

inline bool buttonCut(const QAbstractButton* button) {
    if (button->text().isEmpty())
        return false;
    if (const auto* push = qobject_cast<const QPushButton*>(button))
        return pushButtonCut(push);
    if (const auto* tool = qobject_cast<const QToolButton*>(button))
        if (tool->toolButtonStyle() == Qt::ToolButtonIconOnly)
            return false;
    // Check boxes, radio buttons and tool buttons ask for exactly their text's room.
    return button->sizeHint().width() > button->width();
}

inline bool comboCut(const QComboBox* combo) {
    if (combo->isEditable() || combo->currentText().isEmpty())
        return false;
    QStyleOptionComboBox option;
    option.initFrom(combo);
    option.editable = false;
    option.frame = combo->hasFrame();
    option.currentText = combo->currentText();
    option.currentIcon = combo->itemIcon(combo->currentIndex());
    option.iconSize = combo->iconSize();
    QRect field = combo->style()->subControlRect(QStyle::CC_ComboBox, &option,
                                                 QStyle::SC_ComboBoxEditField, combo);
    int room = field.width() - 2;  // the label is drawn one pixel in from each side
    if (!option.currentIcon.isNull())
        room -= option.iconSize.width() + 4;
    return cutShort(combo->fontMetrics(), option.currentText, room);
}

// An empty line edit's placeholder, as QLineEdit::paintEvent elides it: in the contents less
// the text margins, two pixels each side, and the side buttons shown (a clear button).
inline bool placeholderCut(const QLineEdit* edit) {
    if (!edit->text().isEmpty() || edit->placeholderText().isEmpty())
        return false;
    QStyleOptionFrame option;
    option.initFrom(edit);
    option.lineWidth = edit->hasFrame()
                           ? edit->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &option, edit)
                           : 0;
    const QRect contents =
        edit->style()->subElementRect(QStyle::SE_LineEditContents, &option, edit);
    const QMargins margins = edit->textMargins();
    int room = contents.width() - margins.left() - margins.right() - 4;
    for (const QToolButton* side : edit->findChildren<QToolButton*>(Qt::FindDirectChildrenOnly))
        if (side->isVisibleTo(edit))
            room -= side->width();
    return cutShort(edit->fontMetrics(), edit->placeholderText(), room);
}

// Header sections as QHeaderView::paintSection elides them.
inline void checkHeader(const QHeaderView* header, const QList<ElisionAllowance>& allowances,
                        QStringList& found) {
    if (!header->isVisible() || !header->model() || header->textElideMode() == Qt::ElideNone)
        return;
    const int margin = 2 * header->style()->pixelMetric(QStyle::PM_HeaderMargin, nullptr, header);
    for (int logical = 0; logical < header->count(); ++logical) {
        if (header->isSectionHidden(logical))
            continue;
        QStyleOptionHeader option;
        option.initFrom(header);
        option.section = logical;
        option.orientation = header->orientation();
        option.text =
            header->model()->headerData(logical, header->orientation(), Qt::DisplayRole).toString();
        if (option.text.isEmpty())
            continue;
        const QVariant font =
            header->model()->headerData(logical, header->orientation(), Qt::FontRole);
        if (font.canConvert<QFont>())
            option.fontMetrics = QFontMetrics(font.value<QFont>());
        option.textAlignment = header->defaultAlignment();
        option.rect = header->orientation() == Qt::Horizontal
                          ? QRect(0, 0, header->sectionSize(logical), header->height())
                          : QRect(0, 0, header->width(), header->sectionSize(logical));
        if (header->isSortIndicatorShown() && header->sortIndicatorSection() == logical)
            option.sortIndicator = header->sortIndicatorOrder() == Qt::AscendingOrder
                                       ? QStyleOptionHeader::SortDown
                                       : QStyleOptionHeader::SortUp;
        const QRect label =
            header->style()->subElementRect(QStyle::SE_HeaderLabel, &option, header);
        if (!cutShort(option.fontMetrics, option.text, label.width() - margin))
            continue;
        const QString toolTip =
            header->model()->headerData(logical, header->orientation(), Qt::ToolTipRole).toString();
        if (!allowed(header, option.text, toolTip, allowances))
            found << QStringLiteral("%1: header \"%2\"").arg(widgetName(header), option.text);
    }
}

// The cells of the rows in view, as the view's delegate would paint them.
inline void checkCells(const QAbstractItemView* view, const QList<ElisionAllowance>& allowances,
                       QStringList& found) {
    const QAbstractItemModel* model = view->model();
    if (!model || view->textElideMode() == Qt::ElideNone)
        return;
    const auto* table = qobject_cast<const QTableView*>(view);
    const auto* tree = qobject_cast<const QTreeView*>(view);
    if (!table && !tree)
        return;
    const QRect viewport = view->viewport()->rect();
    const auto checkIndex = [&](const QModelIndex& index) {
        const QRect rect = view->visualRect(index);
        if (rect.isEmpty() || rect.bottom() < 0 || rect.top() > viewport.bottom())
            return;
        const QString text = index.data(Qt::DisplayRole).toString();
        if (text.isEmpty() || view->indexWidget(index))
            return;
        QStyleOptionViewItem option;
        option.initFrom(view);
        option.font = view->font();
        option.fontMetrics = view->fontMetrics();
        option.rect = rect;
        option.textElideMode = view->textElideMode();
        option.decorationSize = view->iconSize().isValid()
                                    ? view->iconSize()
                                    : QSize(view->style()->pixelMetric(QStyle::PM_SmallIconSize),
                                            view->style()->pixelMetric(QStyle::PM_SmallIconSize));
        option.widget = view;
        // A view that wraps lays a cell's text out in its width: it is cut when taller than
        // its row.
        const bool wrap = (table && table->wordWrap()) || (tree && tree->wordWrap());
        if (wrap)
            option.features |= QStyleOptionViewItem::WrapText;
        const QSize need = view->itemDelegateForIndex(index)->sizeHint(option, index);
        if (need.width() <= rect.width() && (!wrap || need.height() <= rect.height()))
            return;
        if (!allowed(view, text, index.data(Qt::ToolTipRole).toString(), allowances))
            found << QStringLiteral("%1: cell (%2, %3) \"%4\"")
                         .arg(widgetName(view))
                         .arg(index.row())
                         .arg(index.column())
                         .arg(text);
    };
    const int columns = model->columnCount(view->rootIndex());
    // Only the rows in view: a table of a million rows is checked in the time of a screenful.
    const QModelIndex top = view->indexAt(QPoint(1, 1));
    for (int row = top.isValid() ? top.row() : 0; row < model->rowCount(view->rootIndex()); ++row) {
        const QModelIndex first = model->index(row, 0, view->rootIndex());
        if (view->visualRect(first).top() > viewport.bottom() && !view->visualRect(first).isEmpty())
            break;
        for (int column = 0; column < columns; ++column) {
            if ((table && table->isColumnHidden(column)) || (tree && tree->isColumnHidden(column)))
                continue;
            checkIndex(model->index(row, column, view->rootIndex()));
        }
    }
}

// Qt Charts draws its labels as graphics text items and truncates them with "..." when they do
// not fit their room.
inline void checkChart(const QChartView* view, QStringList& found) {
    for (const QGraphicsItem* item : view->scene()->items()) {
        if (!item->isVisible())
            continue;
        QString text;
        if (const auto* rich = dynamic_cast<const QGraphicsTextItem*>(item))
            text = rich->toPlainText();
        else if (const auto* simple = dynamic_cast<const QGraphicsSimpleTextItem*>(item))
            text = simple->text();
        if (text.endsWith(QStringLiteral("...")) || text.endsWith(QChar(0x2026)))
            found << QStringLiteral("%1: chart label \"%2\"").arg(widgetName(view), text);
    }
}

}  // namespace elision

// Every text shown cut short in the visible widgets under root, one line each: "<class>
// <object names>: <what> \"<text>\"".
inline QStringList elidedTexts(QWidget* root, const QList<ElisionAllowance>& allowances = {}) {
    QStringList found;
    QList<QWidget*> widgets = root->findChildren<QWidget*>();
    widgets.prepend(root);
    for (QWidget* widget : widgets) {
        if (!widget->isVisible() || widget->width() <= 0)
            continue;
        if (auto* label = qobject_cast<QLabel*>(widget)) {
            if (elision::labelCut(label) &&
                !elision::allowed(label, label->text(), label->toolTip(), allowances))
                found << QStringLiteral("%1: label \"%2\"")
                             .arg(elision::widgetName(label), label->text());
        } else if (auto* button = qobject_cast<QAbstractButton*>(widget)) {
            if (elision::buttonCut(button) &&
                !elision::allowed(button, button->text(), button->toolTip(), allowances))
                found << QStringLiteral("%1: button \"%2\"")
                             .arg(elision::widgetName(button), button->text());
        } else if (auto* edit = qobject_cast<QLineEdit*>(widget)) {
            if (elision::placeholderCut(edit) &&
                !elision::allowed(edit, edit->placeholderText(), edit->toolTip(), allowances))
                found << QStringLiteral("%1: placeholder \"%2\"")
                             .arg(elision::widgetName(edit), edit->placeholderText());
        } else if (auto* combo = qobject_cast<QComboBox*>(widget)) {
            if (elision::comboCut(combo) &&
                !elision::allowed(combo, combo->currentText(), combo->toolTip(), allowances))
                found << QStringLiteral("%1: combo box \"%2\"")
                             .arg(elision::widgetName(combo), combo->currentText());
        } else if (auto* header = qobject_cast<QHeaderView*>(widget)) {
            elision::checkHeader(header, allowances, found);
        } else if (auto* chart = qobject_cast<QChartView*>(widget)) {
            elision::checkChart(chart, found);
        } else if (auto* view = qobject_cast<QAbstractItemView*>(widget)) {
            elision::checkCells(view, allowances, found);
        }
    }
    return found;
}

}  // namespace mbtest
