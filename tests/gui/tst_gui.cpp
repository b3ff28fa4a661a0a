// The desktop shell under the offscreen platform: browsing, data health, the analysis
// the analysis pages in place, the import wizard end to end (including cancel), and screenshots of
// every page.
#include "DataPage.h"
#include "DemoBuilder.h"
#include "EmptyState.h"
#include "GuiTestMain.h"
#include "HealthModels.h"
#include "HealthPanel.h"
#include "MainWindow.h"
#include "QtWarnings.h"
#include "RecentProjects.h"
#include "TableBrowser.h"
#include "data/DemoProject.h"
#include "data/HealthReport.h"
#include "data/Kind.h"
#include "data/Project.h"
#include "demand/DemandPage.h"
#include "import/CampaignOptionsBox.h"
#include "import/ImportFilePage.h"
#include "import/ImportIssueModel.h"
#include "import/ImportMappingPage.h"
#include "import/ImportPreviewPage.h"
#include "import/ImportRunPage.h"
#include "import/ImportSettings.h"
#include "import/ImportWizard.h"
#include "layout/LayoutPage.h"
#include "markdown/MarkdownPage.h"
#include "targeting/TargetingPage.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QSqlTableModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace mb;

namespace {

constexpr int kImportTimeoutMs = 60000;
const QString kDbConnection = QStringLiteral("tst_gui_oracle");

void writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(path));
    QCOMPARE(file.write(content), content.size());
}

// A small retailer written by hand, used when the committed demo data is not there yet. Names
// carry %, _ and ' so that the filter's escaping is exercised.
QString writeFallbackProject(const QString& dir) {
    QByteArray products = "product,name,category,unit_cost,regular_price\n";
    for (int i = 0; i < 300; ++i) {
        const char* names[] = {"Wool scarf", "50% off bundle", "O'Brien tea", "a_b socks",
                               "Linen shirt"};
        products += QStringLiteral("P%1,%2 %1,cat%3,%4,%5\n")
                        .arg(i, 4, 10, QLatin1Char('0'))
                        .arg(QString::fromLatin1(names[i % 5]))
                        .arg(i % 7)
                        .arg(1.0 + (i * 37 % 100) / 10.0)
                        .arg(5.0 + (i * 53 % 200) / 10.0)
                        .toUtf8();
    }
    QByteArray stores = "store,name,region\n";
    for (int i = 0; i < 5; ++i)
        stores += QStringLiteral("S%1,Store %1,north\n").arg(i).toUtf8();
    QByteArray sales = "week,store,product,units,price\n";
    for (int i = 0; i < 2000; ++i) {
        const QDate week = QDate(2024, 1, 1).addDays(7 * (i / 1500));
        sales += QStringLiteral("%1,S%2,P%3,%4,%5\n")
                     .arg(week.toString(Qt::ISODate))
                     .arg((i / 300) % 5)
                     .arg(i % 300, 4, 10, QLatin1Char('0'))
                     .arg(i % 11)
                     .arg(4.0 + (i % 13) / 2.0)
                     .toUtf8();
    }
    const QString path = QDir(dir).filePath(QStringLiteral("fallback.merchbench"));
    auto project = data::Project::open(path);
    data::Importer importer(*project);
    for (const auto& [kind, content] :
         {std::pair{QStringLiteral("products"), products},
          std::pair{QStringLiteral("stores"), stores}, std::pair{QStringLiteral("sales"), sales}}) {
        const QString file = QDir(dir).filePath(kind + QStringLiteral(".csv"));
        writeFile(file, content);
        data::ImportOptions options;
        options.kind = kind;
        const data::ImportReport report = importer.run(file, options);
        if (!report.committed)
            qWarning() << "fallback import failed:" << kind << report.errorCount;
    }
    return path;
}

// Qt 6.4's tester calls fetchMore() from its own modelReset and rowsInserted slots before it has
// finished its bookkeeping of that change, and then reports the rows that arrive as a nested
// change. So it watches a lazily fetching SQL model through this proxy, which hides fetchMore from
// the tester only; the model's own signals still reach it, and the test drives the fetching.
class FetchHidingProxy : public QIdentityProxyModel {
public:
    bool canFetchMore(const QModelIndex&) const override { return false; }
    void fetchMore(const QModelIndex&) override {}
};

struct ModelWatch {
    explicit ModelWatch(QAbstractItemModel* model) { proxy.setSourceModel(model); }
    FetchHidingProxy proxy;
    QAbstractItemModelTester tester{&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest};
};

// A small file shaped like Hillstrom's e-mail campaign: features, the arm (segment), outcomes.
struct CampaignCsv {
    QStringList header;
    std::vector<QStringList> rows;

    QByteArray bytes() const {
        QByteArray out = header.join(u',').toUtf8() + '\n';
        for (const QStringList& row : rows)
            out += row.join(u',').toUtf8() + '\n';
        return out;
    }
    QStringList column(const QString& name) const {
        const qsizetype index = header.indexOf(name);
        QStringList values;
        for (const QStringList& row : rows)
            values << row.value(index);
        return values;
    }
};

CampaignCsv hillstromLike(int rows) {
    CampaignCsv csv;
    csv.header = QStringLiteral(
                     "recency,history_segment,history,mens,womens,zip_code,newbie,"
                     "channel,segment,visit,conversion,spend")
                     .split(u',');
    const QStringList arms = {QStringLiteral("Womens E-Mail"), QStringLiteral("No E-Mail"),
                              QStringLiteral("Mens E-Mail")};
    const QStringList histories = {QStringLiteral("1) $0 - $100"), QStringLiteral("2) $100 - $200"),
                                   QStringLiteral("3) $200 - $350")};
    const QStringList zips = {QStringLiteral("Surburban"), QStringLiteral("Rural"),
                              QStringLiteral("Urban")};
    const QStringList channels = {QStringLiteral("Phone"), QStringLiteral("Web"),
                                  QStringLiteral("Multichannel")};
    for (int i = 0; i < rows; ++i) {
        const bool visit = i % 4 == 1;
        const bool conversion = visit && i % 3 == 0;
        csv.rows.push_back(
            {QString::number(1 + i * 5 % 12), histories[(i / 2) % 3],
             QString::number(40 + i * 13.37, 'f', 2), QString::number(i % 2),
             QString::number((i / 2) % 2), zips[i % 3], QString::number(i % 5 == 0),
             channels[(i / 3) % 3], arms[(i + i / 3) % 3], QString::number(visit),
             QString::number(conversion),
             conversion ? QString::number(20 + i * 1.5, 'f', 2) : QStringLiteral("0")});
    }
    return csv;
}

