#include "FilterBar.h"

#include "Format.h"
#include "RowFilterModel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSet>
#include <QTimer>
#include <algorithm>

namespace mb::ui {

namespace {

// "Store 2" before "Store 10": runs of digits compare by value, the rest ignoring case. Done by
// hand because QCollator's numeric mode does nothing under the C locale.
bool naturalLess(const QString& a, const QString& b) {
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            const qsizetype startA = i;
            const qsizetype startB = j;
            while (i < a.size() && a[i].isDigit())
                ++i;
            while (j < b.size() && b[j].isDigit())
                ++j;
            // Compare digit runs without leading zeros by length, then digit by digit.
            QStringView runA = QStringView(a).mid(startA, i - startA);
            QStringView runB = QStringView(b).mid(startB, j - startB);
            while (runA.size() > 1 && runA.front() == QLatin1Char('0'))
                runA = runA.mid(1);
            while (runB.size() > 1 && runB.front() == QLatin1Char('0'))
                runB = runB.mid(1);
            if (runA.size() != runB.size())
                return runA.size() < runB.size();
            if (const int order = runA.compare(runB); order != 0)
                return order < 0;
            continue;
        }
        const QChar ca = a[i].toCaseFolded();
        const QChar cb = b[j].toCaseFolded();
        if (ca != cb)
            return ca < cb;
        ++i;
        ++j;
    }
    return (a.size() - i) < (b.size() - j);
}

}  // namespace

FilterBar::FilterBar(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("filterBar"));
    proxy_ = new RowFilterModel(this);
    count_ = new QLabel(this);
    count_->setObjectName(QStringLiteral("filterCount"));
    count_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    searchDelay_ = new QTimer(this);
    searchDelay_->setSingleShot(true);
    searchDelay_->setInterval(200);
    connect(searchDelay_, &QTimer::timeout, this, [this] {
        proxy_->setSearchText(search_->text());
        emit filterChanged();
    });
    refillDelay_ = new QTimer(this);
    refillDelay_->setSingleShot(true);
    refillDelay_->setInterval(0);  // many row signals in one burst refill once
    connect(refillDelay_, &QTimer::timeout, this, &FilterBar::refillChoices);

    layout_ = new QHBoxLayout(this);
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(6);
    layout_->addStretch(1);
    layout_->addWidget(count_);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    connect(proxy_, &QAbstractItemModel::modelReset, this, &FilterBar::updateCount);
    connect(proxy_, &QAbstractItemModel::layoutChanged, this, &FilterBar::updateCount);
    connect(proxy_, &QAbstractItemModel::rowsInserted, this, &FilterBar::updateCount);
    connect(proxy_, &QAbstractItemModel::rowsRemoved, this, &FilterBar::updateCount);
    connect(this, &FilterBar::filterChanged, this, &FilterBar::updateCount);
}

void FilterBar::setSourceModel(QAbstractItemModel* model) {
    if (source_)
        source_->disconnect(this);
    source_ = model;
    proxy_->setSourceModel(model);
    if (model) {
        auto refill = [this] { refillDelay_->start(); };
        connect(model, &QAbstractItemModel::modelReset, this, refill);
        connect(model, &QAbstractItemModel::rowsInserted, this, refill);
        connect(model, &QAbstractItemModel::rowsRemoved, this, refill);
        connect(model, &QAbstractItemModel::dataChanged, this, refill);
        connect(model, &QAbstractItemModel::layoutChanged, this, refill);
    }
    refillChoices();
}

QLineEdit* FilterBar::addSearch(const QList<int>& columns, const QString& placeholder) {
    if (!search_) {
        search_ = new QLineEdit(this);
        search_->setObjectName(QStringLiteral("filterSearch"));
        search_->setClearButtonEnabled(true);
        search_->setMinimumWidth(180);
        connect(search_, &QLineEdit::textEdited, searchDelay_, qOverload<>(&QTimer::start));
        layout_->insertWidget(0, search_, 2);
    }
    search_->setPlaceholderText(placeholder.isEmpty() ? tr("Search") : placeholder);
    // Room for the whole placeholder beside the clear button, so it is never cut short.
    const int clearButton = 2 * search_->fontMetrics().height();
    search_->setMinimumWidth(std::max(
        180, search_->fontMetrics().horizontalAdvance(search_->placeholderText()) + clearButton));
    proxy_->setSearchColumns(columns);
    return search_;
}

QComboBox* FilterBar::addChoice(int column, const QString& label) {
    auto* title = new QLabel(label, this);
    auto* box = new QComboBox(this);
    box->setObjectName(QStringLiteral("filterChoice%1").arg(column));
    box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    box->setMinimumContentsLength(8);
    title->setBuddy(box);
    // Before the stretch and the count.
    const int at = layout_->count() - 2;
    layout_->insertWidget(at, title);
    layout_->insertWidget(at + 1, box);
    const Choice choice{column, box};
    choices_.append(choice);
    fillChoice(choice);
    connect(box, &QComboBox::currentIndexChanged, this, [this, column, box] {
        proxy_->setEqualityFilter(column, box->currentData().toString());
        emit filterChanged();
    });
    return box;
}

void FilterBar::setSearchText(const QString& text) {
    if (search_)
        search_->setText(text);
    searchDelay_->stop();
    proxy_->setSearchText(text);
    emit filterChanged();
}

void FilterBar::setChoice(int column, const QString& value) {
    for (const Choice& choice : choices_) {
        if (choice.column != column)
            continue;
        const int index = value.isEmpty() ? 0 : choice.box->findData(value);
        choice.box->setCurrentIndex(std::max(0, index));
    }
}

void FilterBar::clear() {
    if (search_)
        search_->clear();
    searchDelay_->stop();
    for (const Choice& choice : choices_) {
        const QSignalBlocker block(choice.box);
        choice.box->setCurrentIndex(0);
    }
    proxy_->clearFilters();
    emit filterChanged();
}

int FilterBar::shownRows() const {
    return proxy_->rowCount();
}

QString FilterBar::countText() const {
    return count_->text();
}

void FilterBar::refillChoices() {
    for (const Choice& choice : choices_)
        fillChoice(choice);
    updateCount();
}

void FilterBar::fillChoice(const Choice& choice) {
    QSet<QString> seen;
    if (source_ && choice.column < source_->columnCount()) {
        for (int row = 0; row < source_->rowCount(); ++row)
            seen.insert(source_->index(row, choice.column).data().toString());
    }
    QStringList values(seen.begin(), seen.end());
    values.removeAll(QString());
    std::sort(values.begin(), values.end(), naturalLess);

    const QString current = choice.box->currentData().toString();
    {
        const QSignalBlocker block(choice.box);
        choice.box->clear();
        choice.box->addItem(tr("All"), QString());
        for (const QString& value : values)
            choice.box->addItem(value, value);
        choice.box->setCurrentIndex(std::max(0, choice.box->findData(current)));
    }
    // A value that vanished from the table no longer filters it.
    const QString kept = choice.box->currentData().toString();
    if (kept != proxy_->equalityFilter(choice.column)) {
        proxy_->setEqualityFilter(choice.column, kept);
        emit filterChanged();
    }
}

void FilterBar::updateCount() {
    const int total = source_ ? source_->rowCount() : 0;
    count_->setText(tr("%1 of %2").arg(formatCount(proxy_->rowCount()), formatCount(total)));
}

}  // namespace mb::ui
