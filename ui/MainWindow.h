#pragma once

#include <QMainWindow>
#include <functional>
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
    // File > Close: asks about unsaved work first; false when the user cancelled.
    bool closeProjectInteractively();

    // Before anything replaces or closes the open project (New, Open, Open Recent, Open demo,
    // Close, closing the window), the pages' unsaved work is settled with one question: Save
    // (every page's saveWork; a failure stops and says why), Discard, or Cancel. True when the
    // caller may go on.
    enum class UnsavedWorkAnswer { Save, Discard, Cancel };
    bool settleUnsavedWork();
    // Tests answer the question through this instead of a message box; it gets the list of
    // what would be lost, one line per page.
    using UnsavedWorkQuestion = std::function<UnsavedWorkAnswer(const QStringList& work)>;
    void setUnsavedWorkQuestion(UnsavedWorkQuestion question) {
        unsavedWorkQuestion_ = std::move(question);
    }

    // Adds a page to the navigation (and Ctrl+<its number> for the first nine); it follows the
    // open project from then on.
    void addPage(ProjectPage* page, const QString& iconPath);

    // The import wizard on the open project, proposing `kind` when one is given.
    ImportWizard* startImport(const QString& kind = {});
    // Sets the project's currency (an ISO 4217 code) for every page; false with *error when the
    // code is not one or the project could not be written (nothing changed then).
    bool setProjectCurrency(const QString& code, QString* error = nullptr);
    // The database the project publishes approved runs to (settings publish_to), "" for none;
    // setting it refuses a URI with a password (false with *error, nothing changed).
    QString publishSink() const;
    bool setPublishSink(const QString& uri, QString* error = nullptr);
    QString statusCurrencyText() const;
    // Help > User guide (the offline guide in the resources).
    QWidget* showUserGuide();
    // Shrinks the window to the screen's available area (less its frame) when it is larger.
    void fitToScreen();

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
    void showEvent(QShowEvent* event) override;

private:
    void buildPages();
    void buildMenus();
    UnsavedWorkAnswer askAboutUnsavedWork(const QStringList& work);
    bool openProjectAfterAsking(const QString& path);
    void newProjectDialog();
    void openProjectDialog();
    void showAbout();
    void projectSettingsDialog();
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
    QMenu* pageMenu_ = nullptr;
    UnsavedWorkQuestion unsavedWorkQuestion_;
    QAction* closeAction_ = nullptr;
    QAction* importAction_ = nullptr;
    QAction* settingsAction_ = nullptr;
    QLabel* pathLabel_ = nullptr;
    QLabel* totalsLabel_ = nullptr;
    QLabel* currencyLabel_ = nullptr;
};

}  // namespace mb::ui
