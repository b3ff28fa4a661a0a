// The main window as a planner uses it: Save / Discard / Cancel before anything closes the open
// project, the project's currency, the first steps on a new project, Ctrl+1..N, the user guide
// and the import wizard's proposal of a file's kind.
#include "DemoBuilder.h"
#include "GuiTestMain.h"
#include "MainWindow.h"
#include "ProjectConnection.h"
#include "ProjectPage.h"
#include "ProjectSettingsDialog.h"
#include "QtWarnings.h"
#include "RecentProjects.h"
#include "RequiredInputsPanel.h"
#include "UserGuide.h"
#include "common/Numbers.h"
#include "data/DemoProject.h"
#include "data/Importer.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "import/ImportFilePage.h"
#include "import/ImportWizard.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QThread>
#include <QTimer>
#include <functional>
#include <memory>

using namespace mb;
using Answer = ui::MainWindow::UnsavedWorkAnswer;

namespace {

// A page with work the user has not saved; it writes down, in order, every connection it is
// given and every save, so the test can tell what happened before what.
class WorkPage : public ui::ProjectPage {
public:
    explicit WorkPage(QStringList* events)
        : ProjectPage(QStringLiteral("Work"), QStringLiteral("A page with unsaved work")),
          events_(events) {
        setBody(new QLabel(QStringLiteral("work")));
    }
    void setConnection(ui::ProjectConnection* connection) override {
        ProjectPage::setConnection(connection);
        *events_ << QStringLiteral("connection:") +
                        (connection ? QFileInfo(connection->projectPath()).fileName()
                                    : QStringLiteral("none"));
    }
    bool hasUnsavedWork() const override { return unsaved; }
    QString unsavedWorkDescription() const override {
        return QStringLiteral("a markdown plan with 2 edited weeks");
    }
    bool saveWork(QString* error) override {
        *events_ << QStringLiteral("save:") + QFileInfo(connection()->projectPath()).fileName();
        if (saveFails) {
            *error = QStringLiteral("the disk is full");
            return false;
        }
        unsaved = false;
        return true;
    }

    bool unsaved = true;
    bool saveFails = false;

private:
    QStringList* events_;
};

// A main window with one more page, which has unsaved work, on an open project.
struct WindowWithWork {
    explicit WindowWithWork(const QString& project) {
        window.addPage(page, QString());
        window.show();
        if (!window.openProject(project))
            qWarning("cannot open %s", qPrintable(project));
    }
    QStringList events;
    ui::MainWindow window;
    WorkPage* page = new WorkPage(&events);
};

// Answers the next modal dialog (a file dialog or a message box) from the event loop; `seen`
// tells afterwards whether one came. It answers only from inside the dialog's own event loop (a
// dialog closed while exec() is still showing it would never return), and again while the
// dialog stays open (a file dialog may still be reading its folder when first answered).
class DialogAnswer {
public:
    explicit DialogAnswer(std::function<void(QWidget*)> answer)
        : answer_(std::move(answer)), startLevel_(QThread::currentThread()->loopLevel()) {
        timer_.setInterval(50);
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            QWidget* dialog = QApplication::activeModalWidget();
            if (!dialog || QThread::currentThread()->loopLevel() <= startLevel_)
                return;
            seen = true;
            answer_(dialog);
        });
        timer_.start();
    }
    bool seen = false;

private:
    std::function<void(QWidget*)> answer_;
    int startLevel_ = 0;
    QTimer timer_;
};

void writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    file.write(content);
}

QAction* action(QWidget* window, const QString& name) {
    auto* found = window->findChild<QAction*>(name);
    if (!found)
        qWarning("no action %s", qPrintable(name));
    return found;
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { mbtest::failOnQtWarnings(); }
    void unsavedWork_data();
    void unsavedWork();
    void saveFailureKeepsProjectOpen();
    void noQuestionWithoutUnsavedWork();
    void currency();
    void firstSteps();
    void pageShortcuts();
    void userGuide();
    void proposedKind_data();
    void proposedKind();

private:
    QString makeProject(const QString& name);

    QTemporaryDir dir_;
    QString demoDir_;
};

QString TestMainWindow::makeProject(const QString& name) {
    const QString path = dir_.filePath(name);
    data::Project::open(path, data::Project::OpenMode::CreateIfMissing);
    return path;
}