QStringList jsonList(const QVariant& text) {
    QStringList list;
    for (const QJsonValue& value : QJsonDocument::fromJson(text.toString().toUtf8()).array())
        list << value.toString();
    return list;
}

std::unique_ptr<ModelWatch> watch(QAbstractItemModel* model) {
    return std::make_unique<ModelWatch>(model);
}

void fetchAll(QSqlTableModel* model) {
    while (model->canFetchMore())
        model->fetchMore();
}

}  // namespace

class TestGui : public QObject {
    Q_OBJECT

private slots:
    void init() { mbtest::failOnQtWarnings(); }
    void initTestCase();
    void cleanupTestCase();
    void emptyStateWithoutProject();
    void tableRowCounts_data();
    void tableRowCounts();
    void sortByHeaderClick_data();
    void sortByHeaderClick();
    void filterInSql_data();
    void filterInSql();
    void healthReport();
    void analysisPagesAreInPlace();
    void importWizard_data();
    void importWizard();
    void cancelLeavesProjectUnchanged();
    void closingWizardCancelsImport();
    void campaignWizard_data();
    void campaignWizard();
    void fixRejectedImport_data();
    void fixRejectedImport();
    void recentProjects();
    void demoFromMainWindow();
    void screenshots();

private:
    qint64 sqlCount(const QString& sql);
    QVariant sqlValue(const QString& sql);
    void saveScreenshot(QWidget* widget, const QString& name);
    ui::ImportWizard* startWizardOn(const QString& file, const QString& kind);

    QTemporaryDir dir_;
    QString projectPath_;
    bool usingDemo_ = false;
    std::unique_ptr<ui::MainWindow> window_;
};

qint64 TestGui::sqlCount(const QString& sql) {
    return sqlValue(sql).toLongLong();
}

QVariant TestGui::sqlValue(const QString& sql) {
    QSqlQuery query(QSqlDatabase::database(kDbConnection));
    if (!query.exec(sql) || !query.next()) {
        qWarning() << "query failed:" << sql;
        return {};
    }
    return query.value(0);
}

void TestGui::saveScreenshot(QWidget* widget, const QString& name) {
    const QString folder = qEnvironmentVariable("MERCHBENCH_SCREENSHOTS");
    if (folder.isEmpty())
        return;
    QDir().mkpath(folder);
    QCoreApplication::processEvents();
    const QString path = QDir(folder).filePath(name);
    QVERIFY2(widget->grab().save(path), qPrintable(path));
}

void TestGui::initTestCase() {
    QVERIFY(dir_.isValid());
    QSettings().clear();  // test mode: a private settings file, cleared for repeatable runs
    if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
        qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
    const QString demoDir = data::findDemoDataDir();
    if (!demoDir.isEmpty()) {
        projectPath_ = dir_.filePath(QStringLiteral("demo.merchbench"));
        data::buildDemoProject(projectPath_, demoDir);
        usingDemo_ = true;
    } else {
        qWarning("The demo data (datasets/demo) is not there yet: using a small hand-made project");
        projectPath_ = writeFallbackProject(dir_.path());
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), kDbConnection);
    db.setDatabaseName(projectPath_);
    QVERIFY(db.open());

    window_ = std::make_unique<ui::MainWindow>();
    window_->resize(1280, 800);
    window_->show();
    QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    QString error;
    QVERIFY2(window_->openProject(projectPath_, &error), qPrintable(error));
    QCOMPARE(window_->projectPath(), projectPath_);
}

void TestGui::cleanupTestCase() {
    window_.reset();
    QSqlDatabase::database(kDbConnection).close();
    QSqlDatabase::removeDatabase(kDbConnection);
}

void TestGui::emptyStateWithoutProject() {
    ui::MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(!window.hasProject());
    QCOMPARE(window.pageCount(), 5);
    for (int i = 0; i < window.pageCount(); ++i) {
        window.showPage(i);
        QCOMPARE(window.currentPage(), i);
        QVERIFY2(window.page(i)->emptyState()->isVisible(), qPrintable(window.page(i)->title()));
        for (const char* button : {"openDemoButton", "newProjectButton", "openProjectButton"})
            QVERIFY(window.page(i)->emptyState()->findChild<QPushButton*>(QLatin1String(button)));
    }
    auto* import = window.findChild<QAction*>(QStringLiteral("importAction"));
    QVERIFY(import);
    QVERIFY(!import->isEnabled());
    QVERIFY(!window.startImport());
    window.showPage(ui::MainWindow::DataPageIndex);
    saveScreenshot(&window, QStringLiteral("00-no-project.png"));

    // Creating a project leaves the empty state and enables importing.
    const QString path = dir_.filePath(QStringLiteral("fresh.merchbench"));
    QString error;
    QVERIFY2(window.createProject(path, &error), qPrintable(error));
    QVERIFY(QFile::exists(path));
    QVERIFY(!window.page(0)->emptyState()->isVisible());
    QVERIFY(import->isEnabled());
    window.closeProject();
    QVERIFY(window.page(0)->emptyState()->isVisible());
    QVERIFY(!import->isEnabled());

    // A file that is not a project is refused with a message, and nothing opens.
    const QString junk = dir_.filePath(QStringLiteral("junk.merchbench"));
    writeFile(junk, "this is not a database");
    QVERIFY(!window.openProject(junk, &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!window.hasProject());
}

void TestGui::tableRowCounts_data() {
    QTest::addColumn<QString>("table");
    for (const data::KindSpec& kind : data::allKinds())
        QTest::newRow(qPrintable(kind.name)) << kind.table;
    QTest::newRow("imports") << QStringLiteral("imports");
}

void TestGui::tableRowCounts() {
    QFETCH(QString, table);
    ui::TableBrowser* browser = window_->dataPage()->browser();
    const auto tester = watch(browser->model());
    QVERIFY(browser->selectTable(table));
    browser->setFilterText(QString());
    QCOMPARE(browser->currentTable(), table);
    const qint64 expected = sqlCount(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table));
    QCOMPARE(browser->totalRows(), expected);
    QCOMPARE(browser->matchingRows(), expected);
    fetchAll(browser->model());
    QCOMPARE(browser->model()->rowCount(), expected);
    QCOMPARE(browser->model()->columnCount(),
             QSqlDatabase::database(kDbConnection).record(table).count());
}

