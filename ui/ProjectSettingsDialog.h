#pragma once

#include <QDialog>

class QLineEdit;

namespace mb::ui {

// File > Project settings: what the project records about itself: its currency, which the
// imported files do not carry and every money figure shows, and the database its approved runs
// are published to.
class ProjectSettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ProjectSettingsDialog(const QString& currency, QWidget* parent = nullptr);

    // The code typed, in capitals.
    QString currency() const;
    QLineEdit* currencyEdit() const { return currencyEdit_; }
    // The postgresql:// URI typed for "Publish to database" ("" for none), trimmed.
    QString publishSink() const;
    void setPublishSink(const QString& uri);
    QLineEdit* publishSinkEdit() const { return publishSinkEdit_; }

private:
    QLineEdit* currencyEdit_ = nullptr;
    QLineEdit* publishSinkEdit_ = nullptr;
};

}  // namespace mb::ui
