#include "ProjectSettingsDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace mb::ui {

ProjectSettingsDialog::ProjectSettingsDialog(const QString& currency, QWidget* parent)
    : QDialog(parent) {
    setWindowTitle(tr("Project settings"));
    currencyEdit_ = new QLineEdit(currency, this);
    currencyEdit_->setObjectName(QStringLiteral("currencyEdit"));
    currencyEdit_->setPlaceholderText(tr("e.g. USD, EUR, GBP"));
    currencyEdit_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z]{0,3}")), currencyEdit_));
    auto* note = new QLabel(tr("The currency of every price and cost in the project, as a "
                               "three-letter ISO 4217 code. Imported files carry no currency; "
                               "money on every page is shown in this one."),
                            this);
    note->setWordWrap(true);
    note->setMinimumWidth(360);
    publishSinkEdit_ = new QLineEdit(this);
    publishSinkEdit_->setObjectName(QStringLiteral("publishSinkEdit"));
    publishSinkEdit_->setPlaceholderText(tr("postgresql://user@host/database"));
    publishSinkEdit_->setClearButtonEnabled(true);
    publishSinkEdit_->setMinimumWidth(300);
    auto* sinkNote = new QLabel(tr("Where Approve publishes the decisions store systems read "
                                   "(PostgreSQL, schema merchbench); empty for none. Leave the "
                                   "password out: PGPASSWORD, ~/.pgpass or a service file "
                                   "supplies it, so the project never holds it."),
                                this);
    sinkNote->setWordWrap(true);
    sinkNote->setMinimumWidth(360);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    QPushButton* ok = buttons->button(QDialogButtonBox::Ok);
    const auto check = [this, ok] { ok->setEnabled(currencyEdit_->text().size() == 3); };
    connect(currencyEdit_, &QLineEdit::textChanged, this, check);
    check();
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("Currency:"), currencyEdit_);
    form->addRow(note);
    form->addRow(tr("Publish to database:"), publishSinkEdit_);
    form->addRow(sinkNote);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QString ProjectSettingsDialog::publishSink() const {
    return publishSinkEdit_->text().trimmed();
}

void ProjectSettingsDialog::setPublishSink(const QString& uri) {
    publishSinkEdit_->setText(uri);
}

QString ProjectSettingsDialog::currency() const {
    return currencyEdit_->text().trimmed().toUpper();
}

}  // namespace mb::ui
