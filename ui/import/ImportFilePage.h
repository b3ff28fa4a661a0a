#pragma once

#include "ImportSettings.h"

#include <QWizardPage>

class QComboBox;
class QLabel;
class QLineEdit;

namespace mb::ui {

// Step 1: which file, and what kind of data it holds.
class ImportFilePage : public QWizardPage {
    Q_OBJECT
public:
    ImportFilePage(const ImportSettings& settings, QWidget* parent = nullptr);

    QString filePath() const;
    void setFilePath(const QString& path);
    QString kind() const;
    bool setKind(const QString& kind);
    data::FileFormat format() const;
    bool setFormat(data::FileFormat format);

    bool isComplete() const override;

private:
    void browse();
    void showKindDetails();
    // Chooses the kind whose fields the file's header names best (data/KindGuess.h).
    void proposeKindFromHeader();

    QString lastDirectory_;
    QLineEdit* pathEdit_ = nullptr;
    QComboBox* kindChooser_ = nullptr;
    QLabel* kindDetails_ = nullptr;
    QLabel* kindProposal_ = nullptr;
    QComboBox* formatChooser_ = nullptr;
};

}  // namespace mb::ui