void TestMainWindow::initTestCase() {
    QVERIFY(dir_.isValid());
    QSettings().clear();
    if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
        qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
    demoDir_ = data::findDemoDataDir();
}

void TestMainWindow::unsavedWork_data() {
    QTest::addColumn<QString>("entry");
    QTest::addColumn<Answer>("answer");
    const QStringList entries = {QStringLiteral("open"),      QStringLiteral("openDialog"),
                                 QStringLiteral("recent"),    QStringLiteral("demo"),
                                 QStringLiteral("newDialog"), QStringLiteral("close"),
                                 QStringLiteral("window")};
    for (const QString& entry : entries) {
        for (const auto& [name, answer] :
             {std::pair{"save", Answer::Save}, std::pair{"discard", Answer::Discard},
              std::pair{"cancel", Answer::Cancel}})
            QTest::addRow("%s-%s", qPrintable(entry), name) << entry << answer;
    }
}

// Every way of leaving the project asks once, lists the unsaved work, and only then hands the
// pages the next project: Save saves first (on the old project), Discard does not, Cancel
// changes nothing.
void TestMainWindow::unsavedWork() {
    QFETCH(QString, entry);
    QFETCH(Answer, answer);
    const QString first = makeProject(QStringLiteral("first.merchbench"));
    const QString second = makeProject(QStringLiteral("second.merchbench"));
    QFile::remove(dir_.filePath(QStringLiteral("made.merchbench")));
    const QString demo = ui::DemoBuilder::defaultDemoPath();
    QDir().mkpath(QFileInfo(demo).absolutePath());
    QFile::remove(demo);
    QVERIFY(QFile::copy(second, demo));
    ui::RecentProjects::clear();
    ui::RecentProjects::add(second);

    QStringList events;
    ui::MainWindow window;
    auto* page = new WorkPage(&events);
    window.addPage(page, QString());
    window.show();
    QVERIFY(window.openProject(first));
    events.clear();
    QStringList asked;
    window.setUnsavedWorkQuestion([&](const QStringList& work) {
        events << QStringLiteral("asked");
        asked = work;
        return answer;
    });

    QString target;  // the project the entry opens ("" when it closes)
    std::unique_ptr<DialogAnswer> fileDialog;
    const auto answerFileDialog = [&](const QString& path) {
        fileDialog = std::make_unique<DialogAnswer>([path](QWidget* dialog) {
            auto* files = qobject_cast<QFileDialog*>(dialog);
            QVERIFY(files);
            // Typed as a user would: selectFile() waits for the folder to be read.
            auto* name = files->findChild<QLineEdit*>(QStringLiteral("fileNameEdit"));
            QVERIFY(name);
            name->setText(path);
            QMetaObject::invokeMethod(files, "accept");
        });
    };
    if (entry == QStringLiteral("open")) {
        target = second;
        window.openProjectInteractively(second);
    } else if (entry == QStringLiteral("openDialog")) {
        target = second;
        answerFileDialog(second);
        QMetaObject::invokeMethod(action(&window, QStringLiteral("openProjectAction")),
                                  &QAction::trigger, Qt::QueuedConnection);
    } else if (entry == QStringLiteral("recent")) {
        target = second;
        QAction* recent = nullptr;
        for (QAction* item : window.findChildren<QAction*>())
            if (item->objectName().startsWith(QStringLiteral("recentProject")) &&
                item->text().contains(QStringLiteral("second")))
                recent = item;
        QVERIFY(recent);
        recent->trigger();
    } else if (entry == QStringLiteral("demo")) {
        target = demo;
        action(&window, QStringLiteral("openDemoAction"))->trigger();
    } else if (entry == QStringLiteral("newDialog")) {
        target = dir_.filePath(QStringLiteral("made.merchbench"));
        answerFileDialog(target);
        QMetaObject::invokeMethod(action(&window, QStringLiteral("newProjectAction")),
                                  &QAction::trigger, Qt::QueuedConnection);
    } else if (entry == QStringLiteral("close")) {
        action(&window, QStringLiteral("closeProjectAction"))->trigger();
    } else {
        QVERIFY(!window.close() == (answer == Answer::Cancel));
    }
    if (entry.endsWith(QStringLiteral("Dialog"))) {
        QTRY_VERIFY(events.contains(QStringLiteral("asked")));
        if (answer != Answer::Cancel)
            QTRY_VERIFY(fileDialog->seen);
        QTest::qWait(50);
    }

    QCOMPARE(events.count(QStringLiteral("asked")), 1);
    QCOMPARE(asked, QStringList{QStringLiteral("a markdown plan with 2 edited weeks")});
    const QString firstName = QFileInfo(first).fileName();
    if (answer == Answer::Cancel) {
        // Nothing happens: no file dialog, the project and the page's work stay.
        QCOMPARE(events, QStringList{QStringLiteral("asked")});
        QCOMPARE(window.projectPath(), first);
        QVERIFY(page->unsaved);
        if (fileDialog)
            QVERIFY(!fileDialog->seen);
        if (entry == QStringLiteral("window"))
            QVERIFY(window.isVisible());
        return;
    }
    QStringList expected = {QStringLiteral("asked")};
    if (answer == Answer::Save)
        expected << QStringLiteral("save:") + firstName;  // saved in the project it belongs to
    if (entry != QStringLiteral("window")) {
        expected << QStringLiteral("connection:none");
        if (!target.isEmpty())
            expected << QStringLiteral("connection:") + QFileInfo(target).fileName();
    }
    QCOMPARE(events, expected);
    QCOMPARE(page->unsaved, answer == Answer::Discard);
    if (entry == QStringLiteral("window"))
        QVERIFY(!window.isVisible());
    else if (target.isEmpty())
        QVERIFY(!window.hasProject());
    else
        QCOMPARE(QFileInfo(window.projectPath()), QFileInfo(target));
}

