#include "CampaignOptionsBox.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalBlocker>
#include <QStyle>
#include <QVBoxLayout>
#include <algorithm>

namespace mb::ui {

namespace {

constexpr int kVisibleOutcomeRows = 4;

int outcomeRowHeight(const QWidget* list) {
    return list->fontMetrics().height() + 8;
}

}  // namespace

CampaignOptionsBox::CampaignOptionsBox(const ImportSettings& settings, QWidget* parent)
    : QGroupBox(tr("Campaign"), parent),
      rememberedFile_(settings.campaignFile),
      rememberedName_(settings.campaign),
      rememberedArm_(settings.controlArm) {
    setObjectName(QStringLiteral("campaignOptions"));
    for (const QString& outcome : settings.outcomes)
        checked_.insert(outcome);

    name_ = new QLineEdit(this);
    name_->setObjectName(QStringLiteral("campaignNameEdit"));
    connect(name_, &QLineEdit::textChanged, this, &CampaignOptionsBox::changed);

    controlArm_ = new QComboBox(this);
    controlArm_->setObjectName(QStringLiteral("controlArmChooser"));
    controlArm_->setEditable(true);
    controlArm_->setInsertPolicy(QComboBox::NoInsert);
    controlArm_->lineEdit()->setPlaceholderText(tr("The arm that got no offer"));
    controlArm_->setMinimumContentsLength(18);
    connect(controlArm_, &QComboBox::currentTextChanged, this, &CampaignOptionsBox::changed);

    outcomeList_ = new QListWidget(this);
    outcomeList_->setObjectName(QStringLiteral("outcomeList"));
    // Columns flow in rows so that a wide file's columns fit in a few lines.
    outcomeList_->setFlow(QListView::LeftToRight);
    outcomeList_->setWrapping(true);
    outcomeList_->setResizeMode(QListView::Adjust);
    outcomeList_->setSelectionMode(QAbstractItemView::NoSelection);
    outcomeList_->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    outcomeList_->setFixedHeight(outcomeRowHeight(outcomeList_) * kVisibleOutcomeRows +
                                 2 * outcomeList_->frameWidth() + 2);
    connect(outcomeList_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        const QString column = item->data(Qt::UserRole).toString();
        if (item->checkState() == Qt::Checked)
            checked_.insert(column);
        else
            checked_.remove(column);
        emit changed();
    });

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Name:"), name_);
    form->addRow(tr("Control arm:"), controlArm_);

    auto* outcomesTitle =
        new QLabel(tr("Outcome columns (the unchecked ones are kept as customer features):"), this);
    outcomesTitle->setWordWrap(true);
    auto* outcomes = new QVBoxLayout;
    outcomes->setSpacing(4);
    outcomes->addWidget(outcomesTitle);
    outcomes->addWidget(outcomeList_);

    auto* layout = new QHBoxLayout(this);
    layout->setSpacing(16);
    layout->addLayout(form, 2);
    layout->addLayout(outcomes, 3);
}

void CampaignOptionsBox::setFile(const QString& path, const QStringList& header,
                                 std::vector<QStringList> rows) {
    header_ = header;
    rows_ = std::move(rows);
    armValuesStale_ = true;
    const QString stem = QFileInfo(path).completeBaseName();
    name_->setPlaceholderText(stem);
    if (path != path_) {
        const bool sameAsLastTime = QFileInfo(path) == QFileInfo(rememberedFile_);
        name_->setText(sameAsLastTime && !rememberedName_.isEmpty() ? rememberedName_ : stem);
        name_->setCursorPosition(0);  // a long name shows its start
    }
    path_ = path;
}

void CampaignOptionsBox::setMapping(const std::map<QString, QString>& mapping) {
    QString armColumn;
    QStringList unmapped;
    for (const QString& column : header_) {
        const auto found = mapping.find(column);
        const QString field = found == mapping.end() ? QString() : found->second;
        if (field == QStringLiteral("arm") && armColumn.isEmpty())
            armColumn = column;
        if (field.isEmpty())
            unmapped << column;
    }
    if (armValuesStale_ || armColumn != armColumn_)
        fillArmValues(armColumn);
    if (unmapped != outcomeChoices())
        fillOutcomeChoices(unmapped);
}

