#include "MainWindow.h"

#include "DataPage.h"
#include "DemoBuilder.h"
#include "EmptyState.h"
#include "Format.h"
#include "ProjectConnection.h"
#include "ProjectSettingsDialog.h"
#include "RecentProjects.h"
#include "UserGuide.h"
#include "common/Error.h"
#include "common/ExportLocation.h"
#include "common/Numbers.h"
#include "common/TableActions.h"
#include "data/DemoProject.h"
#include "data/Kind.h"
#include "data/Project.h"
#include "demand/DemandPage.h"
#include "import/ImportWizard.h"
#include "layout/LayoutPage.h"
#include "markdown/MarkdownPage.h"
#include "pg/PublishSink.h"
#include "targeting/TargetingPage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <algorithm>

// Resources compiled into a static library are only linked when something refers to them.
static void initMerchbenchResources() {
    Q_INIT_RESOURCE(merchbench);
}

namespace mb::ui {

namespace {

QString projectFilter() {
    return QObject::tr("Merchbench projects (*.merchbench)");
}
const QString kSuffix = QStringLiteral("merchbench");

QString withSuffix(const QString& path) {
    return QFileInfo(path).suffix().isEmpty() ? path + u'.' + kSuffix : path;
}

}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    initMerchbenchResources();
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Merchbench"));
    if (QFile::exists(QStringLiteral(":/icons/merchbench.svg")))
        setWindowIcon(QIcon(QStringLiteral(":/icons/merchbench.svg")));
    demoBuilder_ = new DemoBuilder(this);
    // The question about unsaved work was asked before the demo was built.
    connect(demoBuilder_, &DemoBuilder::built, this, &MainWindow::openProjectAfterAsking);
    connect(demoBuilder_, &DemoBuilder::failed, this, [this](const QString& message) {
        QMessageBox::warning(this, tr("Demo project"),
                             tr("The demo project could not be built.\n\n%1").arg(message));
    });
    buildMenus();
    buildPages();
    installTableActions(this);  // Ctrl+C and copy/export menus on every table, later ones too
    updateActions();
    updateStatus();
    restoreSettings();
}

MainWindow::~MainWindow() {
    // Models hold the connection's handle; drop them before the connection goes.
    for (ProjectPage* page : allPages_)
        page->setConnection(nullptr);
    connection_.reset();
}

void MainWindow::buildPages() {
    navigation_ = new QListWidget;
    navigation_->setObjectName(QStringLiteral("navigation"));
    navigation_->setIconSize(QSize(24, 24));
    navigation_->setFrameShape(QFrame::NoFrame);
    navigation_->setFixedWidth(168);
    navigation_->setSpacing(2);
    navigation_->setStyleSheet(
        QStringLiteral("QListWidget#navigation { background: palette(window); padding-top: 10px;"
                       " outline: 0; }"
                       "QListWidget#navigation::item { padding: 8px 6px; border-radius: 4px; }"
                       "QListWidget#navigation::item:selected { background: palette(highlight);"
                       " color: palette(highlighted-text); }"));
    pages_ = new QStackedWidget;

    dataPage_ = new DataPage;
    connect(dataPage_, &DataPage::importRequested, this, [this] { startImport(); });
    connect(dataPage_, &DataPage::customersErased, this, &MainWindow::refreshPages);
    addPage(dataPage_, QStringLiteral(":/icons/nav-data.svg"));
    addPage(new DemandPage, QStringLiteral(":/icons/nav-demand.svg"));
    addPage(new MarkdownPage, QStringLiteral(":/icons/nav-markdown.svg"));
    addPage(new TargetingPage, QStringLiteral(":/icons/nav-targeting.svg"));
    addPage(new LayoutPage, QStringLiteral(":/icons/nav-layout.svg"));
    connect(navigation_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);
    navigation_->setCurrentRow(0);

    auto* separator = new QFrame;
    separator->setFrameShape(QFrame::VLine);
    separator->setFrameShadow(QFrame::Sunken);
    auto* central = new QWidget;
    auto* layoutBox = new QHBoxLayout(central);
    layoutBox->setContentsMargins(0, 0, 0, 0);
    layoutBox->setSpacing(0);
    layoutBox->addWidget(navigation_);
    layoutBox->addWidget(separator);
    layoutBox->addWidget(pages_, 1);
    setCentralWidget(central);

    pathLabel_ = new QLabel;
    pathLabel_->setObjectName(QStringLiteral("statusPath"));
    totalsLabel_ = new QLabel;
    totalsLabel_->setObjectName(QStringLiteral("statusTotals"));
    pathLabel_->setContentsMargins(8, 0, 0, 0);
    totalsLabel_->setContentsMargins(0, 0, 8, 0);
    currencyLabel_ = new QLabel;
    currencyLabel_->setObjectName(QStringLiteral("statusCurrency"));
    currencyLabel_->setContentsMargins(0, 0, 8, 0);
    // A long path is cut (its tooltip has it whole) rather than widening the window.
    pathLabel_->setMinimumWidth(1);
    statusBar()->addWidget(pathLabel_, 1);
    statusBar()->addPermanentWidget(currencyLabel_);
    statusBar()->addPermanentWidget(totalsLabel_);
}

