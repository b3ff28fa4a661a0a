// Copy and export on every table: Ctrl+C copies the selected cells as tab-separated text under
// their column titles, and the right-click menu's Copy, Copy all, Export as CSV… and Export as
// XLSX… do what they say, through the export guard, and refuse a stale table.
#include "CsvRows.h"
#include "GuiTestMain.h"
#include "MainWindow.h"
#include "ModalAnswers.h"
#include "common/Error.h"
#include "common/ExportLocation.h"
#include "common/Numbers.h"
#include "common/ResultFreshness.h"
#include "common/TableActions.h"
#include "common/TableExportButton.h"

#include <QAction>
#include <QClipboard>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QMenu>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using namespace mb;

namespace {

// Products as a merchandiser's table holds them: text, a name that looks like a formula, whole
// units and a price.
QStandardItemModel* makeProducts(QObject* parent) {
    const QStringList names = {QStringLiteral("Wool scarf"), QStringLiteral("=cmd|' /C calc'!A0"),
                               QStringLiteral("Linen shirt, blue"), QStringLiteral("+44 mug"),
                               QStringLiteral("Tab\there")};
    auto* model = new QStandardItemModel(int(names.size()), 5, parent);
    model->setHorizontalHeaderLabels({QStringLiteral("SKU"), QStringLiteral("Name"),
                                      QStringLiteral("Store"), QStringLiteral("Units"),
                                      QStringLiteral("Price")});
    for (int r = 0; r < names.size(); ++r) {
        model->setData(model->index(r, 0),
                       QStringLiteral("P%1").arg(r + 1, 3, 10, QLatin1Char('0')));
        model->setData(model->index(r, 1), names[r]);
        model->setData(model->index(r, 2), QStringLiteral("Store %1").arg(r % 2 + 1));
        model->setData(model->index(r, 3), r * 10 - 15);
        model->setData(model->index(r, 4), 2.5 + r);
    }
    return model;
}

// The view as a page would have it: Store hidden, Price moved second.
QTableView* makeView(QWidget* parent, QAbstractItemModel* model) {
    auto* view = new QTableView(parent);
    view->setObjectName(QStringLiteral("productTable"));
    view->setModel(model);
    view->horizontalHeader()->hideSection(2);
    view->horizontalHeader()->moveSection(4, 1);
    return view;
}

// A page holding the product table, its actions installed as the main window installs them.
struct ProductPage {
    QWidget widget;
    QVBoxLayout* layout = new QVBoxLayout(&widget);
    QStandardItemModel* model = makeProducts(&widget);
    QTableView* view = makeView(&widget, model);

    ProductPage() {
        layout->addWidget(view);
        ui::installTableActions(&widget);
    }
    ui::TableActions* actions() const { return ui::TableActions::of(view); }
    bool show() {
        widget.show();
        return QTest::qWaitForWindowExposed(&widget);
    }
};

void select(QTableView* view, int row, int column) {
    view->selectionModel()->select(view->model()->index(row, column), QItemSelectionModel::Select);
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestTableActions : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    void ctrlCCopiesTheBoundingRectangle() {
        ProductPage page;
        QTableView* view = page.view;
        QVERIFY(page.show());
        // Two cells apart: P002's SKU and the fourth row's name. Store is hidden, so the
        // rectangle runs SKU, Price, Name (the order seen), rows 2 to 4.
        select(view, 1, 0);
        select(view, 3, 1);
        view->setFocus();
        QGuiApplication::clipboard()->clear();
        QTest::keyClick(view, Qt::Key_C, Qt::ControlModifier);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("SKU\tPrice\tName\n"
                                                                      "P002\t\t\n"
                                                                      "\t\t\n"
                                                                      "\t\t'+44 mug\n"));
    }

    void copyShowsNumbersAsShownAndQuotesTabs() {
        ProductPage page;
        QTableView* view = page.view;
        view->selectRow(0);
        view->selectionModel()->select(view->model()->index(4, 1),
                                       QItemSelectionModel::Select | QItemSelectionModel::Rows);
        ui::TableActions* actions = page.actions();
        QVERIFY(actions);
        actions->makeMenu(&page.widget)->deleteLater();
        QVERIFY(actions->copyAction()->isEnabled());
        actions->copyAction()->trigger();
        const QStringList lines = QGuiApplication::clipboard()->text().split(QLatin1Char('\n'));
        QCOMPARE(lines.value(0), QStringLiteral("SKU\tPrice\tName\tUnits"));
        // Negative units stay as the view shows them; rows between the two are empty.
        QCOMPARE(lines.value(1), QStringLiteral("P001\t2.5\tWool scarf\t-15"));
        QCOMPARE(lines.value(2), QStringLiteral("\t\t\t"));
        QCOMPARE(lines.value(5), QStringLiteral("P005\t6.5\t\"Tab\there\"\t25"));

        actions->copyAllAction()->trigger();
        const QStringList all = QGuiApplication::clipboard()->text().split(QLatin1Char('\n'));
        QCOMPARE(all.size(), 1 + 5 + 1);  // header, five rows, the final line break
        QCOMPARE(all.value(2), QStringLiteral("P002\t3.5\t'=cmd|' /C calc'!A0\t-5"));
    }

