#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

class QLabel;
class QListWidget;
class QPushButton;

namespace mb::ui {

// "Manage scenarios…": a page's saved scenarios (data/SavedScenarios.h) listed with Rename and
// Delete. Each change is one transaction in the project, read and written through its own
// connection to projectPath; a refused change (a name already taken) leaves the project as it
// was and says why in the dialog.
class ScenarioManager : public QDialog {
    Q_OBJECT
public:
    ScenarioManager(const QString& projectPath, const QString& page, QWidget* parent);
    // Opens the dialog window-modal over parent; it deletes itself when closed.
    static ScenarioManager* open(const QString& projectPath, const QString& page, QWidget* parent);

    QStringList names() const;
    QListWidget* list() const { return list_; }
    // What the last refused change said; "" after one that worked.
    QString errorText() const { return errorText_; }

    // Without asking (the buttons ask first). False, with errorText(), when refused.
    bool renameScenario(const QString& from, const QString& to);
    bool deleteScenario(const QString& name);

signals:
    void scenarioRenamed(const QString& from, const QString& to);
    void scenarioDeleted(const QString& name);

private:
    void reload();
    void askRename();
    void askDelete();
    void showError(const QString& text);

    QString projectPath_;
    QString page_;
    QString errorText_;
    QListWidget* list_ = nullptr;
    QLabel* error_ = nullptr;
    QPushButton* rename_ = nullptr;
    QPushButton* delete_ = nullptr;
};

}  // namespace mb::ui