void MainWindow::addPage(ProjectPage* page, const QString& iconPath) {
    allPages_.push_back(page);
    pages_->addWidget(page);
    new QListWidgetItem(QIcon(iconPath), page->title(), navigation_);
    showEmptyStateActions(page);
    connect(page, &ProjectPage::importRequested, this,
            [this](const QString& kind) { startImport(kind); });
    if (connection_)
        page->setConnection(connection_.get());
    const int index = pageCount() - 1;
    QAction* go = pageMenu_->addAction(page->title(), this, [this, index] { showPage(index); });
    if (index < 9)
        go->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + index)));
}

// NOLINTNEXTLINE(readability-make-member-function-const): it wires the page to this window
void MainWindow::showEmptyStateActions(ProjectPage* page) {
    EmptyState* empty = page->emptyState();
    connect(empty, &EmptyState::openDemoRequested, this, &MainWindow::openDemoProject);
    connect(empty, &EmptyState::newProjectRequested, this, &MainWindow::newProjectDialog);
    connect(empty, &EmptyState::openProjectRequested, this, &MainWindow::openProjectDialog);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* newAction = file->addAction(tr("&New Project…"), this, &MainWindow::newProjectDialog);
    newAction->setShortcut(QKeySequence::New);
    newAction->setObjectName(QStringLiteral("newProjectAction"));
    QAction* openAction = file->addAction(tr("&Open…"), this, &MainWindow::openProjectDialog);
    openAction->setShortcut(QKeySequence::Open);
    openAction->setObjectName(QStringLiteral("openProjectAction"));
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    QAction* demoAction =
        file->addAction(tr("Open &Demo Project"), this, &MainWindow::openDemoProject);
    demoAction->setObjectName(QStringLiteral("openDemoAction"));
    closeAction_ = file->addAction(tr("&Close"), this, &MainWindow::closeProjectInteractively);
    closeAction_->setShortcut(QKeySequence::Close);
    closeAction_->setObjectName(QStringLiteral("closeProjectAction"));
    file->addSeparator();
    importAction_ = file->addAction(QIcon(QStringLiteral(":/icons/action-import.svg")),
                                    tr("&Import…"), this, [this] { startImport(); });
    importAction_->setObjectName(QStringLiteral("importAction"));
    importAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    settingsAction_ =
        file->addAction(tr("Project &Settings…"), this, &MainWindow::projectSettingsDialog);
    settingsAction_->setObjectName(QStringLiteral("projectSettingsAction"));
    file->addSeparator();
    QAction* quitAction = file->addAction(tr("&Quit"), this, &QWidget::close);
    quitAction->setShortcut(QKeySequence::Quit);
    quitAction->setMenuRole(QAction::QuitRole);

    pageMenu_ = menuBar()->addMenu(tr("&Page"));
    pageMenu_->setObjectName(QStringLiteral("pageMenu"));

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* guide = help->addAction(tr("&User Guide"), this, &MainWindow::showUserGuide);
    guide->setObjectName(QStringLiteral("userGuideAction"));
    guide->setShortcut(QKeySequence::HelpContents);
    help->addAction(tr("&About Merchbench"), this, &MainWindow::showAbout)
        ->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt)
        ->setMenuRole(QAction::AboutQtRole);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    recentMenu_->clear();
    const QStringList paths = RecentProjects::load();
    for (int i = 0; i < paths.size(); ++i) {
        const QString& path = paths[i];
        const QString text =
            QStringLiteral("&%1  %2").arg(i + 1).arg(QDir::toNativeSeparators(path));
        recentMenu_->addAction(text, this, [this, path] { openProjectInteractively(path); })
            ->setObjectName(QStringLiteral("recentProject%1").arg(i + 1));
    }
    if (!paths.isEmpty()) {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("Clear Menu"), this, [this] {
            RecentProjects::clear();
            updateRecentMenu();
        });
    }
    recentMenu_->setEnabled(!paths.isEmpty());
}

