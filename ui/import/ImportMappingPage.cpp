#include "ImportMappingPage.h"

#include "CampaignOptionsBox.h"
#include "ImportWizard.h"
#include "data/Kind.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QRadioButton>
#include <QSet>
#include <QTableWidget>
#include <QVBoxLayout>

namespace mb::ui {

namespace {
enum MappingColumn { FileColumn, Example, Field };
}

ImportMappingPage::ImportMappingPage(const ImportSettings& settings, QWidget* parent)
    : QWizardPage(parent) {
    setTitle(tr("Map the columns"));
    setSubTitle(
        tr("Choose the field each column fills. Columns recognised by their name are "
           "already mapped; columns set to (ignore) are not imported."));
    setCommitPage(true);
    setButtonText(QWizard::CommitButton, tr("&Import"));

    table_ = new QTableWidget(0, 3, this);
    table_->setObjectName(QStringLiteral("mappingTable"));
    table_->setHorizontalHeaderLabels({tr("Column in the file"), tr("First value"), tr("Field")});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 14);
    table_->horizontalHeader()->setSectionResizeMode(FileColumn, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(Example, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(Field, QHeaderView::Stretch);

    problems_ = new QLabel(this);
    problems_->setObjectName(QStringLiteral("mappingProblems"));
    problems_->setWordWrap(true);
    problems_->setStyleSheet(QStringLiteral("color: #b03a2e;"));

    auto* errors = new QGroupBox(tr("When a row has an error"), this);
    rejectFile_ = new QRadioButton(tr("Reject the whole file and write nothing"), errors);
    skipRows_ = new QRadioButton(tr("Skip the bad rows and import the rest"), errors);
    (settings.onError == data::OnError::Skip ? skipRows_ : rejectFile_)->setChecked(true);
    createMissing_ = new QCheckBox(
        tr("Create products, stores and zones the file refers to but the project lacks"), errors);
    createMissing_->setObjectName(QStringLiteral("createMissingCheck"));
    createMissing_->setChecked(settings.createMissing);
    auto* errorsLayout = new QVBoxLayout(errors);
    errorsLayout->addWidget(rejectFile_);
    errorsLayout->addWidget(skipRows_);
    errorsLayout->addWidget(createMissing_);

    // Not remembered between imports: ticked by mistake it withdraws consent from everyone
    // a partial file leaves out.
    snapshot_ = new QCheckBox(tr("This file is the full customer list: customers not in it no "
                                 "longer consent to offers or email"),
                              this);
    snapshot_->setObjectName(QStringLiteral("snapshotCheck"));
    snapshot_->hide();

    campaign_ = new CampaignOptionsBox(settings, this);
    campaign_->hide();
    connect(campaign_, &CampaignOptionsBox::changed, this, &ImportMappingPage::showProblems);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table_, 1);
    layout->addWidget(problems_);
    layout->addWidget(campaign_);
    layout->addWidget(snapshot_);
    layout->addWidget(errors);
}

void ImportMappingPage::initializePage() {
    auto* importWizard = qobject_cast<ImportWizard*>(wizard());
    if (!importWizard)
        return;
    const data::ImportOptions options = importWizard->options(false);
    const data::KindSpec* spec = data::findKind(options.kind);
    keepsOtherColumns_ = spec && spec->keepsOtherColumns;
    // A campaign offers its control arm from the arm values, so it reads more than one row.
    const data::ImportPreview preview =
        data::Importer::preview(importWizard->filePath(), options,
                                keepsOtherColumns_ ? CampaignOptionsBox::kArmSampleRows : 1);
    kind_ = options.kind;
    header_ = preview.header;
    campaign_->setVisible(keepsOtherColumns_);
    snapshot_->setVisible(kind_ == QStringLiteral("customers"));
    if (kind_ != QStringLiteral("customers"))
        snapshot_->setChecked(false);
    setSubTitle(keepsOtherColumns_
                    ? tr("Choose the field each column fills. Columns left as (feature or outcome) "
                         "are kept with every row: tick the outcomes below.")
                    : tr("Choose the field each column fills. Columns recognised by their name "
                         "are already mapped; columns set to (ignore) are not imported."));

    table_->clearContents();
    table_->setRowCount(static_cast<int>(header_.size()));
    for (int row = 0; row < header_.size(); ++row) {
        table_->setItem(row, FileColumn, new QTableWidgetItem(header_[row]));
        const QStringList first = preview.rows.empty() ? QStringList() : preview.rows.front();
        table_->setItem(row, Example,
                        new QTableWidgetItem(row < first.size() ? first[row] : QString()));
        auto* chooser = new QComboBox(table_);
        // A campaign keeps every unmapped column, so nothing there is ignored.
        chooser->addItem(keepsOtherColumns_ ? tr("(feature or outcome)") : tr("(ignore)"),
                         QString());
        if (spec) {
            for (const data::FieldSpec& field : spec->fields) {
                const QString label =
                    field.required ? tr("%1 (required)").arg(field.name) : field.name;
                chooser->addItem(label, field.name);
                chooser->setItemData(chooser->count() - 1,
                                     tr("%1 — %2").arg(field.name, data::fieldTypeName(field.type)),
                                     Qt::ToolTipRole);
            }
        }
        const auto suggested = preview.mapping.find(header_[row]);
        if (suggested != preview.mapping.end()) {
            const int index = chooser->findData(suggested->second);
            if (index >= 0)
                chooser->setCurrentIndex(index);
        }
        connect(chooser, &QComboBox::currentIndexChanged, this, &ImportMappingPage::mappingChanged);
        table_->setCellWidget(row, Field, chooser);
    }
    if (keepsOtherColumns_)
        campaign_->setFile(importWizard->filePath(), header_, preview.rows);
    mappingChanged();
}

void ImportMappingPage::mappingChanged() {
    if (keepsOtherColumns_)
        campaign_->setMapping(mapping());
    showProblems();
}

QComboBox* ImportMappingPage::chooserAt(int row) const {
    return qobject_cast<QComboBox*>(table_->cellWidget(row, Field));
}

std::map<QString, QString> ImportMappingPage::mapping() const {
    std::map<QString, QString> result;
    for (int row = 0; row < header_.size(); ++row) {
        if (QComboBox* chooser = chooserAt(row))
            result[header_[row]] = chooser->currentData().toString();
    }
    return result;
}

bool ImportMappingPage::setFieldFor(const QString& column, const QString& field) {
    const int row = static_cast<int>(header_.indexOf(column));
    QComboBox* chooser = row >= 0 ? chooserAt(row) : nullptr;
    const int index = chooser ? chooser->findData(field) : -1;
    if (index < 0)
        return false;
    chooser->setCurrentIndex(index);
    return true;
}

QStringList ImportMappingPage::missingRequired() const {
    const data::KindSpec* spec = data::findKind(kind_);
    if (!spec)
        return {};
    QSet<QString> mapped;
    for (const auto& [column, field] : mapping())
        mapped.insert(field);
    QStringList missing;
    for (const data::FieldSpec& field : spec->fields) {
        if (field.required && !mapped.contains(field.name))
            missing << field.name;
    }
    if (!spec->oneOf.isEmpty()) {
        const bool any = std::any_of(spec->oneOf.begin(), spec->oneOf.end(),
                                     [&](const QString& name) { return mapped.contains(name); });
        if (!any)
            missing << spec->oneOf.join(tr(" or "));
    }
    return missing;
}

QStringList ImportMappingPage::fieldsMappedTwice() const {
    QSet<QString> seen;
    QStringList twice;
    for (const auto& [column, field] : mapping()) {
        if (field.isEmpty())
            continue;
        if (seen.contains(field) && !twice.contains(field))
            twice << field;
        seen.insert(field);
    }
    return twice;
}

bool ImportMappingPage::isComplete() const {
    return !header_.isEmpty() && missingRequired().isEmpty() && fieldsMappedTwice().isEmpty() &&
           (!keepsOtherColumns_ || campaign_->problems().isEmpty());
}

void ImportMappingPage::showProblems() {
    QStringList lines;
    const QStringList missing = missingRequired();
    if (!missing.isEmpty())
        lines << tr("Required fields not mapped yet: %1").arg(missing.join(QStringLiteral(", ")));
    const QStringList twice = fieldsMappedTwice();
    if (!twice.isEmpty())
        lines << tr("Filled by more than one column: %1").arg(twice.join(QStringLiteral(", ")));
    if (keepsOtherColumns_ && missing.isEmpty())
        lines << campaign_->problems();
    problems_->setText(lines.join(u'\n'));
    problems_->setVisible(!lines.isEmpty());
    // Mark the rows whose choice is part of a problem.
    for (int row = 0; row < header_.size(); ++row) {
        QComboBox* chooser = chooserAt(row);
        const bool duplicate = chooser && twice.contains(chooser->currentData().toString());
        if (QTableWidgetItem* item = table_->item(row, FileColumn))
            item->setForeground(duplicate ? QColor(0xb0, 0x3a, 0x2e) : palette().text().color());
    }
    emit completeChanged();
}

void ImportMappingPage::applyTo(data::ImportOptions& options) const {
    options.mapping = mapping();
    options.onError = skipRows_->isChecked() ? data::OnError::Skip : data::OnError::Reject;
    options.createMissing = createMissing_->isChecked();
    options.snapshot = kind_ == QStringLiteral("customers") && snapshot_->isChecked();
    if (keepsOtherColumns_)
        campaign_->applyTo(options);
}

void ImportMappingPage::setOnError(data::OnError onError) {
    (onError == data::OnError::Skip ? skipRows_ : rejectFile_)->setChecked(true);
}

void ImportMappingPage::setCreateMissing(bool on) {
    createMissing_->setChecked(on);
}

}  // namespace mb::ui