void TestGui::sortByHeaderClick_data() {
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");
    QTest::addColumn<int>("clicks");
    QTest::newRow("products by product, one click") << "products"
                                                    << "product" << 1;
    QTest::newRow("products by product, two clicks") << "products"
                                                     << "product" << 2;
    QTest::newRow("products by unit_cost") << "products"
                                           << "unit_cost" << 1;
    QTest::newRow("sales by units, two clicks") << "sales"
                                                << "units" << 2;
    QTest::newRow("sales by week") << "sales"
                                   << "week" << 1;
}

void TestGui::sortByHeaderClick() {
    QFETCH(QString, table);
    QFETCH(QString, column);
    QFETCH(int, clicks);
    if (sqlCount(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) < 2)
        QSKIP("the table has fewer than two rows");
    window_->showPage(ui::MainWindow::DataPageIndex);
    window_->dataPage()->showTables();
    ui::TableBrowser* browser = window_->dataPage()->browser();
    const auto tester = watch(browser->model());
    QVERIFY(browser->selectTable(table));
    browser->setFilterText(QString());
    const int section = browser->model()->fieldIndex(column);
    QVERIFY2(section >= 0, qPrintable(column));
    QHeaderView* header = browser->view()->horizontalHeader();
    browser->view()->scrollTo(browser->model()->index(0, section));
    for (int i = 0; i < clicks; ++i) {
        const QPoint where(
            header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
            header->height() / 2);
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, where);
    }
    QCOMPARE(header->sortIndicatorSection(), section);
    const Qt::SortOrder order = header->sortIndicatorOrder();
    const QString direction =
        order == Qt::AscendingOrder ? QStringLiteral("ASC") : QStringLiteral("DESC");
    // Ties make the order of other columns arbitrary: compare the sorted column's values only.
    QSqlQuery query(QSqlDatabase::database(kDbConnection));
    QVERIFY(query.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY %1 %3 LIMIT 200")
                           .arg(column, table, direction)));
    int row = 0;
    while (query.next()) {
        QCOMPARE(browser->model()->index(row, section).data().toString(),
                 query.value(0).toString());
        ++row;
    }
    QVERIFY(row >= 2);
    // Sorting keeps every row.
    fetchAll(browser->model());
    QCOMPARE(browser->model()->rowCount(), browser->totalRows());
    header->setSortIndicator(-1, Qt::AscendingOrder);
}

void TestGui::filterInSql_data() {
    QTest::addColumn<QString>("table");
    QTest::addColumn<QString>("column");  // "" = every text column
    QTest::addColumn<QString>("text");    // "@" = a value taken from the table itself
    QTest::newRow("products, a value") << "products"
                                       << ""
                                       << "@";
    QTest::newRow("products, product column") << "products"
                                              << "product"
                                              << "@";
    QTest::newRow("products, percent sign is literal") << "products"
                                                       << ""
                                                       << "%";
    QTest::newRow("products, underscore is literal") << "products"
                                                     << ""
                                                     << "_";
    QTest::newRow("products, quote") << "products"
                                     << ""
                                     << "'";
    QTest::newRow("products, no match") << "products"
                                        << ""
                                        << "zzqqxx";
    QTest::newRow("sales, store value") << "sales"
                                        << "store"
                                        << "@";
}

void TestGui::filterInSql() {
    QFETCH(QString, table);
    QFETCH(QString, column);
    QFETCH(QString, text);
    ui::TableBrowser* browser = window_->dataPage()->browser();
    const auto tester = watch(browser->model());
    QVERIFY(browser->selectTable(table));
    QVERIFY(browser->setFilterColumn(column));
    const QString searched = column.isEmpty() ? QStringLiteral("product") : column;
    if (text == QStringLiteral("@")) {
        text = sqlValue(QStringLiteral("SELECT %1 FROM %2 LIMIT 1 OFFSET 3").arg(searched, table))
                   .toString();
        QVERIFY2(!text.isEmpty(), "no value to filter on");
    }
    browser->setFilterText(text);

    // The oracle: read every row and test the searched columns in C++.
    QStringList columns;
    if (!column.isEmpty()) {
        columns << column;
    } else {
        QSqlQuery info(QSqlDatabase::database(kDbConnection));
        QVERIFY(info.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)));
        while (info.next()) {
            const QString type = info.value(2).toString().toUpper();
            if (type.isEmpty() || type.contains(QStringLiteral("TEXT")))
                columns << info.value(1).toString();
        }
    }
    QSqlQuery all(QSqlDatabase::database(kDbConnection));
    QVERIFY(all.exec(QStringLiteral("SELECT %1 FROM %2").arg(columns.join(u','), table)));
    qint64 expected = 0;
    while (all.next()) {
        for (int i = 0; i < columns.size(); ++i) {
            if (all.value(i).toString().contains(text, Qt::CaseInsensitive)) {
                ++expected;
                break;
            }
        }
    }
    QCOMPARE(browser->matchingRows(), expected);
    fetchAll(browser->model());
    QCOMPARE(browser->model()->rowCount(), expected);
    const int section = browser->model()->fieldIndex(searched);
    for (int row = 0; row < std::min(browser->model()->rowCount(), 50) && !column.isEmpty(); ++row)
        QVERIFY(browser->model()
                    ->index(row, section)
                    .data()
                    .toString()
                    .contains(text, Qt::CaseInsensitive));
    browser->setFilterText(QString());
    QCOMPARE(browser->matchingRows(), browser->totalRows());
}