void MainWindow::updateActions() {
    closeAction_->setEnabled(hasProject());
    importAction_->setEnabled(hasProject());
    settingsAction_->setEnabled(hasProject());
}

bool MainWindow::openProject(const QString& path, QString* error) {
    try {
        // Opening through the core applies migrations and refuses files that are not projects.
        data::Project::open(path, data::Project::OpenMode::MustExist);
    } catch (const std::exception& failure) {
        if (error)
            *error = QString::fromStdString(failure.what());
        return false;
    }
    auto connection = std::make_unique<ProjectConnection>(path);
    if (!connection->isOpen()) {
        if (error)
            *error = connection->errorText();
        return false;
    }
    closeProject();
    connection_ = std::move(connection);
    setProperty(ExportLocation::projectProperty, path);
    setMoneyCurrency(connection_->currency());
    for (ProjectPage* page : allPages_)
        page->setConnection(connection_.get());
    setWindowTitle(QStringLiteral("%1 — Merchbench").arg(QFileInfo(path).fileName()));
    RecentProjects::add(path);
    updateRecentMenu();
    updateActions();
    updateStatus();
    emit projectOpened(path);
    return true;
}

bool MainWindow::createProject(const QString& path, QString* error) {
    try {
        data::Project::open(path, data::Project::OpenMode::CreateIfMissing);
    } catch (const std::exception& failure) {
        if (error)
            *error = QString::fromStdString(failure.what());
        return false;
    }
    return openProject(path, error);
}

void MainWindow::closeProject() {
    if (!connection_)
        return;
    for (ProjectPage* page : allPages_)
        page->setConnection(nullptr);
    connection_.reset();
    setMoneyCurrency(QString());
    setProperty(ExportLocation::projectProperty, QVariant());
    setWindowTitle(QStringLiteral("Merchbench"));
    updateActions();
    updateStatus();
    emit projectClosed();
}

bool MainWindow::openProjectInteractively(const QString& path) {
    return settleUnsavedWork() && openProjectAfterAsking(path);
}

bool MainWindow::closeProjectInteractively() {
    if (!settleUnsavedWork())
        return false;
    closeProject();
    return true;
}

bool MainWindow::openProjectAfterAsking(const QString& path) {
    QString error;
    if (openProject(path, &error))
        return true;
    RecentProjects::remove(path);
    updateRecentMenu();
    QMessageBox::warning(this, tr("Open project"),
                         tr("Could not open %1.\n\n%2").arg(QDir::toNativeSeparators(path), error));
    return false;
}

void MainWindow::openDemoProject() {
    if (!settleUnsavedWork())
        return;
    const QString path = DemoBuilder::defaultDemoPath();
    if (QFile::exists(path)) {
        openProjectAfterAsking(path);
        return;
    }
    QString error;
    if (!demoBuilder_->start(path, data::findDemoDataDir(), &error))
        QMessageBox::warning(this, tr("Demo project"), error);
}

void MainWindow::newProjectDialog() {
    if (!settleUnsavedWork())
        return;
    QSettings settings;
    const QString directory =
        settings.value(QStringLiteral("projectDirectory"), QDir::homePath()).toString();
    QString path = QFileDialog::getSaveFileName(this, tr("New Project"),
                                                QDir(directory).filePath(tr("untitled.merchbench")),
                                                projectFilter());
    if (path.isEmpty())
        return;
    path = withSuffix(path);
    settings.setValue(QStringLiteral("projectDirectory"), QFileInfo(path).absolutePath());
    // The dialog already asked whether to replace an existing file.
    if (QFile::exists(path)) {
        if (connection_ && QFileInfo(path) == QFileInfo(projectPath()))
            closeProject();
        QFile::remove(path);
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
    }
    QString error;
    if (!createProject(path, &error)) {
        QMessageBox::warning(this, tr("New project"),
                             tr("Could not create %1.\n\n%2").arg(path, error));
    }
}