void CampaignOptionsBox::fillArmValues(const QString& armColumn) {
    armColumn_ = armColumn;
    armValuesStale_ = false;
    const qsizetype index = header_.indexOf(armColumn);
    QStringList values;
    if (index >= 0) {
        for (const QStringList& row : rows_) {
            if (index < row.size() && !row[index].trimmed().isEmpty() &&
                !values.contains(row[index]))
                values << row[index];
        }
    }
    values.sort(Qt::CaseInsensitive);
    // Keep the arm already chosen if the new values have it, else offer last time's.
    const QString before = controlArm();
    const QString chosen = values.contains(before)           ? before
                           : values.contains(rememberedArm_) ? rememberedArm_
                                                             : QString();
    const QSignalBlocker blocker(controlArm_);
    controlArm_->clear();
    controlArm_->addItems(values);
    controlArm_->setCurrentIndex(static_cast<int>(values.indexOf(chosen)));
    controlArm_->setEditText(chosen);
    controlArm_->setEnabled(index >= 0);
}

void CampaignOptionsBox::fillOutcomeChoices(const QStringList& columns) {
    const QSignalBlocker blocker(outcomeList_);
    outcomeList_->clear();
    const int indicator = style()->pixelMetric(QStyle::PM_IndicatorWidth, nullptr, outcomeList_);
    int widest = 0;
    for (const QString& column : columns) {
        auto* item = new QListWidgetItem(column, outcomeList_);
        item->setData(Qt::UserRole, column);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked_.contains(column) ? Qt::Checked : Qt::Unchecked);
        const qsizetype index = header_.indexOf(column);
        if (!rows_.empty() && index >= 0 && index < rows_.front().size())
            item->setToolTip(tr("First value: %1").arg(rows_.front()[index]));
        widest = std::max(widest, outcomeList_->fontMetrics().horizontalAdvance(column));
    }
    // One grid for every item keeps the columns of checkboxes aligned.
    const QSize cell(std::min(widest, 220) + indicator + 24, outcomeRowHeight(outcomeList_));
    outcomeList_->setGridSize(cell);
    for (int i = 0; i < outcomeList_->count(); ++i)
        outcomeList_->item(i)->setSizeHint(cell);  // centres each box in its cell
    outcomeList_->scrollToTop();
}

QString CampaignOptionsBox::campaignName() const {
    const QString name = name_->text().trimmed();
    return name.isEmpty() ? name_->placeholderText() : name;
}

void CampaignOptionsBox::setCampaignName(const QString& name) {
    name_->setText(name);
}

QString CampaignOptionsBox::controlArm() const {
    return controlArm_->currentText();
}

void CampaignOptionsBox::setControlArm(const QString& arm) {
    const int index = controlArm_->findText(arm);
    controlArm_->setCurrentIndex(index);
    controlArm_->setEditText(arm);
}

QStringList CampaignOptionsBox::armValues() const {
    QStringList values;
    for (int i = 0; i < controlArm_->count(); ++i)
        values << controlArm_->itemText(i);
    return values;
}

QStringList CampaignOptionsBox::outcomeChoices() const {
    QStringList columns;
    for (int i = 0; i < outcomeList_->count(); ++i)
        columns << outcomeList_->item(i)->data(Qt::UserRole).toString();
    return columns;
}

QStringList CampaignOptionsBox::outcomes() const {
    QStringList columns;
    for (int i = 0; i < outcomeList_->count(); ++i) {
        if (outcomeList_->item(i)->checkState() == Qt::Checked)
            columns << outcomeList_->item(i)->data(Qt::UserRole).toString();
    }
    return columns;
}

bool CampaignOptionsBox::setOutcomes(const QStringList& columns) {
    const QStringList offered = outcomeChoices();
    const bool allOffered = std::all_of(columns.begin(), columns.end(),
                                        [&](const QString& c) { return offered.contains(c); });
    for (int i = 0; i < outcomeList_->count(); ++i) {
        QListWidgetItem* item = outcomeList_->item(i);
        item->setCheckState(columns.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked
                                                                                  : Qt::Unchecked);
    }
    return allOffered;
}

QStringList CampaignOptionsBox::problems() const {
    QStringList lines;
    if (controlArm().trimmed().isEmpty())
        lines << tr("Choose the control arm: the arm of the customers who got no offer.");
    if (outcomes().isEmpty())
        lines << tr("Check at least one outcome column, such as visits or spend.");
    return lines;
}

void CampaignOptionsBox::applyTo(data::ImportOptions& options) const {
    options.campaign = campaignName();
    options.controlArm = controlArm();
    options.outcomes = outcomes();
}

}  // namespace mb::ui
