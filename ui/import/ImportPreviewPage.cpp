#include "ImportPreviewPage.h"

#include "ImportWizard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace mb::ui {

namespace {

QString delimiterName(char delimiter) {
    switch (delimiter) {
        case ',':
            return QObject::tr("comma");
        case ';':
            return QObject::tr("semicolon");
        case '\t':
            return QObject::tr("tab");
        case '|':
            return QObject::tr("pipe");
        default:
            return QStringLiteral("'%1'").arg(QLatin1Char(delimiter));
    }
}

bool selectData(QComboBox* combo, const QVariant& value) {
    const int index = combo->findData(value);
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    return true;
}

}  // namespace

ImportPreviewPage::ImportPreviewPage(const ImportSettings& settings, QWidget* parent)
    : QWizardPage(parent) {
    setTitle(tr("Check how the file is read"));
    setSubTitle(
        tr("The table shows the first rows as Merchbench reads them. Change an option if "
           "the columns or values look wrong."));

    delimiter_ = new QComboBox(this);
    delimiter_->setObjectName(QStringLiteral("delimiterChooser"));
    delimiter_->addItem(tr("Detect"), 0);
    delimiter_->addItem(tr("Comma  ,"), static_cast<int>(','));
    delimiter_->addItem(tr("Semicolon  ;"), static_cast<int>(';'));
    delimiter_->addItem(tr("Tab"), static_cast<int>('\t'));
    delimiter_->addItem(tr("Pipe  |"), static_cast<int>('|'));

    encoding_ = new QComboBox(this);
    encoding_->setObjectName(QStringLiteral("encodingChooser"));
    encoding_->addItem(tr("UTF-8"), QStringLiteral("UTF-8"));
    encoding_->addItem(tr("Latin-1 (ISO-8859-1)"), QStringLiteral("ISO-8859-1"));
    encoding_->addItem(tr("Windows-1252"), QStringLiteral("windows-1252"));

    dateFormat_ = new QComboBox(this);
    dateFormat_->setObjectName(QStringLiteral("dateFormatChooser"));
    dateFormat_->addItem(tr("Detect"), QStringLiteral("auto"));
    dateFormat_->addItem(tr("ISO  2024-03-25"), QStringLiteral("iso"));
    dateFormat_->addItem(tr("Day first  25/03/2024"), QStringLiteral("dmy"));
    dateFormat_->addItem(tr("Month first  03/25/2024"), QStringLiteral("mdy"));

    decimalComma_ = new QCheckBox(tr("Decimal comma (1,5 means 1.5)"), this);
    decimalComma_->setObjectName(QStringLiteral("decimalCommaCheck"));

    thousands_ = new QComboBox(this);
    thousands_->setObjectName(QStringLiteral("thousandsChooser"));
    thousands_->addItem(tr("None"), 0);
    thousands_->addItem(tr("Comma  1,000"), static_cast<int>(','));
    thousands_->addItem(tr("Period  1.000"), static_cast<int>('.'));
    thousands_->addItem(tr("Space  1 000"), static_cast<int>(' '));
    thousands_->addItem(tr("Apostrophe  1'000"), static_cast<int>('\''));

    selectData(delimiter_, static_cast<int>(settings.delimiter));
    selectData(encoding_, settings.encoding);
    selectData(dateFormat_, settings.dateFormat);
    decimalComma_->setChecked(settings.decimalComma);
    selectData(thousands_, static_cast<int>(settings.thousandsSeparator));

    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("previewStatus"));
    status_->setWordWrap(true);
    table_ = new QTableWidget(this);
    table_->setObjectName(QStringLiteral("previewTable"));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setDefaultSectionSize(110);

    for (QComboBox* combo : {delimiter_, encoding_, dateFormat_, thousands_})
        connect(combo, &QComboBox::currentIndexChanged, this, &ImportPreviewPage::refreshPreview);
    connect(decimalComma_, &QCheckBox::toggled, this, &ImportPreviewPage::refreshPreview);

    auto* options = new QGridLayout;
    options->setHorizontalSpacing(12);
    options->addWidget(new QLabel(tr("Delimiter:"), this), 0, 0);
    options->addWidget(delimiter_, 0, 1);
    options->addWidget(new QLabel(tr("Encoding:"), this), 0, 2);
    options->addWidget(encoding_, 0, 3);
    options->addWidget(new QLabel(tr("Dates:"), this), 0, 4);
    options->addWidget(dateFormat_, 0, 5);
    options->addWidget(new QLabel(tr("Thousands:"), this), 1, 0);
    options->addWidget(thousands_, 1, 1);
    options->addWidget(decimalComma_, 1, 2, 1, 3);
    options->setColumnStretch(6, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(options);
    layout->addWidget(status_);
    layout->addWidget(table_, 1);
}