    void tablesMadeLaterGetTheActions() {
        QWidget window;
        auto* layout = new QVBoxLayout(&window);
        QTableView* early = makeView(&window, makeProducts(&window));
        layout->addWidget(early);
        ui::installTableActions(&window);
        QVERIFY(ui::TableActions::of(early));

        auto* later = new QTableWidget(2, 2, &window);
        layout->addWidget(later);
        auto* dialog = new QDialog(&window);
        auto* inDialog = new QTableView(dialog);
        QTableView elsewhere;  // not under the window: left alone
        window.show();
        dialog->show();
        elsewhere.show();
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY(ui::TableActions::of(later));
        QVERIFY(ui::TableActions::of(inDialog));
        QVERIFY(!ui::TableActions::of(&elsewhere));
        QCOMPARE(ui::TableActions::attach(later), ui::TableActions::of(later));
    }

    void everyTableOfTheMainWindowHasThem() {
        ui::MainWindow window;
        window.resize(1280, 760);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QList<QTableView*> tables = window.findChildren<QTableView*>();
        QVERIFY(tables.size() >= 5);  // the pages' results tables at least
        for (QTableView* table : tables)
            QVERIFY2(ui::TableActions::of(table), qPrintable(table->objectName()));
    }

    void menuOffersCopyAndExport() {
        ProductPage page;
        QTableView* view = page.view;
        QMenu* menu = ui::TableActions::of(view)->makeMenu(&page.widget);
        QStringList texts;
        for (QAction* action : menu->actions()) {
            if (!action->isSeparator())
                texts.append(action->text());
        }
        QCOMPARE(texts, (QStringList{QStringLiteral("Copy"), QStringLiteral("Copy all"),
                                     QStringLiteral("Export as CSV…"),
                                     QStringLiteral("Export as XLSX…")}));
        // Nothing selected and no current cell: nothing to copy, the whole table still is.
        QVERIFY(!ui::TableActions::of(view)->copyAction()->isEnabled());
        QVERIFY(ui::TableActions::of(view)->copyAllAction()->isEnabled());
        delete menu;
    }

