#pragma once

#include "data/Importer.h"

#include <QWizard>

namespace mb::ui {

class ImportFilePage;
class ImportMappingPage;
class ImportPreviewPage;
class ImportRunPage;

// Imports one file into the open project: pick the file and its kind, check the preview and the
// reading options, map columns to fields, then import in the background with progress. An
// import that wrote nothing can go Back to the mapping and run again; one that committed cannot.
class ImportWizard : public QWizard {
    Q_OBJECT
public:
    enum PageId { FilePageId, PreviewPageId, MappingPageId, RunPageId };

    explicit ImportWizard(const QString& projectPath, QWidget* parent = nullptr);

    QString projectPath() const { return projectPath_; }
    QString filePath() const;
    // The options the pages describe; the mapping only once the mapping page has been filled.
    data::ImportOptions options(bool withMapping = true) const;

    // Starts on this kind (the first steps' Import button); a file's header may still change it.
    void proposeKind(const QString& kind);

    ImportFilePage* filePage() const { return filePage_; }
    ImportPreviewPage* previewPage() const { return previewPage_; }
    ImportMappingPage* mappingPage() const { return mappingPage_; }
    ImportRunPage* runPage() const { return runPage_; }

    // While importing, closing the wizard cancels the import and closes once it has stopped.
    void reject() override;
    void cleanupPage(int id) override;

signals:
    void importFinished(bool committed);

private:
    void rememberChoices() const;

    QString projectPath_;
    ImportFilePage* filePage_ = nullptr;
    ImportPreviewPage* previewPage_ = nullptr;
    ImportMappingPage* mappingPage_ = nullptr;
    ImportRunPage* runPage_ = nullptr;
    bool closeWhenStopped_ = false;
};

}  // namespace mb::ui
