#pragma once

#include <QMainWindow>
#include <memory>
#include <vector>

class QLabel;
class QListWidget;
class QMenu;
class QStackedWidget;

namespace mb::ui {

class DataPage;
class DemoBuilder;
class ImportWizard;
class ProjectConnection;
class ProjectPage;

// The application window: a navigation list of pages (Data, Demand, Markdown, Targeting, Layout),
// the File and Help menus, and a status bar with the open project and its row totals.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    enum Page {
        DataPageIndex,
        DemandPageIndex,
        MarkdownPageIndex,
        TargetingPageIndex,
        LayoutPageIndex
    };

    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // These never show a dialog; the *Interactively variants tell the user what went wrong.
    bool openProject(const QString& path, QString* error = nullptr);
    bool createProject(const QString& path, QString* error = nullptr);
    void closeProject();
    bool openProjectInteractively(const QString& path);
    // Opens the demo project, building it first (in the background) when it does not exist.
    void openDemoProject();

    ImportWizard* startImport();

    QString projectPath() const;
    bool hasProject() const { return connection_ != nullptr; }
    void showPage(int index);
    int currentPage() const;
    int pageCount() const;
    ProjectPage* page(int index) const;
    DataPage* dataPage() const { return dataPage_; }
    DemoBuilder* demoBuilder() const { return demoBuilder_; }
    QString statusTotalsText() const;

signals:
    void projectOpened(const QString& path);
    void projectClosed();
    void importFinished(bool committed);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildPages();
    void buildMenus();
    void newProjectDialog();
    void openProjectDialog();
    void showAbout();
    void updateRecentMenu();
    void updateActions();
    void updateStatus();
    void refreshPages();
    void restoreSettings();
    void saveSettings() const;
    void showEmptyStateActions(ProjectPage* page);

    std::unique_ptr<ProjectConnection> connection_;
    QListWidget* navigation_ = nullptr;
    QStackedWidget* pages_ = nullptr;
    DataPage* dataPage_ = nullptr;
    std::vector<ProjectPage*> allPages_;
    DemoBuilder* demoBuilder_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QAction* closeAction_ = nullptr;
    QAction* importAction_ = nullptr;
    QLabel* pathLabel_ = nullptr;
    QLabel* totalsLabel_ = nullptr;
};

}  // namespace mb::ui
