#pragma once

#include "ImportSettings.h"

#include <QWizardPage>

class QCheckBox;
class QComboBox;
class QLabel;
class QTableWidget;

namespace mb::ui {

// Step 2: the first rows of the file as they will be read, with the reading options; the
// preview follows every change at once.
class ImportPreviewPage : public QWizardPage {
    Q_OBJECT
public:
    static constexpr int kPreviewRows = 20;

    ImportPreviewPage(const ImportSettings& settings, QWidget* parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;

    void applyTo(data::ImportOptions& options) const;
    bool setDelimiter(char delimiter);  // 0 = detect
    bool setEncoding(const QString& encoding);
    bool setDateFormat(const QString& format);
    void setDecimalComma(bool on);
    bool setThousandsSeparator(char separator);

    const data::ImportPreview& preview() const { return preview_; }
    QTableWidget* previewTable() const { return table_; }
    int refreshCount() const { return refreshCount_; }

signals:
    void previewRefreshed();

private:
    void refreshPreview();

    data::ImportPreview preview_;
    int refreshCount_ = 0;
    QComboBox* delimiter_ = nullptr;
    QComboBox* encoding_ = nullptr;
    QComboBox* dateFormat_ = nullptr;
    QCheckBox* decimalComma_ = nullptr;
    QComboBox* thousands_ = nullptr;
    QLabel* status_ = nullptr;
    QTableWidget* table_ = nullptr;
};

}  // namespace mb::ui