void TestMainWindow::saveFailureKeepsProjectOpen() {
    const QString first = makeProject(QStringLiteral("keep.merchbench"));
    const QString second = makeProject(QStringLiteral("other.merchbench"));
    WindowWithWork work(first);
    ui::MainWindow& window = work.window;
    WorkPage* page = work.page;
    page->saveFails = true;
    window.setUnsavedWorkQuestion([](const QStringList&) { return Answer::Save; });
    QString said;
    DialogAnswer warning([&said](QWidget* dialog) {
        auto* box = qobject_cast<QMessageBox*>(dialog);
        QVERIFY(box);
        said = box->text();
        box->accept();
    });
    QVERIFY(!window.openProjectInteractively(second));
    QVERIFY(warning.seen);
    QVERIFY2(said.contains(QStringLiteral("the disk is full")), qPrintable(said));
    QCOMPARE(window.projectPath(), first);
    QVERIFY(page->unsaved);
    QVERIFY(!work.events.contains(QStringLiteral("connection:none")));
}

void TestMainWindow::noQuestionWithoutUnsavedWork() {
    const QString first = makeProject(QStringLiteral("quiet.merchbench"));
    const QString second = makeProject(QStringLiteral("quiet2.merchbench"));
    WindowWithWork work(first);
    ui::MainWindow& window = work.window;
    work.page->unsaved = false;
    bool asked = false;
    window.setUnsavedWorkQuestion([&asked](const QStringList&) {
        asked = true;
        return Answer::Cancel;
    });
    QVERIFY(window.openProjectInteractively(second));
    QVERIFY(!asked);
    QCOMPARE(window.projectPath(), second);
}

