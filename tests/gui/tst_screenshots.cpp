// Every page and every tab of the demo project on a screen of one size (MERCHBENCH_SCREEN, e.g.
// 1280x800; ctest runs 1280x800 and 1920x1080): the window must fit the screen with its frame
// and title bar, before and after planning, and each view is saved as
// <MERCHBENCH_SCREENSHOT_DIR>/<size>/<page>-<tab>.png for a person to look at. No view may show
// a text cut short (ElisionCheck.h) but those in kCutOnPurpose.
#include "ElisionCheck.h"
#include "GuiTestMain.h"
#include "MainWindow.h"
#include "ProjectPage.h"
#include "QtWarnings.h"
#include "data/DemoProject.h"
#include "import/ImportFilePage.h"
#include "import/ImportWizard.h"
#include "layout/LayoutPage.h"
#include "markdown/MarkdownPage.h"

#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <utility>

using namespace mb;

namespace {

// A desktop's title bar and border, which the offscreen platform does not draw but a real
// screen must hold besides the window.
constexpr int kTitleBar = 40;

// Widgets whose text may be cut short, each with its full text in the tooltip.
const QList<mbtest::ElisionAllowance> kCutOnPurpose = {
    {QStringLiteral("statusPath"),
     QStringLiteral("a project's path can be any length; the status bar gives the rest of the "
                    "window's width to the totals")},
};

QSize requestedScreen() {
    const QStringList parts =
        qEnvironmentVariable("MERCHBENCH_SCREEN", QStringLiteral("1280x800")).split(u'x');
    return parts.size() == 2 ? QSize(parts[0].toInt(), parts[1].toInt()) : QSize(1280, 800);
}

QString fileNamePart(const QString& text) {
    static const QRegularExpression other(QStringLiteral("[^a-z0-9]+"));
    QString name = text.toLower().replace(u'&', QString());
    name.replace(other, QStringLiteral("-"));
    while (name.endsWith(u'-'))
        name.chop(1);
    return name;
}

}  // namespace

class TestScreenshots : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { mbtest::failOnQtWarnings(); }
    void cleanupTestCase() { window_.reset(); }
    void screenIsTheRequestedSize();
    void restoredGeometryFits();
    void newProjectPages();
    void demoPagesAndTabs();
    void userGuide();
    void importFromFirstSteps();

private:
    void checkFits(const QString& where);
    void save(const QString& name);
    void verifyNothingElided();
    void visitEveryTab(int pageIndex);

    QTemporaryDir dir_;
    QString folder_;
    QString demoDir_;
    std::unique_ptr<ui::MainWindow> window_;
    // "<view>: <widget>: <text>" for every text cut short in a view saved since the last check.
    QStringList elided_;
};

void TestScreenshots::initTestCase() {
    QVERIFY(dir_.isValid());
    if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
        qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
    demoDir_ = data::findDemoDataDir();
    const QSize screen = requestedScreen();
    const QString base = qEnvironmentVariable("MERCHBENCH_SCREENSHOT_DIR");
    folder_ =
        base.isEmpty()
            ? QString()
            : QDir(base).filePath(QStringLiteral("%1x%2").arg(screen.width()).arg(screen.height()));
    if (!folder_.isEmpty())
        QVERIFY(QDir().mkpath(folder_));
    window_ = std::make_unique<ui::MainWindow>();
    // As large as the screen allows with a title bar, as a user maximising it would.
    window_->resize(screen - QSize(0, kTitleBar));
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
}

void TestScreenshots::screenIsTheRequestedSize() {
    QCOMPARE(window_->screen()->availableGeometry().size(), requestedScreen());
}

