#pragma once

#include "ImportSettings.h"

#include <QWizardPage>
#include <map>

class QCheckBox;
class QComboBox;
class QLabel;
class QRadioButton;
class QTableWidget;

namespace mb::ui {

// Step 3: which field each column of the file fills, and what to do with bad rows.
class ImportMappingPage : public QWizardPage {
    Q_OBJECT
public:
    ImportMappingPage(const ImportSettings& settings, QWidget* parent = nullptr);

    void initializePage() override;
    bool isComplete() const override;

    void applyTo(data::ImportOptions& options) const;
    std::map<QString, QString> mapping() const;  // file column -> field, "" = ignored
    bool setFieldFor(const QString& column, const QString& field);
    QStringList missingRequired() const;  // required fields no column fills
    QStringList fieldsMappedTwice() const;
    void setOnError(data::OnError onError);
    void setCreateMissing(bool on);
    QTableWidget* mappingTable() const { return table_; }

private:
    void showProblems();
    QComboBox* chooserAt(int row) const;

    QString kind_;
    QStringList header_;
    QTableWidget* table_ = nullptr;
    QLabel* problems_ = nullptr;
    QRadioButton* rejectFile_ = nullptr;
    QRadioButton* skipRows_ = nullptr;
    QCheckBox* createMissing_ = nullptr;
};

}  // namespace mb::ui
