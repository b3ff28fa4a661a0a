#pragma once

#include <QWidget>

class QStackedWidget;

namespace mb::ui {

class EmptyState;
class ProjectConnection;

// The frame every page shares: a title, a one-line description, and either the page's body or,
// while no project is open, the empty state.
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

protected:
    void setBody(QWidget* body);
    ProjectConnection* connection() const { return connection_; }

private:
    QString title_;
    QStackedWidget* stack_ = nullptr;
    EmptyState* emptyState_ = nullptr;
    QWidget* body_ = nullptr;
    ProjectConnection* connection_ = nullptr;
};

}  // namespace mb::ui