// A window saved on a larger screen (or a second monitor) comes back inside this one.
void TestScreenshots::restoredGeometryFits() {
    const QSize screen = requestedScreen();
    {
        ui::MainWindow large;
        large.setGeometry(QRect(QPoint(300, 200), screen + QSize(900, 700)));
        QSettings().setValue(QStringLiteral("mainWindow/geometry"), large.saveGeometry());
    }
    ui::MainWindow restored;
    QVERIFY(restored.width() <= screen.width());
    QVERIFY(restored.height() + kTitleBar <= screen.height());
    restored.show();
    QVERIFY(QTest::qWaitForWindowExposed(&restored));
    const QRect frame = restored.frameGeometry();
    QVERIFY2(QRect(QPoint(0, 0), screen).contains(frame), qPrintable(QStringLiteral("%1,%2 %3x%4")
                                                                         .arg(frame.x())
                                                                         .arg(frame.y())
                                                                         .arg(frame.width())
                                                                         .arg(frame.height())));
    QSettings().remove(QStringLiteral("mainWindow/geometry"));
}

void TestScreenshots::checkFits(const QString& where) {
    const QSize screen = requestedScreen();
    const QSize frame = window_->frameGeometry().size();
    QVERIFY2(frame.width() <= screen.width() && frame.height() <= screen.height(),
             qPrintable(QStringLiteral("%1: the window is %2x%3 on a %4x%5 screen")
                            .arg(where)
                            .arg(frame.width())
                            .arg(frame.height())
                            .arg(screen.width())
                            .arg(screen.height())));
    const QSize minimum = window_->minimumSizeHint();
    QVERIFY2(minimum.width() <= screen.width() && minimum.height() + kTitleBar <= screen.height(),
             qPrintable(QStringLiteral("%1: the window needs at least %2x%3")
                            .arg(where)
                            .arg(minimum.width())
                            .arg(minimum.height())));
}

void TestScreenshots::save(const QString& name) {
    QCoreApplication::processEvents();
    checkFits(name);
    for (const QString& text : mbtest::elidedTexts(window_.get(), kCutOnPurpose))
        elided_ << name + QStringLiteral(": ") + text;
    if (folder_.isEmpty())
        return;
    const QString path = QDir(folder_).filePath(name + QStringLiteral(".png"));
    QVERIFY2(window_->grab().save(path), qPrintable(path));
}

// Every view is saved before failing, so one run names all the texts cut short.
void TestScreenshots::verifyNothingElided() {
    const QStringList found = std::exchange(elided_, {});
    for (const QString& text : found)
        qInfo().noquote() << "cut short:" << text;
    QVERIFY2(found.isEmpty(),
             qPrintable(QStringLiteral("%1 texts cut short, listed above").arg(found.size())));
}

void TestScreenshots::newProjectPages() {
    save(QStringLiteral("00-no-project"));
    QVERIFY(window_->createProject(dir_.filePath(QStringLiteral("new.merchbench"))));
    for (int i = 0; i < window_->pageCount(); ++i) {
        window_->showPage(i);
        save(QStringLiteral("new-project-%1").arg(fileNamePart(window_->page(i)->title())));
    }
    window_->closeProject();
    verifyNothingElided();
}

void TestScreenshots::visitEveryTab(int pageIndex) {
    ui::ProjectPage* page = window_->page(pageIndex);
    window_->showPage(pageIndex);
    const QString pageName = QStringLiteral("%1-%2")
                                 .arg(pageIndex + 1, 2, 10, QLatin1Char('0'))
                                 .arg(fileNamePart(page->title()));
    const QList<QTabWidget*> tabs = page->findChildren<QTabWidget*>();
    bool any = false;
    for (QTabWidget* tabWidget : tabs) {
        if (!tabWidget->isVisibleTo(page))
            continue;
        const int was = tabWidget->currentIndex();
        for (int t = 0; t < tabWidget->count(); ++t) {
            if (!tabWidget->isTabEnabled(t) || !tabWidget->isTabVisible(t))
                continue;
            tabWidget->setCurrentIndex(t);
            save(pageName + u'-' + fileNamePart(tabWidget->tabText(t)));
            any = true;
        }
        tabWidget->setCurrentIndex(was);
    }
    if (!any)
        save(pageName);
}