void TestGui::healthReport() {
    ui::HealthPanel* panel = window_->dataPage()->healthPanel();
    QAbstractItemModelTester kindTester(panel->kindModel(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester findingTester(panel->findingModel(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy finished(panel, &ui::HealthPanel::checkFinished);
    panel->refresh();
    QVERIFY(panel->isChecking());
    QTRY_VERIFY_WITH_TIMEOUT(!panel->isChecking(), 60000);
    QCOMPARE(finished.count(), 1);

    auto project = data::Project::open(projectPath_, data::Project::OpenMode::MustExist);
    const data::HealthReport expected = data::checkHealth(*project);
    QCOMPARE(panel->kindModel()->rowCount(), static_cast<int>(expected.kinds.size()));
    QCOMPARE(panel->findingModel()->rowCount(), static_cast<int>(expected.findings.size()));
    for (int row = 0; row < panel->kindModel()->rowCount(); ++row) {
        const QString kind =
            panel->kindModel()->index(row, ui::KindHealthModel::Kind).data().toString();
        const data::KindSpec* spec = data::findKind(kind);
        QVERIFY2(spec, qPrintable(kind));
        QCOMPARE(panel->kindModel()
                     ->index(row, ui::KindHealthModel::Rows)
                     .data(Qt::EditRole)
                     .toLongLong(),
                 sqlCount(QStringLiteral("SELECT COUNT(*) FROM %1").arg(spec->table)));
    }
    // Worst findings first, each with an icon.
    int previous = 3;
    for (int row = 0; row < panel->findingModel()->rowCount(); ++row) {
        const int severity = static_cast<int>(panel->findingModel()->findings()[row].severity);
        QVERIFY(severity <= previous);
        previous = severity;
        QVERIFY(!panel->findingModel()->index(row, 0).data(Qt::DecorationRole).isNull());
    }
}

// The jobs' pages sit behind their navigation entries, each with its own title.
void TestGui::analysisPagesAreInPlace() {
    QVERIFY(qobject_cast<ui::DemandPage*>(window_->page(ui::MainWindow::DemandPageIndex)));
    QCOMPARE(window_->page(ui::MainWindow::DemandPageIndex)->title(), QStringLiteral("Demand"));
    QVERIFY(qobject_cast<ui::MarkdownPage*>(window_->page(ui::MainWindow::MarkdownPageIndex)));
    QVERIFY(qobject_cast<ui::TargetingPage*>(window_->page(ui::MainWindow::TargetingPageIndex)));
    QVERIFY(qobject_cast<ui::LayoutPage*>(window_->page(ui::MainWindow::LayoutPageIndex)));
    QCOMPARE(window_->page(ui::MainWindow::MarkdownPageIndex)->title(), QStringLiteral("Markdown"));
    QCOMPARE(window_->page(ui::MainWindow::TargetingPageIndex)->title(),
             QStringLiteral("Targeting"));
    QCOMPARE(window_->page(ui::MainWindow::LayoutPageIndex)->title(), QStringLiteral("Layout"));
}

ui::ImportWizard* TestGui::startWizardOn(const QString& file, const QString& kind) {
    ui::ImportWizard* wizard = window_->startImport();
    if (!wizard)
        return nullptr;
    wizard->filePage()->setFilePath(file);
    if (!wizard->filePage()->setKind(kind))
        return nullptr;
    return wizard;
}

void TestGui::importWizard_data() {
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("badRow");  // 0-based data row with a bad cost, -1 for none
    QTest::addColumn<bool>("skipBadRows");
    QTest::addColumn<QString>("screenshots");  // prefix for the wizard's pictures, "" for none
    QTest::newRow("comma, clean") << ',' << 12 << -1 << false << "07-wizard";
    QTest::newRow("semicolon, clean") << ';' << 30 << -1 << false << "";
    QTest::newRow("tab, clean") << '\t' << 5 << -1 << false << "";
    QTest::newRow("pipe, bad row rejects the file")
        << '|' << 9 << 4 << false << "11-wizard-rejected";
    QTest::newRow("comma, bad row skipped") << ',' << 15 << 0 << true << "";
}

void TestGui::importWizard() {
    QFETCH(char, delimiter);
    QFETCH(int, rows);
    QFETCH(int, badRow);
    QFETCH(bool, skipBadRows);
    QFETCH(QString, screenshots);
    const QString tag = QStringLiteral("WIZ%1")
                            .arg(QTest::currentDataTag())
                            .remove(QRegularExpression(QStringLiteral("[^A-Za-z0-9]")));

    // The header uses aliases (sku, description, cost) that the wizard must map by itself.
    const QByteArray sep(1, delimiter);
    QByteArray csv = "sku" + sep + "description" + sep + "cost" + sep + "shelf_note\n";
    for (int i = 0; i < rows; ++i) {
        const QByteArray cost = i == badRow ? QByteArray("twelve") : QByteArray::number(1.25 + i);
        csv += tag.toUtf8() + '-' + QByteArray::number(i) + sep + "Item " + QByteArray::number(i) +
               sep + cost + sep + "n/a\n";
    }
    const QString file = dir_.filePath(tag + QStringLiteral(".csv"));
    writeFile(file, csv);
    const qint64 productsBefore = sqlCount(QStringLiteral("SELECT COUNT(*) FROM products"));

    QSignalSpy finished(window_.get(), &ui::MainWindow::importFinished);
    QPointer<ui::ImportWizard> wizard = startWizardOn(file, QStringLiteral("products"));
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard.data()));
    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::FilePageId));
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral("-1-file.png"));
    wizard->next();

    // Preview: the delimiter is detected, and changing an option refreshes the table at once.
    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::PreviewPageId));
    ui::ImportPreviewPage* preview = wizard->previewPage();
    QVERIFY(preview->setDelimiter(0));
    QCOMPARE(preview->preview().delimiter, delimiter);
    QCOMPARE(preview->previewTable()->columnCount(), 4);
    QCOMPARE(preview->previewTable()->rowCount(),
             std::min(rows, ui::ImportPreviewPage::kPreviewRows));
    QCOMPARE(preview->previewTable()->item(0, 0)->text(), tag + QStringLiteral("-0"));
    const int refreshes = preview->refreshCount();
    const char other = delimiter == ';' ? ',' : ';';
    QVERIFY(preview->setDelimiter(other));
    QCOMPARE(preview->refreshCount(), refreshes + 1);
    QCOMPARE(preview->previewTable()->columnCount(), 1);  // the wrong delimiter splits nothing
    QVERIFY(preview->setDelimiter(0));
    QCOMPARE(preview->previewTable()->columnCount(), 4);
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral("-2-preview.png"));
    wizard->next();

    // Mapping: aliases are pre-filled; removing a required field blocks the import.
    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::MappingPageId));
    ui::ImportMappingPage* mapping = wizard->mappingPage();
    QAbstractItemModelTester mappingTester(mapping->mappingTable()->model(),
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(mapping->mapping().at(QStringLiteral("sku")), QStringLiteral("product"));
    QCOMPARE(mapping->mapping().at(QStringLiteral("cost")), QStringLiteral("unit_cost"));
    QVERIFY(mapping->missingRequired().isEmpty());
    QVERIFY(mapping->setFieldFor(QStringLiteral("sku"), QString()));
    QVERIFY(mapping->missingRequired().contains(QStringLiteral("product")));
    QVERIFY(!wizard->button(QWizard::CommitButton)->isEnabled());
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral("-3-mapping-missing.png"));
    QVERIFY(mapping->setFieldFor(QStringLiteral("sku"), QStringLiteral("product")));
    QVERIFY(mapping->setFieldFor(QStringLiteral("description"), QStringLiteral("name")));
    QVERIFY(mapping->missingRequired().isEmpty());
    QVERIFY(wizard->button(QWizard::CommitButton)->isEnabled());
    mapping->setOnError(skipBadRows ? data::OnError::Skip : data::OnError::Reject);
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral("-3-mapping.png"));
    wizard->next();

    // Import in the background: the GUI keeps running while it works.
    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::RunPageId));
    ui::ImportRunPage* run = wizard->runPage();
    QAbstractItemModelTester issueTester(run->issueModel(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), kImportTimeoutMs);
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(run->failure().isEmpty(), qPrintable(run->failure()));
    const data::ImportReport& report = run->report();
    const bool hasBadRow = badRow >= 0;
    const qint64 expectedImported = !hasBadRow ? rows : (skipBadRows ? rows - 1 : 0);
    QCOMPARE(report.rowsRead, qint64(rows));
    QCOMPARE(report.rowsImported, expectedImported);
    QCOMPARE(report.committed, !hasBadRow || skipBadRows);
    QCOMPARE(finished.at(0).at(0).toBool(), report.committed);
    QVERIFY(report.unmappedColumns.contains(QStringLiteral("shelf_note")));
    QCOMPARE(run->issueModel()->rowCount(), static_cast<int>(report.errors.size()));
    if (hasBadRow) {
        QVERIFY(run->issueModel()->rowCount() >= 1);
        // Line 1 is the header, so data row i is on line i + 2.
        QCOMPARE(run->issueModel()->index(0, ui::ImportIssueModel::Line).data().toLongLong(),
                 qint64(badRow + 2));
        QCOMPARE(run->issueModel()->index(0, ui::ImportIssueModel::Value).data().toString(),
                 QStringLiteral("twelve"));
    } else {
        QCOMPARE(run->issueModel()->rowCount(), 0);
    }
    QVERIFY(run->summaryText().contains(report.committed ? QStringLiteral("Imported")
                                                         : QStringLiteral("Nothing")));
    QVERIFY(wizard->button(QWizard::FinishButton)->isEnabled());
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral("-4-result.png"));

    QCOMPARE(
        sqlCount(
            QStringLiteral("SELECT COUNT(*) FROM products WHERE product LIKE '%1-%'").arg(tag)),
        expectedImported);
    QCOMPARE(sqlCount(QStringLiteral("SELECT COUNT(*) FROM products")),
             productsBefore + expectedImported);
    // The Data page follows the import.
    ui::TableBrowser* browser = window_->dataPage()->browser();
    const auto tester = watch(browser->model());
    QVERIFY(browser->selectTable(QStringLiteral("products")));
    QCOMPARE(browser->totalRows(), productsBefore + expectedImported);

    // The choices are offered again next time.
    const ui::ImportSettings remembered = ui::ImportSettings::load();
    QCOMPARE(remembered.kind, QStringLiteral("products"));
    QCOMPARE(remembered.lastDirectory, QFileInfo(file).absolutePath());
    QCOMPARE(remembered.onError, skipBadRows ? data::OnError::Skip : data::OnError::Reject);

    wizard->accept();
    QTRY_VERIFY(wizard.isNull());
}

