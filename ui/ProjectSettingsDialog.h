#pragma once

#include <QDialog>

class QLineEdit;

namespace mb::ui {

// File > Project settings: what the project records about itself. Today its currency, which
// the imported files do not carry and every money figure shows.
class ProjectSettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ProjectSettingsDialog(const QString& currency, QWidget* parent = nullptr);

    // The code typed, in capitals.
    QString currency() const;
    QLineEdit* currencyEdit() const { return currencyEdit_; }

private:
    QLineEdit* currencyEdit_ = nullptr;
};

}  // namespace mb::ui