    void exportCsvWritesWhatTheViewShows() {
        QWidget page;
        auto* layout = new QVBoxLayout(&page);
        auto* table = new QTableWidget(3, 3, &page);
        table->setObjectName(QStringLiteral("strategyTable"));
        table->setHorizontalHeaderLabels(
            {QStringLiteral("Strategy"), QStringLiteral("Net value"), QStringLiteral("Change")});
        const QString minus(QChar(0x2212));
        const QStringList cells = {
            QStringLiteral("Model"),  QStringLiteral("12,300"), minus + QStringLiteral("4.50"),
            QStringLiteral("Random"), QStringLiteral("$1,200"), QStringLiteral("6.2%"),
            QStringLiteral("00123"),  QStringLiteral("-7"),     QStringLiteral("=1+2")};
        for (int i = 0; i < cells.size(); ++i)
            table->setItem(i / 3, i % 3, new QTableWidgetItem(cells[i]));
        layout->addWidget(table);
        ui::installTableActions(&page);
        ui::TableActions* actions = ui::TableActions::of(table);
        QVERIFY(actions);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));

        const QString path = dir_.filePath(QStringLiteral("strategies.csv"));
        {
            mbtest::ModalAnswers answers(path);
            actions->exportCsvAction()->trigger();
            QCOMPARE(answers.fileDialogs(), 1);
            QVERIFY2(answers.said().isEmpty(), qPrintable(answers.said().join(QLatin1Char('\n'))));
        }
        const QList<QStringList> lines = mbtest::readCsvLines(path);
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines[0], (QStringList{QStringLiteral("Strategy"), QStringLiteral("Net value"),
                                        QStringLiteral("Change")}));
        // Grouped and signed figures become numbers; money and shares stay as shown; a code
        // keeps its leading zeros; a formula is defused.
        QCOMPARE(lines[1], (QStringList{QStringLiteral("Model"), QStringLiteral("12300"),
                                        QStringLiteral("-4.5")}));
        QCOMPARE(lines[2], (QStringList{QStringLiteral("Random"), QStringLiteral("$1,200"),
                                        QStringLiteral("6.2%")}));
        QCOMPARE(lines[3], (QStringList{QStringLiteral("00123"), QStringLiteral("-7"),
                                        QStringLiteral("'=1+2")}));
    }

    void exportXlsxWritesAWorkbook() {
        ProductPage page;
        QTableView* view = page.view;
        QVERIFY(page.show());
        const QString path = dir_.filePath(QStringLiteral("products.xlsx"));
        mbtest::ModalAnswers answers(path);
        ui::TableActions::of(view)->exportXlsxAction()->trigger();
        QCOMPARE(answers.fileDialogs(), 1);
        const QByteArray bytes = readAll(path);
        QVERIFY(bytes.startsWith("PK"));
        QVERIFY(bytes.contains("xl/worksheets/sheet1.xml"));
        // Only the table: no temporary file left beside it.
        QCOMPARE(QDir(dir_.path()).entryList({QStringLiteral("products*")}, QDir::Files),
                 QStringList{QStringLiteral("products.xlsx")});
    }

    void exportRefusesTheOpenProject() {
        ProductPage page;
        const QString project = dir_.filePath(QStringLiteral("shop.merchbench"));
        {
            QFile file(project);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("SQLite format 3");
        }
        page.widget.setProperty(ui::ExportLocation::projectProperty, project);
        QVERIFY(page.show());
        QTableView* view = page.view;
        // The name offered with the right suffix, but a link to the project: the guard compares
        // files, not names.
        const QString linked = dir_.filePath(QStringLiteral("products-linked.xlsx"));
        QVERIFY(QFile::link(project, linked));
        mbtest::ModalAnswers answers(linked);
        ui::TableActions::of(view)->exportXlsxAction()->trigger();
        QCOMPARE(answers.fileDialogs(), 1);
        QCOMPARE(answers.said().size(), 1);
        QVERIFY2(answers.said()[0].contains(project), qPrintable(answers.said()[0]));
        QCOMPARE(readAll(project), QByteArray("SQLite format 3"));
    }

    void staleTableIsNeverExported() {
        ProductPage page;
        auto* banner = new ui::OutOfDateBanner(&page.widget);
        page.layout->insertWidget(0, banner);
        ui::TableActions* actions = page.actions();
        banner->setFreshness(ui::Freshness::ControlsChanged, QStringLiteral("offer list"),
                             QStringLiteral("Plan offers"));
        delete actions->makeMenu(&page.widget);
        QVERIFY(!actions->exportCsvAction()->isEnabled());
        QVERIFY(!actions->exportXlsxAction()->isEnabled());
        QCOMPARE(actions->exportCsvAction()->toolTip(), banner->text());
        const QString path = dir_.filePath(QStringLiteral("stale.csv"));
        bool refused = false;
        try {
            actions->exportTo(path);
        } catch (const Error& error) {
            refused = error.message() == banner->text();
        }
        QVERIFY(refused);
        QVERIFY(!QFile::exists(path));

        banner->setFreshness(ui::Freshness::Current, QString(), QString());
        delete actions->makeMenu(&page.widget);
        QVERIFY(actions->exportCsvAction()->isEnabled());
        actions->exportTo(path);
        QCOMPARE(mbtest::readCsvLines(path).size(), 6);
    }

    void pageButtonKeepsItsWriter() {
        // A table whose model the page exports with its own button (a decision file) is written
        // by that button, and follows the button when the page disables it.
        ProductPage page;
        auto* button = new ui::TableExportButton(&page.widget);
        button->setModel(page.model);
        button->setText(QStringLiteral("Export price changes"));
        QStringList written;
        button->setCsvWriter([&written](const QString& path) {
            written.append(path);
            QFile file(path);
            if (file.open(QIODevice::WriteOnly))
                file.write("decision file\n");
        });
        page.layout->addWidget(button);
        ui::TableActions* actions = page.actions();
        const QString path = dir_.filePath(QStringLiteral("changes.csv"));
        actions->exportTo(path);
        QCOMPARE(written, QStringList{path});
        QCOMPARE(readAll(path), QByteArray("decision file\n"));

        button->setEnabled(false);
        QCOMPARE(actions->exportRefusal(),
                 QStringLiteral("Export price changes is not available now."));
        delete actions->makeMenu(&page.widget);
        QVERIFY(!actions->exportCsvAction()->isEnabled());
    }
};

MERCHBENCH_GUI_TEST_MAIN(TestTableActions)
#include "tst_tableactions.moc"