void TestGui::cancelLeavesProjectUnchanged() {
    // Large enough that the import is still reading when Cancel arrives; the importer checks for
    // a cancel right before committing, so an early cancel always rolls back.
    QByteArray csv = "product,name,unit_cost\n";
    for (int i = 0; i < 150000; ++i)
        csv += "CANCEL-" + QByteArray::number(i) + ",Item " + QByteArray::number(i) + ",2.5\n";
    const QString file = dir_.filePath(QStringLiteral("cancel.csv"));
    writeFile(file, csv);
    const qint64 products = sqlCount(QStringLiteral("SELECT COUNT(*) FROM products"));
    const qint64 imports = sqlCount(QStringLiteral("SELECT COUNT(*) FROM imports"));

    QPointer<ui::ImportWizard> wizard = startWizardOn(file, QStringLiteral("products"));
    QVERIFY(wizard);
    wizard->next();
    wizard->next();
    QSignalSpy started(wizard->runPage(), &ui::ImportRunPage::started);
    wizard->next();
    QCOMPARE(started.count(), 1);
    ui::ImportRunPage* run = wizard->runPage();
    QVERIFY(run->isRunning());
    QVERIFY(!wizard->button(QWizard::FinishButton)->isEnabled());
    run->cancel();
    QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), kImportTimeoutMs);
    QVERIFY(run->report().cancelled);
    QVERIFY(!run->report().committed);
    QVERIFY(run->summaryText().contains(QStringLiteral("cancelled")));
    QCOMPARE(sqlCount(QStringLiteral("SELECT COUNT(*) FROM products")), products);
    QCOMPARE(sqlCount(QStringLiteral("SELECT COUNT(*) FROM imports")), imports);
    wizard->accept();
    QTRY_VERIFY(wizard.isNull());
}

void TestGui::closingWizardCancelsImport() {
    QByteArray csv = "product,name\n";
    for (int i = 0; i < 150000; ++i)
        csv += "CLOSE-" + QByteArray::number(i) + ",Item\n";
    const QString file = dir_.filePath(QStringLiteral("close.csv"));
    writeFile(file, csv);
    const qint64 products = sqlCount(QStringLiteral("SELECT COUNT(*) FROM products"));
    QSignalSpy finished(window_.get(), &ui::MainWindow::importFinished);
    QPointer<ui::ImportWizard> wizard = startWizardOn(file, QStringLiteral("products"));
    QVERIFY(wizard);
    wizard->next();
    wizard->next();
    wizard->next();
    QVERIFY(wizard->runPage()->isRunning());
    wizard->reject();  // like closing the window: cancels, then closes once the worker stopped
    QVERIFY(!wizard.isNull());
    QTRY_VERIFY_WITH_TIMEOUT(wizard.isNull(), kImportTimeoutMs);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(sqlCount(QStringLiteral("SELECT COUNT(*) FROM products")), products);
}