void TestMainWindow::currency() {
    const QString path = makeProject(QStringLiteral("money.merchbench"));
    ui::MainWindow window;
    window.show();
    QVERIFY(window.openProject(path));
    QCOMPARE(window.statusCurrencyText(), QStringLiteral("Currency: not set"));
    QCOMPARE(ui::formatMoney(1234.5, 2), QStringLiteral("1,234.50"));

    // File > Project settings with a code typed in lower case.
    DialogAnswer settings([](QWidget* dialog) {
        auto* edit = dialog->findChild<QLineEdit*>(QStringLiteral("currencyEdit"));
        QVERIFY(edit);
        QTest::keyClicks(edit, QStringLiteral("gbp"));
        qobject_cast<QDialog*>(dialog)->accept();
    });
    action(&window, QStringLiteral("projectSettingsAction"))->trigger();
    QVERIFY(settings.seen);
    QCOMPARE(window.statusCurrencyText(), QStringLiteral("Currency: GBP"));
    QCOMPARE(ui::moneyCurrency(), QStringLiteral("GBP"));
    QVERIFY2(ui::formatMoney(1234.5, 2).contains(QStringLiteral("1,234.50")),
             qPrintable(ui::formatMoney(1234.5, 2)));
    QVERIFY(ui::formatMoney(1234.5, 2) != QStringLiteral("1,234.50"));

    // A code that is not one is refused and changes nothing.
    QString error;
    QVERIFY(!window.setProjectCurrency(QStringLiteral("EURO"), &error));
    QVERIFY(!error.isEmpty());
    QCOMPARE(window.statusCurrencyText(), QStringLiteral("Currency: GBP"));

    QVERIFY(window.setProjectCurrency(QStringLiteral("EUR"), &error));
    window.closeProject();
    QCOMPARE(ui::moneyCurrency(), QString());
    QVERIFY(window.openProject(path));  // kept in the project
    QCOMPARE(window.statusCurrencyText(), QStringLiteral("Currency: EUR"));
    QCOMPARE(ui::moneyCurrency(), QStringLiteral("EUR"));
    window.closeProject();
}

void TestMainWindow::firstSteps() {
    const QString path = makeProject(QStringLiteral("new.merchbench"));
    ui::MainWindow window;
    window.show();
    QVERIFY(window.openProject(path));
    const std::map<int, QStringList> needs = {
        {ui::MainWindow::MarkdownPageIndex,
         {QStringLiteral("sales"), QStringLiteral("products"), QStringLiteral("inventory"),
          QStringLiteral("stores")}},
        {ui::MainWindow::TargetingPageIndex,
         {QStringLiteral("campaign"), QStringLiteral("customers"), QStringLiteral("offers")}},
        {ui::MainWindow::LayoutPageIndex,
         {QStringLiteral("zones"), QStringLiteral("layout"), QStringLiteral("baskets"),
          QStringLiteral("traffic")}}};
    for (const auto& [index, kinds] : needs) {
        window.showPage(index);
        ui::RequiredInputsPanel* panel = window.page(index)->requiredInputsPanel();
        QVERIFY2(panel->isVisible(), qPrintable(window.page(index)->title()));
        QCOMPARE(panel->missingKinds(), kinds);
        for (const QString& kind : kinds)
            QVERIFY(panel->findChild<QPushButton*>(QStringLiteral("import_") + kind));
    }
    QVERIFY(!window.page(ui::MainWindow::DataPageIndex)->requiredInputsPanel()->isVisible());

    // An Import button opens the wizard on its kind.
    window.showPage(ui::MainWindow::MarkdownPageIndex);
    ui::RequiredInputsPanel* panel =
        window.page(ui::MainWindow::MarkdownPageIndex)->requiredInputsPanel();
    panel->findChild<QPushButton*>(QStringLiteral("import_inventory"))->click();
    auto* wizard = window.findChild<ui::ImportWizard*>();
    QVERIFY(wizard);
    QCOMPARE(wizard->filePage()->kind(), QStringLiteral("inventory"));
    wizard->reject();

    // Once imported, an input shows its rows and loses its button.
    if (demoDir_.isEmpty())
        QSKIP("datasets/demo is not there");
    {
        auto project = data::Project::open(path);
        data::Importer importer(*project);
        data::ImportOptions options;
        options.kind = QStringLiteral("products");
        QVERIFY(importer.run(QDir(demoDir_).filePath(QStringLiteral("products.csv")), options)
                    .committed);
    }
    window.page(ui::MainWindow::MarkdownPageIndex)->updateRequiredInputs();
    QCOMPARE(panel->missingKinds(),
             (QStringList{QStringLiteral("sales"), QStringLiteral("inventory"),
                          QStringLiteral("stores")}));
    QVERIFY(!panel->findChild<QPushButton*>(QStringLiteral("import_products")));
    auto* products = panel->findChild<QLabel*>(QStringLiteral("inputState_products"));
    QVERIFY(products);
    QVERIFY2(products->text().contains(QStringLiteral("40")), qPrintable(products->text()));

    // The demo has everything: no page shows first steps.
    const QString demo = dir_.filePath(QStringLiteral("full.merchbench"));
    data::buildDemoProject(demo, demoDir_);
    QVERIFY(window.openProject(demo));
    for (int i = 0; i < window.pageCount(); ++i)
        QVERIFY2(!window.page(i)->requiredInputsPanel()->isVisibleTo(window.page(i)),
                 qPrintable(window.page(i)->title()));
    QCOMPARE(window.statusCurrencyText(), QStringLiteral("Currency: USD"));
    window.closeProject();
}

