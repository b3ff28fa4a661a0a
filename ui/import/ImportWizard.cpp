#include "ImportWizard.h"

#include "ImportFilePage.h"
#include "ImportMappingPage.h"
#include "ImportPreviewPage.h"
#include "ImportRunPage.h"
#include "ImportSettings.h"

#include <QFileInfo>

namespace mb::ui {

ImportWizard::ImportWizard(const QString& projectPath, QWidget* parent)
    : QWizard(parent), projectPath_(projectPath) {
    setObjectName(QStringLiteral("importWizard"));
    setWindowTitle(tr("Import Data"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::HaveHelpButton, false);
    setWindowModality(Qt::WindowModal);
    resize(880, 620);

    const ImportSettings settings = ImportSettings::load();
    filePage_ = new ImportFilePage(settings, this);
    previewPage_ = new ImportPreviewPage(settings, this);
    mappingPage_ = new ImportMappingPage(settings, this);
    runPage_ = new ImportRunPage(this);
    setPage(FilePageId, filePage_);
    setPage(PreviewPageId, previewPage_);
    setPage(MappingPageId, mappingPage_);
    setPage(RunPageId, runPage_);

    connect(runPage_, &ImportRunPage::started, this, &ImportWizard::rememberChoices);
    connect(runPage_, &ImportRunPage::finished, this, [this] {
        // Back stays blocked after a commit page; lifting it lets the user fix what was rejected.
        const bool committed = runPage_->report().committed;
        mappingPage_->setCommitPage(committed);
        emit importFinished(committed);
        if (closeWhenStopped_)
            QWizard::reject();
    });
}

QString ImportWizard::filePath() const {
    return filePage_->filePath();
}

data::ImportOptions ImportWizard::options(bool withMapping) const {
    data::ImportOptions options;
    options.kind = filePage_->kind();
    options.format = filePage_->format();
    previewPage_->applyTo(options);
    if (withMapping)
        mappingPage_->applyTo(options);
    return options;
}

void ImportWizard::proposeKind(const QString& kind) {
    filePage_->setKind(kind);
}

void ImportWizard::reject() {
    if (runPage_->isRunning()) {
        closeWhenStopped_ = true;
        runPage_->cancel();
        return;
    }
    QWizard::reject();
}

void ImportWizard::cleanupPage(int id) {
    // Leaving the result of a rejected import: importing from the mapping page commits again.
    if (id == RunPageId)
        mappingPage_->setCommitPage(true);
    QWizard::cleanupPage(id);
}

void ImportWizard::rememberChoices() const {
    const data::ImportOptions chosen = options();
    ImportSettings settings = ImportSettings::load();  // keeps the campaign choices of other runs
    settings.lastDirectory = QFileInfo(filePath()).absolutePath();
    settings.kind = chosen.kind;
    settings.delimiter = chosen.delimiter;
    settings.encoding = chosen.encoding;
    settings.dateFormat = chosen.dateFormat;
    settings.decimalComma = chosen.decimalComma;
    settings.thousandsSeparator = chosen.thousandsSeparator;
    settings.onError = chosen.onError;
    settings.createMissing = chosen.createMissing;
    if (mappingPage_->isCampaign()) {
        settings.campaignFile = QFileInfo(filePath()).absoluteFilePath();
        settings.campaign = chosen.campaign;
        settings.controlArm = chosen.controlArm;
        settings.outcomes = chosen.outcomes;
    }
    settings.save();
}

}  // namespace mb::ui