void TestGui::campaignWizard_data() {
    QTest::addColumn<QString>("name");  // "" = the default, the file's base name
    QTest::addColumn<QString>("control");
    QTest::addColumn<QStringList>("outcomes");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("screenshots");  // prefix for the pictures, "" for none
    QTest::newRow("default name, visit and spend")
        << QString() << "No E-Mail" << QStringList{"visit", "spend"} << 40 << "12-wizard-campaign";
    QTest::newRow("named, three outcomes")
        << "Hillstrom spring"
        << "No E-Mail" << QStringList{"visit", "conversion", "spend"} << 25 << "";
    QTest::newRow("another control arm, one outcome")
        << "Womens as control"
        << "Womens E-Mail" << QStringList{"spend"} << 7 << "";
}

void TestGui::campaignWizard() {
    QFETCH(QString, name);
    QFETCH(QString, control);
    QFETCH(QStringList, outcomes);
    QFETCH(int, rows);
    QFETCH(QString, screenshots);
    const QString tag = QStringLiteral("CAMP%1")
                            .arg(QTest::currentDataTag())
                            .remove(QRegularExpression(QStringLiteral("[^A-Za-z0-9]")));
    const CampaignCsv csv = hillstromLike(rows);
    const QString file = dir_.filePath(tag + QStringLiteral(".csv"));
    writeFile(file, csv.bytes());
    const QString expectedName = name.isEmpty() ? tag : name;
    const ui::ImportSettings before = ui::ImportSettings::load();

    QSignalSpy finished(window_.get(), &ui::MainWindow::importFinished);
    QPointer<ui::ImportWizard> wizard = startWizardOn(file, QStringLiteral("campaign"));
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard.data()));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::PreviewPageId));
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::MappingPageId));
    ui::ImportMappingPage* mapping = wizard->mappingPage();
    ui::CampaignOptionsBox* campaign = mapping->campaignOptions();
    QVERIFY(mapping->isCampaign());
    QVERIFY(campaign->isVisible());
    QAbstractButton* importButton = wizard->button(QWizard::CommitButton);

    // No Hillstrom column is named like an arm, so the user maps segment to it.
    QVERIFY(mapping->missingRequired().contains(QStringLiteral("arm")));
    QVERIFY(!importButton->isEnabled());
    QVERIFY(!campaign->controlArmChooser()->isEnabled());
    QVERIFY(mapping->setFieldFor(QStringLiteral("segment"), QStringLiteral("arm")));
    QVERIFY(mapping->missingRequired().isEmpty());
    QVERIFY(campaign->controlArmChooser()->isEnabled());

    // The control arm is chosen among the arm values read; outcomes among the unmapped columns.
    const QStringList armColumn = csv.column(QStringLiteral("segment"));
    const QSet<QString> arms(armColumn.begin(), armColumn.end());
    const QStringList offeredArms = campaign->armValues();
    QCOMPARE(QSet<QString>(offeredArms.begin(), offeredArms.end()), arms);
    QCOMPARE(offeredArms.size(), arms.size());
    QVERIFY(campaign->controlArmChooser()->isEditable());
    QStringList unmapped;
    for (const QString& column : csv.header) {
        if (mapping->mapping().at(column).isEmpty())
            unmapped << column;
    }
    QVERIFY(!unmapped.contains(QStringLiteral("segment")));
    QCOMPARE(campaign->outcomeChoices(), unmapped);
    QCOMPARE(campaign->campaignName(), tag);
    // Last time's choices are offered again where this file has them.
    QCOMPARE(campaign->controlArm(),
             arms.contains(before.controlArm) ? before.controlArm : QString());
    QStringList rememberedOutcomes;
    for (const QString& column : unmapped) {
        if (before.outcomes.contains(column))
            rememberedOutcomes << column;
    }
    QCOMPARE(campaign->outcomes(), rememberedOutcomes);

    // A control arm and at least one outcome are needed.
    campaign->setControlArm(QString());
    QVERIFY(campaign->setOutcomes({}));
    QVERIFY(!importButton->isEnabled());
    QCOMPARE(campaign->problems().size(), 2);
    auto* problems = mapping->findChild<QLabel*>(QStringLiteral("mappingProblems"));
    QVERIFY(problems);
    QVERIFY(problems->isVisible());
    QVERIFY(problems->text().contains(QStringLiteral("control arm")));
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral("-missing.png"));
    campaign->setControlArm(control);
    QCOMPARE(campaign->controlArm(), control);
    QCOMPARE(campaign->problems().size(), 1);
    QVERIFY(!importButton->isEnabled());
    QVERIFY(!campaign->setOutcomes({QStringLiteral("segment")}));  // the arm is not an outcome
    // Ticking a box in the list counts like choosing it through setOutcomes.
    QListWidget* list = campaign->outcomeList();
    const QList<QListWidgetItem*> first = list->findItems(outcomes.constFirst(), Qt::MatchExactly);
    QCOMPARE(first.size(), 1);
    first.constFirst()->setCheckState(Qt::Checked);
    QCOMPARE(campaign->outcomes(), QStringList{outcomes.constFirst()});
    QVERIFY(importButton->isEnabled());
    QVERIFY(campaign->setOutcomes(outcomes));
    if (!name.isEmpty())
        campaign->setCampaignName(name);
    QCOMPARE(campaign->campaignName(), expectedName);
    QVERIFY(campaign->problems().isEmpty());
    QVERIFY(problems->isHidden());
    QVERIFY(importButton->isEnabled());
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral(".png"));
    const data::ImportOptions options = wizard->options();
    QCOMPARE(options.controlArm, control);
    QCOMPARE(options.campaign, expectedName);
    QCOMPARE(options.outcomes, campaign->outcomes());
    QTest::mouseClick(importButton, Qt::LeftButton);

    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::RunPageId));
    ui::ImportRunPage* run = wizard->runPage();
    QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), kImportTimeoutMs);
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(run->failure().isEmpty(), qPrintable(run->failure()));
    QVERIFY2(run->report().committed, qPrintable(run->summaryText()));
    QCOMPARE(run->report().rowsImported, qint64(rows));
    QVERIFY(!wizard->button(QWizard::BackButton)->isEnabled());  // committed: no second run
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral("-result.png"));

    // Outcomes in the file's order; every other unmapped column is a feature.
    QStringList expectedOutcomes;
    QStringList expectedFeatures;
    for (const QString& column : unmapped)
        (outcomes.contains(column) ? expectedOutcomes : expectedFeatures) << column;
    QSqlQuery query(QSqlDatabase::database(kDbConnection));
    QVERIFY(query.prepare(
        QStringLiteral("SELECT control_arm, outcomes, features FROM campaigns WHERE name = ?")));
    query.addBindValue(expectedName);
    QVERIFY(query.exec());
    QVERIFY2(query.next(), qPrintable(expectedName));
    QCOMPARE(query.value(0).toString(), control);
    QCOMPARE(jsonList(query.value(1)), expectedOutcomes);
    QCOMPARE(jsonList(query.value(2)), expectedFeatures);
    QVERIFY(query.prepare(QStringLiteral(
        "SELECT COUNT(*), SUM(arm = ?), MIN(data) FROM campaign_rows WHERE campaign = ?")));
    query.addBindValue(control);
    query.addBindValue(expectedName);
    QVERIFY(query.exec());
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toLongLong(), qint64(rows));
    QCOMPARE(query.value(1).toLongLong(), qint64(armColumn.count(control)));
    const QStringList keys =
        QJsonDocument::fromJson(query.value(2).toString().toUtf8()).object().keys();
    QCOMPARE(QSet<QString>(keys.begin(), keys.end()),
             QSet<QString>(unmapped.begin(), unmapped.end()));

    const ui::ImportSettings remembered = ui::ImportSettings::load();
    QCOMPARE(remembered.kind, QStringLiteral("campaign"));
    QCOMPARE(remembered.controlArm, control);
    QCOMPARE(remembered.outcomes, expectedOutcomes);
    QCOMPARE(remembered.campaign, expectedName);
    QCOMPARE(remembered.campaignFile, QFileInfo(file).absoluteFilePath());

    wizard->accept();
    QTRY_VERIFY(wizard.isNull());
}

