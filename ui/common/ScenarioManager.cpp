#include "ScenarioManager.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace mb::ui {

ScenarioManager::ScenarioManager(const QString& projectPath, const QString& page, QWidget* parent)
    : QDialog(parent), projectPath_(projectPath), page_(page) {
    setObjectName(QStringLiteral("scenarioManager"));
    setWindowTitle(tr("Saved scenarios"));
    list_ = new QListWidget(this);
    list_->setObjectName(QStringLiteral("scenarioList"));
    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("scenarioError"));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #b00020;"));
    error_->hide();
    rename_ = new QPushButton(tr("Rename…"), this);
    rename_->setObjectName(QStringLiteral("renameScenario"));
    delete_ = new QPushButton(tr("Delete…"), this);
    delete_->setObjectName(QStringLiteral("deleteScenario"));
    connect(rename_, &QPushButton::clicked, this, &ScenarioManager::askRename);
    connect(delete_, &QPushButton::clicked, this, &ScenarioManager::askDelete);
    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
        rename_->setEnabled(row >= 0);
        delete_->setEnabled(row >= 0);
    });
    auto* close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* buttons = new QVBoxLayout;
    buttons->addWidget(rename_);
    buttons->addWidget(delete_);
    buttons->addStretch(1);
    auto* body = new QHBoxLayout;
    body->addWidget(list_, 1);
    body->addLayout(buttons);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(body, 1);
    layout->addWidget(error_);
    layout->addWidget(close);
    reload();
}

ScenarioManager* ScenarioManager::open(const QString& projectPath, const QString& page,
                                       QWidget* parent) {
    auto* dialog = new ScenarioManager(projectPath, page, parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->QDialog::open();
    return dialog;
}

QStringList ScenarioManager::names() const {
    QStringList names;
    for (int row = 0; row < list_->count(); ++row)
        names << list_->item(row)->text();
    return names;
}

void ScenarioManager::reload() {
    const QString current = list_->currentItem() ? list_->currentItem()->text() : QString();
    list_->clear();
    try {
        const auto project = data::Project::open(projectPath_, data::Project::OpenMode::MustExist);
        for (const data::SavedScenario& saved : data::savedScenarios(*project, page_))
            list_->addItem(saved.name);
    } catch (const Error& error) {
        showError(tr("The saved scenarios cannot be read: %1").arg(error.message()));
    }
    const QList<QListWidgetItem*> same = list_->findItems(current, Qt::MatchExactly);
    list_->setCurrentRow(same.isEmpty() ? (list_->count() > 0 ? 0 : -1) : list_->row(same[0]));
    rename_->setEnabled(list_->currentRow() >= 0);
    delete_->setEnabled(list_->currentRow() >= 0);
}

void ScenarioManager::showError(const QString& text) {
    errorText_ = text;
    error_->setText(text);
    error_->setVisible(!text.isEmpty());
}

bool ScenarioManager::renameScenario(const QString& from, const QString& to) {
    try {
        const auto project = data::Project::open(projectPath_, data::Project::OpenMode::MustExist);
        data::renameScenario(*project, page_, from, to);
    } catch (const Error& error) {
        showError(tr("Cannot rename %1: %2").arg(from, error.message()));
        return false;
    }
    showError(QString());
    reload();
    const QList<QListWidgetItem*> renamed = list_->findItems(to.trimmed(), Qt::MatchExactly);
    if (!renamed.isEmpty())
        list_->setCurrentItem(renamed[0]);
    emit scenarioRenamed(from, to.trimmed());
    return true;
}

bool ScenarioManager::deleteScenario(const QString& name) {
    bool removed = false;
    try {
        const auto project = data::Project::open(projectPath_, data::Project::OpenMode::MustExist);
        removed = data::deleteScenario(*project, page_, name);
    } catch (const Error& error) {
        showError(tr("Cannot delete %1: %2").arg(name, error.message()));
        return false;
    }
    if (!removed) {
        showError(tr("There is no saved scenario %1.").arg(name));
        reload();
        return false;
    }
    showError(QString());
    reload();
    emit scenarioDeleted(name);
    return true;
}

void ScenarioManager::askRename() {
    if (!list_->currentItem())
        return;
    const QString from = list_->currentItem()->text();
    bool ok = false;
    const QString to = QInputDialog::getText(this, tr("Rename scenario"), tr("New name"),
                                             QLineEdit::Normal, from, &ok);
    if (ok && to.trimmed() != from)
        renameScenario(from, to);
}

void ScenarioManager::askDelete() {
    if (!list_->currentItem())
        return;
    const QString name = list_->currentItem()->text();
    QMessageBox ask(QMessageBox::Question, tr("Delete scenario"),
                    tr("Delete the saved scenario %1? This cannot be undone.").arg(name),
                    QMessageBox::Cancel, this);
    QPushButton* remove = ask.addButton(tr("Delete"), QMessageBox::DestructiveRole);
    ask.setDefaultButton(QMessageBox::Cancel);
    ask.exec();
    if (ask.clickedButton() == remove)
        deleteScenario(name);
}

}  // namespace mb::ui