void MainWindow::openProjectDialog() {
    if (!settleUnsavedWork())
        return;
    QSettings settings;
    const QString directory =
        settings.value(QStringLiteral("projectDirectory"), QDir::homePath()).toString();
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Project"), directory, projectFilter());
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("projectDirectory"), QFileInfo(path).absolutePath());
    openProjectAfterAsking(path);
}

ImportWizard* MainWindow::startImport(const QString& kind) {
    if (!connection_)
        return nullptr;
    auto* wizard = new ImportWizard(projectPath(), this);
    if (!kind.isEmpty())
        wizard->proposeKind(kind);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    connect(wizard, &ImportWizard::importFinished, this, [this](bool committed) {
        if (committed)
            refreshPages();
        emit importFinished(committed);
    });
    wizard->show();
    return wizard;
}

void MainWindow::refreshPages() {
    for (ProjectPage* page : allPages_) {
        page->updateRequiredInputs();
        page->refresh();
    }
    updateStatus();
}

bool MainWindow::setProjectCurrency(const QString& code, QString* error) {
    if (!connection_) {
        if (error)
            *error = tr("No project is open.");
        return false;
    }
    try {
        connection_->setCurrency(code);
    } catch (const std::exception& failure) {
        if (error)
            *error = QString::fromStdString(failure.what());
        return false;
    }
    setMoneyCurrency(connection_->currency());
    refreshPages();
    return true;
}

QString MainWindow::publishSink() const {
    if (!connection_)
        return {};
    try {
        return pg::publishSink(connection_->project());
    } catch (const Error&) {
        return {};
    }
}

bool MainWindow::setPublishSink(const QString& uri, QString* error) {
    if (!connection_) {
        if (error)
            *error = tr("No project is open.");
        return false;
    }
    if (uri.trimmed() == publishSink())
        return true;
    try {
        pg::setPublishSink(connection_->project(), uri);
    } catch (const Error& failure) {
        if (error)
            *error = failure.message();
        return false;
    }
    refreshPages();
    return true;
}

void MainWindow::projectSettingsDialog() {
    if (!connection_)
        return;
    ProjectSettingsDialog dialog(connection_->currency(), this);
    dialog.setPublishSink(publishSink());
    while (dialog.exec() == QDialog::Accepted) {
        QString error;
        if (setPublishSink(dialog.publishSink(), &error) &&
            setProjectCurrency(dialog.currency(), &error))
            return;
        QMessageBox::warning(this, tr("Project settings"), error);
    }
}

QString MainWindow::statusCurrencyText() const {
    return currencyLabel_->text();
}

QWidget* MainWindow::showUserGuide() {
    auto* guide = findChild<UserGuide*>();
    if (!guide)
        guide = new UserGuide(this);
    guide->show();
    guide->raise();
    return guide;
}

void MainWindow::fitToScreen() {
    const QScreen* screen = this->screen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    // Before the first show the frame is not known: leave room for a usual title bar.
    const QSize frame = isVisible() ? frameGeometry().size() - geometry().size() : QSize(0, 40);
    const QSize room = available.size() - frame;
    const QSize fitted = size().boundedTo(room);
    if (fitted != size())
        resize(fitted);
    QRect placed = frameGeometry();
    if (!available.contains(placed)) {
        placed.moveLeft(std::clamp(placed.left(), available.left(),
                                   std::max(available.left(), available.right() - placed.width())));
        placed.moveTop(std::clamp(placed.top(), available.top(),
                                  std::max(available.top(), available.bottom() - placed.height())));
        move(placed.topLeft());
    }
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    fitToScreen();
}

QString MainWindow::projectPath() const {
    return connection_ ? connection_->projectPath() : QString();
}

void MainWindow::showPage(int index) {
    navigation_->setCurrentRow(index);
}
int MainWindow::currentPage() const {
    return pages_->currentIndex();
}
int MainWindow::pageCount() const {
    return static_cast<int>(allPages_.size());
}