void TestScreenshots::demoPagesAndTabs() {
    if (demoDir_.isEmpty())
        QSKIP("datasets/demo is not there");
    const QString path = dir_.filePath(QStringLiteral("demo.merchbench"));
    data::buildDemoProject(path, demoDir_);
    QString error;
    QVERIFY2(window_->openProject(path, &error), qPrintable(error));
    checkFits(QStringLiteral("demo opened"));

    // Results to look at: a markdown plan and the layout's scores.
    auto* layout = qobject_cast<ui::LayoutPage*>(window_->page(ui::MainWindow::LayoutPageIndex));
    QVERIFY(layout);
    if (!layout->isLoaded()) {
        QSignalSpy loaded(layout, &ui::LayoutPage::loaded);
        QVERIFY2(loaded.wait(60000) || layout->isLoaded(), qPrintable(layout->loadError()));
    }
    auto* markdown =
        qobject_cast<ui::MarkdownPage*>(window_->page(ui::MainWindow::MarkdownPageIndex));
    QVERIFY(markdown);
    window_->showPage(ui::MainWindow::MarkdownPageIndex);
    QSignalSpy planned(markdown, &ui::MarkdownPage::planFinished);
    QVERIFY(markdown->planSeason());
    QVERIFY(planned.wait(120000));
    checkFits(QStringLiteral("after planning"));

    for (int i = 0; i < window_->pageCount(); ++i)
        visitEveryTab(i);
    window_->closeProject();
    verifyNothingElided();
}

void TestScreenshots::userGuide() {
    QWidget* guide = window_->showUserGuide();
    QVERIFY(QTest::qWaitForWindowExposed(guide));
    const QSize screen = requestedScreen();
    QVERIFY(guide->frameGeometry().width() <= screen.width());
    QVERIFY(guide->frameGeometry().height() + kTitleBar <= screen.height());
    if (!folder_.isEmpty())
        QVERIFY(guide->grab().save(QDir(folder_).filePath(QStringLiteral("help-user-guide.png"))));
    guide->close();
}

// The first steps' Import button opens the wizard on its kind; a file's header then proposes
// what it holds.
void TestScreenshots::importFromFirstSteps() {
    if (demoDir_.isEmpty())
        QSKIP("datasets/demo is not there");
    QVERIFY(window_->createProject(dir_.filePath(QStringLiteral("first.merchbench"))));
    window_->showPage(ui::MainWindow::MarkdownPageIndex);
    auto* button = window_->page(ui::MainWindow::MarkdownPageIndex)
                       ->requiredInputsPanel()
                       ->findChild<QPushButton*>(QStringLiteral("import_products"));
    QVERIFY(button);
    button->click();
    auto* wizard = window_->findChild<ui::ImportWizard*>();
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard));
    QCOMPARE(wizard->filePage()->kind(), QStringLiteral("products"));
    wizard->filePage()->setFilePath(QDir(demoDir_).filePath(QStringLiteral("stores.csv")));
    QCOMPARE(wizard->filePage()->kind(), QStringLiteral("stores"));
    const QSize screen = requestedScreen();
    QVERIFY(wizard->frameGeometry().width() <= screen.width());
    QVERIFY(wizard->frameGeometry().height() + kTitleBar <= screen.height());
    if (!folder_.isEmpty())
        QVERIFY(wizard->grab().save(
            QDir(folder_).filePath(QStringLiteral("import-proposed-kind.png"))));
    wizard->reject();
    window_->closeProject();
}

int main(int argc, char* argv[]) {
    // The offscreen platform's screen, sized as asked (its configuration file, Qt >= 6.1).
    const QSize screen = requestedScreen();
    QTemporaryDir config;
    const QString path = config.filePath(QStringLiteral("screen.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return 2;
    file.write(QStringLiteral("{\"synchronousWindowSystemEvents\": false, \"windowFrameMargins\": "
                              "true, \"screens\": [{\"name\": \"Screen\", \"x\": 0, \"y\": 0, "
                              "\"width\": %1, \"height\": %2, \"logicalDpiX\": 96, "
                              "\"logicalDpiY\": 96, \"dpr\": 1}]}")
                   .arg(screen.width())
                   .arg(screen.height())
                   .toUtf8());
    file.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(path));
    return mbtest::runGuiTest<TestScreenshots>(argc, argv);
}

#include "tst_screenshots.moc"
