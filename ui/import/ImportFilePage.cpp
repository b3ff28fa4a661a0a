#include "ImportFilePage.h"

#include "data/Importer.h"
#include "data/Kind.h"
#include "data/KindGuess.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace mb::ui {

ImportFilePage::ImportFilePage(const ImportSettings& settings, QWidget* parent)
    : QWizardPage(parent), lastDirectory_(settings.lastDirectory) {
    setTitle(tr("Choose a file"));
    setSubTitle(
        tr("Pick the exported file and say what it holds. Nothing is written until the "
           "last step."));

    pathEdit_ = new QLineEdit(this);
    pathEdit_->setObjectName(QStringLiteral("filePathEdit"));
    pathEdit_->setPlaceholderText(tr("A .csv, .tsv or .txt file"));
    auto* browseButton = new QPushButton(tr("Browse…"), this);
    connect(browseButton, &QPushButton::clicked, this, &ImportFilePage::browse);
    connect(pathEdit_, &QLineEdit::textChanged, this, &ImportFilePage::completeChanged);
    connect(pathEdit_, &QLineEdit::textChanged, this, &ImportFilePage::proposeKindFromHeader);
    auto* fileRow = new QHBoxLayout;
    fileRow->addWidget(pathEdit_, 1);
    fileRow->addWidget(browseButton);

    kindChooser_ = new QComboBox(this);
    kindChooser_->setObjectName(QStringLiteral("kindChooser"));
    for (const data::KindSpec& kind : data::allKinds()) {
        kindChooser_->addItem(kind.name, kind.name);
        kindChooser_->setItemData(kindChooser_->count() - 1, kind.description, Qt::ToolTipRole);
    }
    kindProposal_ = new QLabel(this);
    kindProposal_->setObjectName(QStringLiteral("kindProposal"));
    kindProposal_->setWordWrap(true);
    kindDetails_ = new QLabel(this);
    kindDetails_->setWordWrap(true);
    kindDetails_->setTextFormat(Qt::RichText);
    kindDetails_->setMinimumHeight(kindDetails_->fontMetrics().height() * 4);
    kindDetails_->setAlignment(Qt::AlignLeft | Qt::AlignTop);

    formatChooser_ = new QComboBox(this);
    formatChooser_->setObjectName(QStringLiteral("formatChooser"));
    formatChooser_->addItem(tr("Table: one row per record (CSV, TSV, semicolons)"),
                            static_cast<int>(data::FileFormat::Csv));
    formatChooser_->addItem(tr("Lines: one basket per line, items separated"),
                            static_cast<int>(data::FileFormat::BasketPerLine));
    connect(kindChooser_, &QComboBox::currentIndexChanged, this, &ImportFilePage::showKindDetails);

    auto* form = new QFormLayout(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setVerticalSpacing(10);
    form->addRow(tr("File:"), fileRow);
    form->addRow(tr("Kind of data:"), kindChooser_);
    form->addRow(QString(), kindProposal_);
    form->addRow(QString(), kindDetails_);
    form->addRow(tr("Layout:"), formatChooser_);

    if (!setKind(settings.kind))
        kindChooser_->setCurrentIndex(0);
    showKindDetails();
}

QString ImportFilePage::filePath() const {
    return pathEdit_->text().trimmed();
}
void ImportFilePage::setFilePath(const QString& path) {
    pathEdit_->setText(path);
}
QString ImportFilePage::kind() const {
    return kindChooser_->currentData().toString();
}

bool ImportFilePage::setKind(const QString& kind) {
    const int index = kindChooser_->findData(kind);
    if (index < 0)
        return false;
    kindChooser_->setCurrentIndex(index);
    return true;
}

data::FileFormat ImportFilePage::format() const {
    return static_cast<data::FileFormat>(formatChooser_->currentData().toInt());
}

bool ImportFilePage::setFormat(data::FileFormat format) {
    const int index = formatChooser_->findData(static_cast<int>(format));
    if (index < 0 || !formatChooser_->isEnabled())
        return format == data::FileFormat::Csv;
    formatChooser_->setCurrentIndex(index);
    return true;
}

bool ImportFilePage::isComplete() const {
    return QFileInfo(filePath()).isFile() && !kind().isEmpty();
}

void ImportFilePage::browse() {
    const QString start = filePath().isEmpty() ? lastDirectory_ : filePath();
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Choose a file to import"), start,
                                     tr("Delimited text (*.csv *.tsv *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    lastDirectory_ = QFileInfo(path).absolutePath();
    setFilePath(path);
}

void ImportFilePage::proposeKindFromHeader() {
    kindProposal_->clear();
    if (!QFileInfo(filePath()).isFile())
        return;
    data::ImportOptions options;
    options.kind = kind();
    const data::ImportPreview preview = data::Importer::preview(filePath(), options, 1);
    if (preview.header.isEmpty())
        return;
    const QString proposed = data::proposedKind(preview.header);
    if (proposed.isEmpty()) {
        kindProposal_->setText(tr("The file's columns match no kind completely: choose one."));
        return;
    }
    setKind(proposed);
    kindProposal_->setText(tr("Proposed from the file's columns."));
}

void ImportFilePage::showKindDetails() {
    const data::KindSpec* spec = data::findKind(kind());
    if (!spec) {
        kindDetails_->clear();
        return;
    }
    QStringList required;
    QStringList optional;
    for (const data::FieldSpec& field : spec->fields)
        (field.required ? required : optional) << field.name;
    QString text = spec->description.toHtmlEscaped() + QStringLiteral("<br>") +
                   tr("<b>Needs:</b> %1").arg(required.join(QStringLiteral(", ")).toHtmlEscaped());
    if (!optional.isEmpty()) {
        text +=
            QStringLiteral("<br>") +
            tr("<b>Also reads:</b> %1").arg(optional.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    if (spec->keepsOtherColumns)
        text += QStringLiteral("<br>") + tr("Every other column is kept as a feature or outcome.");
    kindDetails_->setText(text);
    // Only basket lines can come as one basket per line.
    const bool lines = spec->table == QStringLiteral("basket_lines");
    formatChooser_->setEnabled(lines);
    if (!lines)
        formatChooser_->setCurrentIndex(0);
}

}  // namespace mb::ui
