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

class CampaignOptionsBox;

// Step 3: which field each column of the file fills, what to do with bad rows, and for a
// campaign its control arm and outcomes.
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
    // Shown only for the campaign kind.
    CampaignOptionsBox* campaignOptions() const { return campaign_; }
    bool isCampaign() const { return keepsOtherColumns_; }

private:
    void mappingChanged();
    void showProblems();
    QComboBox* chooserAt(int row) const;

    QString kind_;
    bool keepsOtherColumns_ = false;
    QStringList header_;
    QTableWidget* table_ = nullptr;
    QLabel* problems_ = nullptr;
    QRadioButton* rejectFile_ = nullptr;
    QRadioButton* skipRows_ = nullptr;
    QCheckBox* createMissing_ = nullptr;
    QCheckBox* snapshot_ = nullptr;  // customers: the file is the full list
    CampaignOptionsBox* campaign_ = nullptr;
};

}  // namespace mb::ui