void TestGui::fixRejectedImport_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("fix");  // what the user changes after going back
    QTest::addColumn<QString>("screenshots");
    QTest::newRow("products: ignore the bad column") << "products"
                                                     << "ignore column"
                                                     << "";
    QTest::newRow("products: skip the bad row") << "products"
                                                << "skip rows"
                                                << "";
    QTest::newRow("campaign: a control arm no row has") << "campaign"
                                                        << "control arm"
                                                        << "13-wizard-back";
}

void TestGui::fixRejectedImport() {
    QFETCH(QString, kind);
    QFETCH(QString, fix);
    QFETCH(QString, screenshots);
    const QString tag = QStringLiteral("BACK%1")
                            .arg(QTest::currentDataTag())
                            .remove(QRegularExpression(QStringLiteral("[^A-Za-z0-9]")));
    const QString file = dir_.filePath(tag + QStringLiteral(".csv"));
    const bool isCampaign = kind == QStringLiteral("campaign");
    const int rows = 9;
    const int badRow = 3;
    const CampaignCsv campaignCsv = hillstromLike(rows);
    const QString control = QStringLiteral("No E-Mail");
    if (isCampaign) {
        writeFile(file, campaignCsv.bytes());
    } else {
        QByteArray csv = "sku,description,cost\n";
        for (int i = 0; i < rows; ++i) {
            csv += tag.toUtf8() + '-' + QByteArray::number(i) + ",Item " + QByteArray::number(i) +
                   ',' + (i == badRow ? QByteArray("twelve") : QByteArray::number(2.5 + i)) + '\n';
        }
        writeFile(file, csv);
    }
    const QString countRows =
        isCampaign
            ? QStringLiteral("SELECT COUNT(*) FROM campaign_rows WHERE campaign = '%1'").arg(tag)
            : QStringLiteral("SELECT COUNT(*) FROM products WHERE product LIKE '%1-%'").arg(tag);
    const qint64 imports = sqlCount(QStringLiteral("SELECT COUNT(*) FROM imports"));

    QSignalSpy finished(window_.get(), &ui::MainWindow::importFinished);
    QPointer<ui::ImportWizard> wizard = startWizardOn(file, kind);
    QVERIFY(wizard);
    QVERIFY(QTest::qWaitForWindowExposed(wizard.data()));
    wizard->next();
    wizard->next();
    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::MappingPageId));
    ui::ImportMappingPage* mapping = wizard->mappingPage();
    ui::CampaignOptionsBox* campaign = mapping->campaignOptions();
    QCOMPARE(campaign->isVisible(), isCampaign);
    if (isCampaign) {
        QVERIFY(mapping->setFieldFor(QStringLiteral("segment"), QStringLiteral("arm")));
        campaign->setControlArm(QStringLiteral("No Email"));  // typed, and no row has it
        QVERIFY(campaign->setOutcomes({QStringLiteral("visit"), QStringLiteral("spend")}));
    } else {
        QVERIFY(mapping->setFieldFor(QStringLiteral("description"), QStringLiteral("name")));
        QCOMPARE(mapping->mapping().at(QStringLiteral("cost")), QStringLiteral("unit_cost"));
    }
    mapping->setOnError(data::OnError::Reject);
    QSignalSpy started(wizard->runPage(), &ui::ImportRunPage::started);
    QAbstractButton* importButton = wizard->button(QWizard::CommitButton);
    QAbstractButton* back = wizard->button(QWizard::BackButton);
    QVERIFY(importButton->isEnabled());
    QTest::mouseClick(importButton, Qt::LeftButton);

    // Rejected: nothing was written, and Back leads to the mapping as it was.
    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::RunPageId));
    ui::ImportRunPage* run = wizard->runPage();
    if (run->isRunning())
        QVERIFY(!back->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), kImportTimeoutMs);
    QVERIFY2(run->failure().isEmpty(), qPrintable(run->failure()));
    QVERIFY(!run->report().committed);
    QVERIFY(run->report().errorCount >= 1);
    const QString expectedError =
        isCampaign ? QStringLiteral("control arm") : QStringLiteral("twelve");
    QVERIFY(std::any_of(run->report().errors.begin(), run->report().errors.end(),
                        [&](const data::ImportIssue& issue) {
                            return issue.message.contains(expectedError) ||
                                   issue.value == expectedError;
                        }));
    QVERIFY(run->summaryText().contains(QStringLiteral("Back")));
    QCOMPARE(sqlCount(QStringLiteral("SELECT COUNT(*) FROM imports")), imports);
    QCOMPARE(sqlCount(countRows), 0);
    QVERIFY(back->isVisible());
    QVERIFY(back->isEnabled());
    QVERIFY(wizard->button(QWizard::FinishButton)->isEnabled());
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral(".png"));
    QTest::mouseClick(back, Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::MappingPageId));
    QVERIFY(importButton->isVisible());
    QVERIFY(importButton->isEnabled());
    QVERIFY(back->isEnabled());  // on to the preview, as before the import

    qint64 expectedRows = rows;
    if (isCampaign) {
        QCOMPARE(mapping->mapping().at(QStringLiteral("segment")), QStringLiteral("arm"));
        QCOMPARE(campaign->controlArm(), QStringLiteral("No Email"));
        campaign->setControlArm(control);
    } else {
        QCOMPARE(mapping->mapping().at(QStringLiteral("description")), QStringLiteral("name"));
        if (fix == QStringLiteral("ignore column")) {
            QVERIFY(mapping->setFieldFor(QStringLiteral("cost"), QString()));
        } else {
            mapping->setOnError(data::OnError::Skip);
            expectedRows = rows - 1;
        }
    }
    QVERIFY(importButton->isEnabled());
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral("-mapping.png"));
    QTest::mouseClick(importButton, Qt::LeftButton);

    // The second run commits; after that Back is closed so it cannot run a third time.
    QCOMPARE(wizard->currentId(), int(ui::ImportWizard::RunPageId));
    QTRY_VERIFY_WITH_TIMEOUT(run->isFinished(), kImportTimeoutMs);
    QTRY_COMPARE(finished.count(), 2);
    QCOMPARE(started.count(), 2);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(finished.at(1).at(0).toBool(), true);
    QVERIFY2(run->report().committed, qPrintable(run->summaryText()));
    QCOMPARE(run->report().rowsImported, expectedRows);
    QCOMPARE(run->issueModel()->rowCount(), static_cast<int>(run->report().errors.size()));
    QVERIFY(!back->isEnabled());
    QVERIFY(wizard->button(QWizard::FinishButton)->isEnabled());
    if (!screenshots.isEmpty())
        saveScreenshot(wizard, screenshots + QStringLiteral("-done.png"));
    QCOMPARE(sqlCount(QStringLiteral("SELECT COUNT(*) FROM imports")), imports + 1);
    QCOMPARE(sqlCount(countRows), expectedRows);
    if (isCampaign) {
        QCOMPARE(
            sqlValue(QStringLiteral("SELECT control_arm FROM campaigns WHERE name = '%1'").arg(tag))
                .toString(),
            control);
    } else if (fix == QStringLiteral("ignore column")) {
        QCOMPARE(sqlCount(QStringLiteral("SELECT COUNT(*) FROM products WHERE product LIKE '%1-%' "
                                         "AND unit_cost IS NULL")
                              .arg(tag)),
                 expectedRows);
    }
    wizard->accept();
    QTRY_VERIFY(wizard.isNull());
}