void TestMainWindow::pageShortcuts() {
    QStringList events;
    ui::MainWindow window;
    window.addPage(new WorkPage(&events), QString());  // pages added later get theirs too
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.pageCount(), int(ui::MainWindow::LayoutPageIndex) + 2);
    for (int i = window.pageCount() - 1; i >= 0; --i) {
        QTest::keyClick(&window, static_cast<Qt::Key>(Qt::Key_1 + i), Qt::ControlModifier);
        QCOMPARE(window.currentPage(), i);
    }
}

void TestMainWindow::userGuide() {
    ui::MainWindow window;
    window.show();
    action(&window, QStringLiteral("userGuideAction"))->trigger();
    auto* guide = window.findChild<ui::UserGuide*>();
    QVERIFY(guide);
    QVERIFY(guide->isVisible());
    const QString text = guide->browser()->toPlainText();
    for (const char* term : {"Markdown", "Targeting", "Layout", "Data", "Demand", "WAPE", "Uplift",
                             "Qini", "Adjacency", "Exposure", "Sell-through", "P10 / P90",
                             "Elasticity", "Salvage", "Control group", "T-learner"})
        QVERIFY2(text.contains(QLatin1String(term)), term);
    // Asked again, the same guide comes forward.
    action(&window, QStringLiteral("userGuideAction"))->trigger();
    QCOMPARE(window.findChildren<ui::UserGuide*>().size(), 1);
}

void TestMainWindow::proposedKind_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("kind");
    const QString demo = qEnvironmentVariable("MERCHBENCH_DEMO_DIR");
    for (const char* kind :
         {"products", "stores", "sales", "inventory", "baskets", "customers", "campaign", "offers",
          "zones", "zone_links", "layout", "traffic", "paths"}) {
        QTest::addRow("demo %s", kind)
            << QDir(demo).filePath(QLatin1String(kind) + QStringLiteral(".csv"))
            << QString::fromLatin1(kind);
    }
    // The dunnhumby stores file, which was offered as products.
    QTest::addRow("dunnhumby stores")
        << QStringLiteral(MERCHBENCH_SHARED_DATASETS "/dunnhumby-frat/stores.csv")
        << QStringLiteral("stores");
    QTest::addRow("stores-like") << QStringLiteral("stores-like") << QStringLiteral("stores");
    QTest::addRow("unknown columns") << QStringLiteral("unknown") << QString();
}

void TestMainWindow::proposedKind() {
    QFETCH(QString, file);
    QFETCH(QString, kind);
    if (file == QStringLiteral("stores-like")) {
        file = dir_.filePath(QStringLiteral("branches.csv"));
        writeFile(file,
                  "\"store_id\",\"store_name\",\"address_city_name\",\"address_state_prov_"
                  "code\",\"sales_area_size_num\"\n\"389\",\"SILVERLAKE\",\"ERLANGER\","
                  "\"KY\",46073\n");
    } else if (file == QStringLiteral("unknown")) {
        file = dir_.filePath(QStringLiteral("unknown.csv"));
        writeFile(file, "colour,size\nred,3\n");
    }
    if (!QFile::exists(file))
        QSKIP(qPrintable(file + QStringLiteral(" is not there")));
    const QString path = makeProject(QStringLiteral("kinds.merchbench"));
    ui::ImportWizard wizard(path);
    // Start from a kind the file is not, as a user who imported something else last time.
    wizard.filePage()->setKind(kind == QStringLiteral("products") ? QStringLiteral("offers")
                                                                  : QStringLiteral("products"));
    const QString before = wizard.filePage()->kind();
    wizard.filePage()->setFilePath(file);
    QCOMPARE(wizard.filePage()->kind(), kind.isEmpty() ? before : kind);
}

MERCHBENCH_GUI_TEST_MAIN(TestMainWindow)

#include "tst_mainwindow.moc"