ProjectPage* MainWindow::page(int index) const {
    return index >= 0 && index < pageCount() ? allPages_[static_cast<std::size_t>(index)] : nullptr;
}

void MainWindow::updateStatus() {
    if (!connection_) {
        pathLabel_->setText(tr("No project open"));
        pathLabel_->setToolTip(QString());
        totalsLabel_->clear();
        currencyLabel_->clear();
        return;
    }
    currencyLabel_->setText(connection_->currency().isEmpty()
                                ? tr("Currency: not set")
                                : tr("Currency: %1").arg(connection_->currency()));
    pathLabel_->setText(QDir::toNativeSeparators(connection_->projectPath()));
    pathLabel_->setToolTip(pathLabel_->text());
    qint64 rows = 0;
    int kindsWithData = 0;
    for (const data::KindSpec& kind : data::allKinds()) {
        const qint64 count = connection_->countRows(kind.table);
        if (count > 0) {
            rows += count;
            ++kindsWithData;
        }
    }
    totalsLabel_->setText(tr("%1 of %2 inputs imported · %3")
                              .arg(kindsWithData)
                              .arg(data::allKinds().size())
                              .arg(formatRows(rows)));
}

QString MainWindow::statusTotalsText() const {
    return totalsLabel_->text();
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Merchbench"),
        tr("<h3>Merchbench %1</h3>"
           "<p>A desktop workbench for retail merchandising and pricing: markdown optimisation "
           "for merchandisers, promotion targeting for category managers and store-layout "
           "adjacency for store planners, computed on your own sales, stock, basket, customer, "
           "campaign, floor-plan and foot-traffic data.</p>"
           "<p>Every analysis is also available from the command line as "
           "<tt>merchbench-cli</tt>.</p>")
            .arg(QStringLiteral(MERCHBENCH_VERSION)));
}

void MainWindow::restoreSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1280, 800);
    // A geometry saved on a larger screen must not make the window larger than this one.
    fitToScreen();
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    const int page = settings.value(QStringLiteral("mainWindow/page"), 0).toInt();
    showPage(page >= 0 && page < pageCount() ? page : 0);
}

void MainWindow::saveSettings() const {
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    settings.setValue(QStringLiteral("mainWindow/page"), currentPage());
}

bool MainWindow::settleUnsavedWork() {
    std::vector<ProjectPage*> unsaved;
    QStringList work;
    for (ProjectPage* page : allPages_) {
        if (!page->hasUnsavedWork())
            continue;
        unsaved.push_back(page);
        const QString description = page->unsavedWorkDescription();
        work << (description.isEmpty() ? page->title() : description);
    }
    if (unsaved.empty())
        return true;
    const UnsavedWorkAnswer answer =
        unsavedWorkQuestion_ ? unsavedWorkQuestion_(work) : askAboutUnsavedWork(work);
    if (answer != UnsavedWorkAnswer::Save)
        return answer == UnsavedWorkAnswer::Discard;
    for (ProjectPage* page : unsaved) {
        QString error;
        if (!page->saveWork(&error)) {
            QMessageBox::warning(this, tr("Save"),
                                 tr("The %1 page could not save its work, so the project stays "
                                    "open.\n\n%2")
                                     .arg(page->title(), error));
            return false;
        }
    }
    return true;
}

MainWindow::UnsavedWorkAnswer MainWindow::askAboutUnsavedWork(const QStringList& work) {
    QMessageBox box(QMessageBox::Warning, tr("Unsaved work"),
                    tr("Save your work in the project before it closes?"),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("unsavedWorkQuestion"));
    box.setInformativeText(tr("Not saved yet:") + QStringLiteral("\n• ") +
                           work.join(QStringLiteral("\n• ")) +
                           tr("\n\nSave keeps it as saved scenarios; Discard loses it."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
        case QMessageBox::Save:
            return UnsavedWorkAnswer::Save;
        case QMessageBox::Discard:
            return UnsavedWorkAnswer::Discard;
        default:
            return UnsavedWorkAnswer::Cancel;
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!settleUnsavedWork()) {
        event->ignore();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

}  // namespace mb::ui