void ImportPreviewPage::initializePage() {
    refreshPreview();
}

bool ImportPreviewPage::isComplete() const {
    return preview_.error.isEmpty() && !preview_.header.isEmpty();
}

void ImportPreviewPage::applyTo(data::ImportOptions& options) const {
    options.delimiter = static_cast<char>(delimiter_->currentData().toInt());
    options.encoding = encoding_->currentData().toString();
    options.dateFormat = dateFormat_->currentData().toString();
    options.decimalComma = decimalComma_->isChecked();
    options.thousandsSeparator = static_cast<char>(thousands_->currentData().toInt());
}

bool ImportPreviewPage::setDelimiter(char delimiter) {
    return selectData(delimiter_, static_cast<int>(delimiter));
}
bool ImportPreviewPage::setEncoding(const QString& encoding) {
    return selectData(encoding_, encoding);
}
bool ImportPreviewPage::setDateFormat(const QString& format) {
    return selectData(dateFormat_, format);
}
void ImportPreviewPage::setDecimalComma(bool on) {
    decimalComma_->setChecked(on);
}
bool ImportPreviewPage::setThousandsSeparator(char separator) {
    return selectData(thousands_, static_cast<int>(separator));
}

void ImportPreviewPage::refreshPreview() {
    auto* importWizard = qobject_cast<ImportWizard*>(wizard());
    if (!importWizard)
        return;
    // Only the first rows are read, so this is quick enough for the GUI thread.
    preview_ = data::Importer::preview(importWizard->filePath(), importWizard->options(false),
                                       kPreviewRows);
    ++refreshCount_;
    table_->clear();
    table_->setColumnCount(static_cast<int>(preview_.header.size()));
    table_->setHorizontalHeaderLabels(preview_.header);
    table_->setRowCount(static_cast<int>(preview_.rows.size()));
    for (int row = 0; row < static_cast<int>(preview_.rows.size()); ++row) {
        const QStringList& values = preview_.rows[static_cast<std::size_t>(row)];
        for (int column = 0; column < values.size(); ++column)
            table_->setItem(row, column, new QTableWidgetItem(values[column]));
    }
    table_->resizeColumnsToContents();
    for (int column = 0; column < table_->columnCount(); ++column)
        table_->setColumnWidth(column, std::clamp(table_->columnWidth(column) + 12, 70, 280));
    if (!preview_.error.isEmpty()) {
        status_->setStyleSheet(QStringLiteral("color: #b03a2e;"));
        status_->setText(preview_.error);
    } else {
        status_->setStyleSheet(QString());
        const bool detected = delimiter_->currentData().toInt() == 0;
        status_->setText(tr("%1 columns separated by %2%3; showing the first %4 rows.")
                             .arg(preview_.header.size())
                             .arg(delimiterName(preview_.delimiter))
                             .arg(detected ? tr(" (detected)") : QString())
                             .arg(preview_.rows.size()));
    }
    emit completeChanged();
    emit previewRefreshed();
}

}  // namespace mb::ui
