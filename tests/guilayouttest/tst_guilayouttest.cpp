// The Layout page's "Layout test" tab on a chain whose layout changed in three stores: it starts
// from the project's latest dated layout change, runs the core's layout-test job in the
// background and shows what the job computes (verdict, measures, intervals), marks the result
// out of date when the controls or the data change, names a bad request's field, and fits both
// screen sizes (screenshots).
#include "ElisionCheck.h"
#include "GuiTestMain.h"
#include "MainWindow.h"
#include "PlantedChain.h"
#include "ProjectConnection.h"
#include "ProjectWindow.h"
#include "QtWarnings.h"
#include "common/Numbers.h"
#include "common/ResultFreshness.h"
#include "data/Importer.h"
#include "layout/LayoutPage.h"
#include "layout/LayoutTestSection.h"

#include <QApplication>
#include <QDateEdit>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;
using namespace mb::ui;

class TestGuiLayoutTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    mbtest::PlantedChain chain_;
    QString project_;

    static bool runAndWait(LayoutTestSection* section) {
        QSignalSpy ended(section, &LayoutTestSection::runEnded);
        section->runButton()->click();
        return ended.wait(60000);
    }

private slots:
    void init() { mbtest::failOnQtWarnings(); }

    void initTestCase() {
        QVERIFY(dir_.isValid());
        project_ = chain_.write(dir_, QStringLiteral("chain.merchbench"));
    }

    void showsTheJobsAnswerAndWhenItIsOutOfDate() {
        ProjectConnection connection(project_);
        QVERIFY(connection.isOpen());
        LayoutPage page;
        page.resize(1400, 900);
        page.show();
        page.setConnection(&connection);
        LayoutTestSection* section = page.layoutTestSection();
        QVERIFY(section);
        page.tabs()->setCurrentWidget(section);
        // The controls start from the latest dated layout change.
        QCOMPARE(section->storesEdit()->text(), QStringLiteral("S01,S02,S03"));
        QCOMPARE(section->dateEdit()->date(), QDate(2024, 3, 4));
        section->weeksBox()->setValue(6);
        QVERIFY(runAndWait(section));
        QVERIFY(section->shown());

        // The job's own answer for the same request, computed here.
        const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
        const layout::LayoutTestRequest request = section->request();
        const layout::LayoutTestInputs inputs = layout::loadLayoutTest(*project, request);
        const layout::LayoutTestResult expected = layout::computeLayoutTest(inputs, request);
        QVERIFY(section->verdictLabel()->text().contains(expected.verdict.mid(1)));
        QVERIFY(section->table()->item(0, 6)->text().startsWith(
            formatSignedPercent(expected.crossCategory.effect)));
        QCOMPARE(section->table()->rowCount(), 3);
        QVERIFY(section->detailLabel()->text().contains(
            QStringLiteral("S01: dairy, produce; S02: dairy, produce; S03: dairy, produce")));
        QCOMPARE(section->freshness(), Freshness::Current);
        QVERIFY(!section->banner()->isOutOfDate());

        // The controls move away from the result and back.
        section->weeksBox()->setValue(5);
        QCOMPARE(section->freshness(), Freshness::ControlsChanged);
        QVERIFY(section->banner()->isVisible());
        section->weeksBox()->setValue(6);
        QCOMPARE(section->freshness(), Freshness::Current);
        QVERIFY(!section->banner()->isVisible());
        section->controlEdit()->setText(QStringLiteral("S05,S06"));
        QCOMPARE(section->freshness(), Freshness::ControlsChanged);
        section->controlEdit()->clear();

        // New baskets in the project: the result predates the data.
        const QString more = dir_.filePath(QStringLiteral("more.csv"));
        QFile file(more);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "basket,category,store,time,quantity,value\n"
            "extra-1,bakery,S04,2024-03-05 11:00:00,1,3.00\n");
        file.close();
        {
            const auto writable = data::Project::open(project_);
            data::ImportOptions options;
            options.kind = QStringLiteral("baskets");
            QVERIFY(data::Importer(*writable).run(more, options).committed);
        }
        page.refresh();
        QCOMPARE(section->freshness(), Freshness::DataChanged);
        QVERIFY(section->banner()->isVisible());
        QVERIFY(runAndWait(section));
        QCOMPARE(section->freshness(), Freshness::Current);

        // A bad request names its field and runs nothing.
        section->controlEdit()->setText(QStringLiteral("S01"));
        section->runButton()->click();
        QVERIFY2(section->verdictLabel()->text().contains(QStringLiteral("control")),
                 qPrintable(section->verdictLabel()->text()));
        QVERIFY(!section->shown());
        page.setConnection(nullptr);
    }

    void fitsTheScreen_data() {
        QTest::addColumn<QSize>("screen");
        QTest::newRow("1280x800") << QSize(1280, 800);
        QTest::newRow("1920x1080") << QSize(1920, 1080);
    }

    void fitsTheScreen() {
        QFETCH(QSize, screen);
        const QSize available(screen.width(), screen.height() - 40);  // the window frame
        MainWindow window;
        QString error;
        auto* page = mbtest::openProjectOnPage<LayoutPage>(window, available, project_,
                                                           MainWindow::LayoutPageIndex, &error);
        QVERIFY2(page, qPrintable(error));
        LayoutTestSection* section = page->layoutTestSection();
        page->tabs()->setCurrentWidget(section);
        section->weeksBox()->setValue(6);
        QVERIFY(runAndWait(section));
        QApplication::processEvents();
        const QSize hint = page->minimumSizeHint();
        QVERIFY2(hint.width() <= page->width() &&
                     hint.height() + window.height() - page->height() <= available.height(),
                 qPrintable(QStringLiteral("needs %1x%2, has %3x%4")
                                .arg(hint.width())
                                .arg(hint.height())
                                .arg(page->width())
                                .arg(page->height())));
        const QString folder =
            QDir(qEnvironmentVariable("MERCHBENCH_SCREENSHOT_DIR", dir_.filePath("shots")))
                .filePath(QStringLiteral("%1x%2").arg(screen.width()).arg(screen.height()));
        QVERIFY(QDir().mkpath(folder));
        QVERIFY(window.grab().save(folder + QStringLiteral("/layout-test.png")));
        // No text of the tab cut short (the page's own load error about the chain's several
        // plans, from the floor-plan part of the page, is not this tab's).
        const QStringList cut = mbtest::elidedTexts(section);
        QVERIFY2(cut.isEmpty(), qPrintable(cut.join(u'\n')));
        // Out of date, as it looks.
        section->weeksBox()->setValue(4);
        QApplication::processEvents();
        QVERIFY(window.grab().save(folder + QStringLiteral("/layout-test-out-of-date.png")));
        // A chain's pilot of four stores shows whole in "Changed stores": with the cursor at
        // the end, the first character is still in view at the left and the end at the right.
        QLineEdit* stores = section->storesEdit();
        stores->setText(QStringLiteral("S0003,S0006,S0009,S0012"));
        stores->end(false);
        QApplication::processEvents();
        const QRect inside = stores->contentsRect();
        QCOMPARE(stores->cursorPositionAt(QPoint(inside.left() + 4, inside.center().y())), 0);
        QCOMPARE(stores->cursorPositionAt(QPoint(inside.right() - 4, inside.center().y())),
                 static_cast<int>(stores->text().size()));
        qInfo("screenshots in %s", qPrintable(folder));
    }
};

int main(int argc, char* argv[]) {
    // The offscreen platform's screen as large as the larger size tested (its configuration
    // file, Qt >= 6.1), so each window gets the size it is given.
    QTemporaryDir config;
    const QString path = config.filePath(QStringLiteral("screen.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return 2;
    file.write(
        "{\"synchronousWindowSystemEvents\": false, \"windowFrameMargins\": true, "
        "\"screens\": [{\"name\": \"Screen\", \"x\": 0, \"y\": 0, \"width\": 1920, "
        "\"height\": 1080, \"logicalDpiX\": 96, \"logicalDpiY\": 96, \"dpr\": 1}]}");
    file.close();
    qputenv("QT_QPA_PLATFORM", "offscreen:configfile=" + QFile::encodeName(path));
    return mbtest::runGuiTest<TestGuiLayoutTest>(argc, argv);
}

#include "tst_guilayouttest.moc"
