#pragma once

#include "RequiredInputsPanel.h"

#include <QWidget>
#include <vector>

class QScrollArea;
class QStackedWidget;

namespace mb::ui {

class EmptyState;
class ProjectConnection;

// The frame every page shares: a title, a one-line description, the first steps while the
// project lacks an input the page's analysis needs, and either the page's body (in a scroll
// area, so that no page can force the window past the screen) or, while no project is open,
// the empty state.
class ProjectPage : public QWidget {
    Q_OBJECT
public:
    ProjectPage(const QString& title, const QString& description, QWidget* parent = nullptr);

    QString title() const { return title_; }
    // nullptr closes: the page must drop every model that uses the old connection.
    virtual void setConnection(ProjectConnection* connection);
    // Re-reads what the page shows after the project's contents changed.
    virtual void refresh() {}

    // Work the user would lose by closing the project: results with edits, or computed under
    // controls, that are not saved as a scenario. The main window asks Save / Discard / Cancel
    // when any page has some, naming them with unsavedWorkDescription() ("a markdown plan with
    // 3 edited weeks").
    virtual bool hasUnsavedWork() const { return false; }
    virtual QString unsavedWorkDescription() const { return {}; }
    // Saves the page's unsaved work as saved scenarios in the project; false with *error set
    // when it could not (the project is then unchanged).
    virtual bool saveWork(QString* error) {
        Q_UNUSED(error);
        return true;
    }
    EmptyState* emptyState() const { return emptyState_; }
    RequiredInputsPanel* requiredInputsPanel() const { return requiredInputs_; }
    // Re-counts the inputs the first steps list (after an import or an erasure).
    void updateRequiredInputs();

signals:
    // The first steps' Import button for a missing kind.
    void importRequested(const QString& kind);

protected:
    void setBody(QWidget* body);
    // The inputs the page's analysis reads, in the order a user would import them.
    void setRequiredInputs(std::vector<RequiredInput> inputs);
    ProjectConnection* connection() const { return connection_; }

private:
    QString title_;
    QStackedWidget* stack_ = nullptr;
    EmptyState* emptyState_ = nullptr;
    QWidget* body_ = nullptr;
    QScrollArea* scroll_ = nullptr;
    RequiredInputsPanel* requiredInputs_ = nullptr;
    ProjectConnection* connection_ = nullptr;
};

}  // namespace mb::ui