void TestGui::recentProjects() {
    ui::RecentProjects::clear();
    QStringList made;
    for (int i = 0; i < ui::RecentProjects::kMaximum + 3; ++i) {
        const QString path = dir_.filePath(QStringLiteral("recent%1.merchbench").arg(i));
        writeFile(path, "x");
        ui::RecentProjects::add(path);
        made.prepend(QFileInfo(path).absoluteFilePath());
    }
    const QStringList recent = ui::RecentProjects::load();
    QCOMPARE(recent, made.mid(0, ui::RecentProjects::kMaximum));
    ui::RecentProjects::add(made.last());  // an old one moves back to the front
    QCOMPARE(ui::RecentProjects::load().constFirst(), made.last());
    QFile::remove(made.first());  // files that disappeared are not offered
    QVERIFY(!ui::RecentProjects::load().contains(made.first()));
    // Opening a project through the window records it.
    QString error;
    QVERIFY2(window_->openProject(projectPath_, &error), qPrintable(error));
    QCOMPARE(ui::RecentProjects::load().constFirst(), QFileInfo(projectPath_).absoluteFilePath());
}

void TestGui::demoFromMainWindow() {
    if (data::findDemoDataDir().isEmpty())
        QSKIP("datasets/demo is not there yet (set MERCHBENCH_DEMO_DIR to test with other data)");
    const QString demoPath = ui::DemoBuilder::defaultDemoPath();
    QFile::remove(demoPath);
    ui::MainWindow window;
    window.show();
    QSignalSpy opened(&window, &ui::MainWindow::projectOpened);
    window.openDemoProject();
    QVERIFY(window.demoBuilder()->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(opened.count() == 1, 300000);
    QCOMPARE(window.projectPath(), demoPath);
    QVERIFY(!QFile::exists(demoPath + QStringLiteral(".part")));
    // The demo exists now: the second time it opens at once.
    window.closeProject();
    window.openDemoProject();
    QVERIFY(!window.demoBuilder()->isRunning());
    QCOMPARE(window.projectPath(), demoPath);
}

void TestGui::screenshots() {
    if (qEnvironmentVariableIsEmpty("MERCHBENCH_SCREENSHOTS"))
        QSKIP("set MERCHBENCH_SCREENSHOTS to a folder to save pictures of every page");
    window_->resize(1280, 800);
    window_->showPage(ui::MainWindow::DataPageIndex);
    ui::DataPage* page = window_->dataPage();
    page->showTables();
    QVERIFY(page->browser()->selectTable(QStringLiteral("sales")));
    page->browser()->setFilterText(QString());
    saveScreenshot(window_.get(), QStringLiteral("01-data.png"));
    page->healthPanel()->refresh();
    QTRY_VERIFY_WITH_TIMEOUT(!page->healthPanel()->isChecking(), 60000);
    page->showHealth();
    saveScreenshot(window_.get(), QStringLiteral("02-health.png"));
    page->showTables();
    const QStringList names = {QStringLiteral("03-markdown.png"),
                               QStringLiteral("04-targeting.png"), QStringLiteral("05-layout.png")};
    for (int i = 0; i < names.size(); ++i) {
        window_->showPage(ui::MainWindow::MarkdownPageIndex + i);
        saveScreenshot(window_.get(), names[i]);
    }
    window_->showPage(ui::MainWindow::DataPageIndex);
    QVERIFY(page->browser()->selectTable(QStringLiteral("products")));
    page->browser()->setFilterText(QStringLiteral("P01"));
    saveScreenshot(window_.get(), QStringLiteral("06-data-filtered.png"));
    page->browser()->setFilterText(QString());
}

MERCHBENCH_GUI_TEST_MAIN(TestGui)

#include "tst_gui.moc"
