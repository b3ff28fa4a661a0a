#pragma once

#include "ImportSettings.h"

#include <QGroupBox>
#include <QSet>
#include <map>
#include <vector>

class QComboBox;
class QLineEdit;
class QListWidget;

namespace mb::ui {

// What only a campaign needs: its name, the arm that got no offer, and which of the columns left
// unmapped are outcomes (the rest are customer features).
class CampaignOptionsBox : public QGroupBox {
    Q_OBJECT
public:
    // The control arm is offered from the arm values of this many first rows.
    static constexpr int kArmSampleRows = 1000;

    explicit CampaignOptionsBox(const ImportSettings& settings, QWidget* parent = nullptr);

    // A file was read: its name gives the default campaign name, its rows the arm values.
    void setFile(const QString& path, const QStringList& header, std::vector<QStringList> rows);
    // The column mapping changed: the arm values and the outcome choices follow it.
    void setMapping(const std::map<QString, QString>& mapping);

    QString campaignName() const;
    void setCampaignName(const QString& name);
    QString controlArm() const;
    void setControlArm(const QString& arm);
    QStringList armValues() const;                 // the values offered as control arm
    QStringList outcomeChoices() const;            // the unmapped columns, in file order
    QStringList outcomes() const;                  // the checked ones, in file order
    bool setOutcomes(const QStringList& columns);  // false if one of them is not offered

    QStringList problems() const;  // what still blocks the import
    void applyTo(data::ImportOptions& options) const;

    QComboBox* controlArmChooser() const { return controlArm_; }
    QListWidget* outcomeList() const { return outcomeList_; }

signals:
    void changed();

private:
    void fillArmValues(const QString& armColumn);
    void fillOutcomeChoices(const QStringList& columns);

    QString rememberedFile_;
    QString rememberedName_;
    QString rememberedArm_;
    QString path_;
    QStringList header_;
    std::vector<QStringList> rows_;
    QString armColumn_;
    bool armValuesStale_ = true;  // a new file was read since the arm values were filled
    QSet<QString> checked_;       // outlives rebuilds of the list, so remapping keeps the ticks

    QLineEdit* name_ = nullptr;
    QComboBox* controlArm_ = nullptr;
    QListWidget* outcomeList_ = nullptr;
};

}  // namespace mb::ui
