// The shared pieces of the analysis pages under the offscreen platform: background work with
// progress and cancel, chart export, table export, the filter bar, headline cards, and a
// screenshot of them together.
#include "GuiTestMain.h"
#include "QtWarnings.h"
#include "common/BackgroundTask.h"
#include "common/ChartPanel.h"
#include "common/Error.h"
#include "common/FilterBar.h"
#include "common/Numbers.h"
#include "common/ResultFreshness.h"
#include "common/RowFilterModel.h"
#include "common/StatCard.h"
#include "common/TableExport.h"
#include "common/TableExportButton.h"
#include "common/TaskBar.h"
#include "data/CsvReader.h"
#include "jobs/Provenance.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLineSeries>
#include <QPushButton>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <QVBoxLayout>
#include <QValueAxis>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace mb;
using namespace std::chrono_literals;

namespace {

constexpr int kWaitMs = 10000;

// How a worker in these tests ended; shared with the worker so it outlives every widget.
struct WorkerLog {
    std::atomic<bool> sawCancel{false};
    std::atomic<bool> done{false};
    std::atomic<int> steps{0};
};

// Reports progress until cancelled (or a safety deadline, so a broken cancel cannot hang).
ui::BackgroundTask::Work untilCancelled(std::shared_ptr<WorkerLog> log) {
    return [log](ProgressToken& token) {
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (std::chrono::steady_clock::now() < deadline) {
            if (token.isCancelled()) {
                log->sawCancel = true;
                break;
            }
            const int step = ++log->steps;
            token.report(std::min(0.99, step / 1000.0));
            std::this_thread::sleep_for(2ms);
        }
        log->done = true;
        return QVariant();
    };
}

QByteArray readAll(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

std::vector<std::vector<QString>> readCsv(const QString& path) {
    std::vector<std::vector<QString>> rows;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    data::CsvReader reader(&file, data::CsvDialect{',', '"', false});
    data::CsvRecord record;
    while (reader.next(record)) {
        std::vector<QString> row;
        for (const std::string& field : record.fields)
            row.push_back(QString::fromStdString(field));
        rows.push_back(std::move(row));
    }
    return rows;
}

// A small table of a retailer's products: text, integer and decimal columns.
struct ProductRow {
    QString sku;
    QString name;
    QString store;
    int units;
    double price;
};

std::vector<ProductRow> sampleProducts() {
    const QString names[] = {
        QStringLiteral("Wool scarf"),        QStringLiteral("=cmd|' /C calc'!A0"),
        QStringLiteral("Linen shirt, blue"), QStringLiteral("+44 mug"),
        QStringLiteral("Say \"hi\" card"),   QStringLiteral("Cashmere scarf")};
    std::vector<ProductRow> rows;
    for (int i = 0; i < 30; ++i)
        rows.push_back({QStringLiteral("P%1").arg(i, 3, 10, QLatin1Char('0')), names[i % 6],
                        QStringLiteral("Store %1").arg(i % 4 + 1), (i * 37) % 50 - 5,
                        2.5 + (i * 13 % 40) / 4.0});
    return rows;
}

QStandardItemModel* makeProductModel(const std::vector<ProductRow>& rows, QObject* parent) {
    auto* model = new QStandardItemModel(int(rows.size()), 5, parent);
    model->setHorizontalHeaderLabels({QStringLiteral("SKU"), QStringLiteral("Name"),
                                      QStringLiteral("Store"), QStringLiteral("Units"),
                                      QStringLiteral("Price")});
    for (int r = 0; r < int(rows.size()); ++r) {
        model->setData(model->index(r, 0), rows[r].sku);
        model->setData(model->index(r, 1), rows[r].name);
        model->setData(model->index(r, 2), rows[r].store);
        model->setData(model->index(r, 3), rows[r].units);
        model->setData(model->index(r, 4), rows[r].price);
    }
    return model;
}

ui::ChartPanel* makeSalesChart(QWidget* parent) {
    auto* panel = new ui::ChartPanel(parent);
    panel->setTitle(QStringLiteral("Weekly units, Wool scarf"));
    auto* actual = new QLineSeries;
    actual->setName(QStringLiteral("Actual"));
    auto* forecast = new QLineSeries;
    forecast->setName(QStringLiteral("Forecast"));
    for (int week = 1; week <= 16; ++week) {
        const double units = 1200.0 + 380.0 * std::sin(week / 2.5) + 40.0 * week;
        if (week <= 10)
            actual->append(week, units);
        if (week >= 10)
            forecast->append(week, units * (week >= 12 ? 0.85 : 1.0));
    }
    auto* weeks = new QValueAxis;
    weeks->setTitleText(QStringLiteral("Week"));
    weeks->setRange(1, 16);
    auto* units = new QValueAxis;
    units->setTitleText(QStringLiteral("Units"));
    units->setRange(0, 2400);
    panel->addSeries(actual, weeks, units);
    panel->addSeries(forecast, weeks, units);
    return panel;
}

}  // namespace

class TestUiKit : public QObject {
    Q_OBJECT
private slots:
    void init() { mbtest::failOnQtWarnings(); }
    void initTestCase();

    void moneyCarriesTheCurrencyAndOneMinusSign();
    void resultFreshness();

    void taskFinishes_data();
    void taskFinishes();
    void taskFails();
    void taskCancels_data();
    void taskCancels();
    void taskSurvivesOwner_data();
    void taskSurvivesOwner();
    void taskBarSupersedes();
    void taskBarWrapsLongFailures();
    void elapsedText_data();
    void elapsedText();

    void chartExports_data();
    void chartExports();
    void chartNeverShown();
    void chartExplainsWhenEmpty();
    void chartHover();
    void chartCopy();

    void tableCsv_data();
    void tableCsv();
    void tableXlsx_data();
    void tableXlsx();

    void filterBar_data();
    void filterBar();
    void filterChoicesFollowModel();

    void statDelta_data();
    void statDelta();
    void tickSteps_data();
    void tickSteps();

    void screenshot();

private:
    QTemporaryDir dir_;
};

void TestUiKit::initTestCase() {
    QVERIFY(dir_.isValid());
    QSettings().clear();
}

void TestUiKit::taskFinishes_data() {
    QTest::addColumn<int>("steps");
    QTest::newRow("one step") << 1;
    QTest::newRow("fifty steps") << 50;
    QTest::newRow("four hundred steps") << 400;
}

void TestUiKit::taskFinishes() {
    QFETCH(int, steps);
    ui::BackgroundTask task(QStringLiteral("Summing"), [steps](ProgressToken& token) {
        qint64 sum = 0;
        for (int i = 1; i <= steps; ++i) {
            sum += i;
            token.report(double(i) / steps);
            std::this_thread::sleep_for(100us);
        }
        return QVariant(sum);
    });
    QSignalSpy progress(&task, &ui::BackgroundTask::progressChanged);
    QSignalSpy finished(&task, &ui::BackgroundTask::finished);
    QSignalSpy failed(&task, &ui::BackgroundTask::failed);
    QSignalSpy cancelled(&task, &ui::BackgroundTask::cancelled);
    QSignalSpy ended(&task, &ui::BackgroundTask::ended);
    QVERIFY(!task.isRunning());
    task.start();
    QVERIFY(task.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, kWaitMs);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.at(0).at(0).value<QVariant>().toLongLong(), qint64(steps) * (steps + 1) / 2);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(cancelled.count(), 0);
    QVERIFY(!task.isRunning());
    QCOMPARE(task.percent(), 100);
    QVERIFY(progress.count() >= 1);
    int last = -1;
    for (const QList<QVariant>& report : progress) {
        QVERIFY2(report.at(0).toInt() >= last, "progress went backwards");
        last = report.at(0).toInt();
    }
    QCOMPARE(last, 100);
    if (steps >= 400)
        QVERIFY2(progress.count() > 2, "a long task reports between 0 and 100");
    // A task runs once.
    task.start();
    QTest::qWait(50);
    QCOMPARE(ended.count(), 1);
}

void TestUiKit::taskFails() {
    ui::BackgroundTask task(QStringLiteral("Reading"), [](ProgressToken&) -> QVariant {
        throw Error(QStringLiteral("sales.csv:3:2: not a number (abc)"));
    });
    QSignalSpy finished(&task, &ui::BackgroundTask::finished);
    QSignalSpy failed(&task, &ui::BackgroundTask::failed);
    task.start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kWaitMs);
    QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("sales.csv:3:2: not a number (abc)"));
    QCOMPARE(finished.count(), 0);
}

void TestUiKit::taskCancels_data() {
    QTest::addColumn<bool>("throughBar");
    QTest::newRow("task.cancel()") << false;
    QTest::newRow("Cancel button") << true;
}

void TestUiKit::taskCancels() {
    QFETCH(bool, throughBar);
    auto log = std::make_shared<WorkerLog>();
    ui::TaskBar bar;
    bar.show();
    ui::BackgroundTask* task =
        bar.start(QStringLiteral("Optimising markdowns"), untilCancelled(log));
    QVERIFY(bar.isVisible());
    QVERIFY(bar.isRunning());
    QSignalSpy finished(task, &ui::BackgroundTask::finished);
    QSignalSpy cancelled(task, &ui::BackgroundTask::cancelled);
    QSignalSpy barCancelled(&bar, &ui::TaskBar::cancelled);
    QTRY_VERIFY_WITH_TIMEOUT(bar.percent() > 0, kWaitMs);
    QVERIFY(bar.statusText().contains(QStringLiteral("Optimising markdowns")));
    QVERIFY(!log->sawCancel);
    if (throughBar) {
        auto* cancel = bar.findChild<QPushButton*>(QStringLiteral("taskCancel"));
        QVERIFY(cancel && cancel->isVisible() && cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(!cancel->isEnabled());
    } else {
        task->cancel();
    }
    QTRY_COMPARE_WITH_TIMEOUT(cancelled.count(), 1, kWaitMs);
    QVERIFY(log->sawCancel);
    QCOMPARE(finished.count(), 0);
    QCOMPARE(barCancelled.count(), 1);
    QVERIFY(!bar.isRunning());
    QVERIFY(bar.statusText().contains(QStringLiteral("cancelled")));
}

void TestUiKit::taskSurvivesOwner_data() {
    QTest::addColumn<bool>("workChecksCancel");
    QTest::newRow("work stops at the cancel") << true;
    QTest::newRow("work ignores the cancel") << false;
}

void TestUiKit::taskSurvivesOwner() {
    QFETCH(bool, workChecksCancel);
    auto log = std::make_shared<WorkerLog>();
    auto release = std::make_shared<std::atomic<bool>>(false);
    ui::BackgroundTask::Work work =
        workChecksCancel ? untilCancelled(log) : [log, release](ProgressToken& token) {
            // Keeps reporting until the test lets it go, never looking at the cancel.
            const auto deadline = std::chrono::steady_clock::now() + 20s;
            while (!*release && std::chrono::steady_clock::now() < deadline) {
                token.report(std::min(0.99, ++log->steps / 1000.0));
                std::this_thread::sleep_for(1ms);
            }
            log->done = true;
            return QVariant(7);
        };
    auto* page = new QWidget;
    auto* bar = new ui::TaskBar(page);
    QObject listener;
    int signalsAfterDeath = 0;
    ui::BackgroundTask* task = bar->start(QStringLiteral("Scoring layout"), work);
    for (auto signal : {&ui::BackgroundTask::cancelled, &ui::BackgroundTask::ended})
        connect(task, signal, &listener, [&] { ++signalsAfterDeath; });
    connect(task, &ui::BackgroundTask::finished, &listener, [&] { ++signalsAfterDeath; });
    page->show();
    QTRY_VERIFY_WITH_TIMEOUT(log->steps > 20, kWaitMs);
    delete page;  // while the worker still runs and still reports progress
    std::this_thread::sleep_for(20ms);
    *release = true;
    QTRY_VERIFY_WITH_TIMEOUT(log->done.load(), kWaitMs);
    QCOMPARE(log->sawCancel.load(), workChecksCancel);
    QThreadPool::globalInstance()->waitForDone(kWaitMs);
    QTest::qWait(50);  // any queued report or result would arrive now
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    QCOMPARE(signalsAfterDeath, 0);
}

void TestUiKit::taskBarSupersedes() {
    auto log = std::make_shared<WorkerLog>();
    ui::TaskBar bar;
    QSignalSpy finished(&bar, &ui::TaskBar::finished);
    QSignalSpy cancelled(&bar, &ui::TaskBar::cancelled);
    QSignalSpy ended(&bar, &ui::TaskBar::ended);
    bar.start(QStringLiteral("First run"), untilCancelled(log));
    QTRY_VERIFY_WITH_TIMEOUT(log->steps > 0, kWaitMs);
    bar.start(QStringLiteral("Second run"), [](ProgressToken&) { return QVariant(42); });
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(log->done.load(), kWaitMs);
    QVERIFY(log->sawCancel);
    QTest::qWait(50);
    QCOMPARE(finished.at(0).at(0).value<QVariant>().toInt(), 42);
    QCOMPARE(cancelled.count(), 0);
    QCOMPARE(ended.count(), 1);
    QVERIFY(bar.statusText().startsWith(QStringLiteral("Second run")));
}

// A long error (a file path and a rule's explanation) wraps inside the bar instead of
// widening it, which would push the page wider than the window.
// An empty chart says why it is empty, and only while it has no series.
void TestUiKit::chartExplainsWhenEmpty() {
    ui::ChartPanel panel;
    panel.resize(500, 320);
    panel.show();
    QVERIFY(!panel.showsEmptyText());  // no text set: nothing shown
    panel.setEmptyText(QStringLiteral("Pick an item to see its forecast."));
    QVERIFY(panel.showsEmptyText());
    auto* series = new QLineSeries;
    series->append(0, 1);
    series->append(1, 2);
    panel.addSeries(series, new QValueAxis, new QValueAxis);
    QVERIFY(!panel.showsEmptyText());
    panel.clear();
    QVERIFY(panel.showsEmptyText());
    panel.setEmptyText(QString());
    QVERIFY(!panel.showsEmptyText());
}

void TestUiKit::taskBarWrapsLongFailures() {
    ui::TaskBar bar;
    const QString message = QStringLiteral(
        "no price schedule keeps the locked weeks within the rules (monotone "
        "prices, markdown count and spacing, earliest week); unlock a week or "
        "relax a rule, then plan again from the rules panel above");
    QSignalSpy failed(&bar, &ui::TaskBar::failed);
    bar.start(QStringLiteral("Re-solving P001 @ S0001"),
              [message](ProgressToken&) -> QVariant { throw Error(message); });
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kWaitMs);
    QVERIFY(bar.statusText().contains(message));
    const int oneLine = bar.fontMetrics().horizontalAdvance(bar.statusText());
    QVERIFY2(bar.minimumSizeHint().width() < oneLine / 2,
             qPrintable(QStringLiteral("minimum width %1 for a %2 px message")
                            .arg(bar.minimumSizeHint().width())
                            .arg(oneLine)));
    bar.resize(500, bar.heightForWidth(500) > 0 ? bar.heightForWidth(500) : 60);
    bar.show();
    QVERIFY(bar.width() <= 500);
}

void TestUiKit::elapsedText_data() {
    QTest::addColumn<qint64>("milliseconds");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0:00");
    QTest::newRow("seven seconds") << qint64(7400) << QStringLiteral("0:07");
    QTest::newRow("twelve and a half minutes") << qint64(750000) << QStringLiteral("12:30");
    QTest::newRow("over an hour") << qint64(3723000) << QStringLiteral("1:02:03");
}

void TestUiKit::elapsedText() {
    QFETCH(qint64, milliseconds);
    QFETCH(QString, expected);
    QCOMPARE(ui::TaskBar::formatElapsed(milliseconds), expected);
}

void TestUiKit::chartExports_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QByteArray>("signature");
    QTest::addColumn<bool>("withParameters");
    const QByteArray png("\x89PNG\r\n\x1a\n", 8);
    QTest::newRow("png") << QStringLiteral("png") << png << true;
    QTest::newRow("png, no parameters") << QStringLiteral("png") << png << false;
    QTest::newRow("svg") << QStringLiteral("svg") << QByteArray("<svg") << true;
    QTest::newRow("pdf") << QStringLiteral("pdf") << QByteArray("%PDF") << true;
}

void TestUiKit::chartExports() {
    QFETCH(QString, suffix);
    QFETCH(QByteArray, signature);
    QFETCH(bool, withParameters);
    QWidget page;
    auto* layout = new QVBoxLayout(&page);
    ui::ChartPanel* panel = makeSalesChart(&page);
    layout->addWidget(panel);
    page.resize(800, 450);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QJsonObject parameters{{QStringLiteral("seed"), 7},
                           {QStringLiteral("objective"), QStringLiteral("margin")},
                           {QStringLiteral("exitWeek"), 16}};
    if (withParameters)
        panel->setParameters(parameters);
    QSignalSpy exported(panel, &ui::ChartPanel::exported);
    QString name = QString::fromLatin1(QTest::currentDataTag());
    name.replace(QRegularExpression(QStringLiteral("[^a-z]+")), QStringLiteral("-"));
    const QString path = dir_.filePath(name + QLatin1Char('.') + suffix);
    panel->exportTo(path);
    QCOMPARE(exported.count(), 1);
    const QByteArray bytes = readAll(path);
    QVERIFY2(bytes.size() > 500, qPrintable(path));
    if (suffix == QStringLiteral("svg"))
        QVERIFY2(bytes.left(1000).contains(signature), bytes.left(80).constData());
    else
        QVERIFY2(bytes.startsWith(signature), bytes.left(8).toHex().constData());
    if (suffix == QStringLiteral("png")) {
        const QImage image(path);
        QCOMPARE(image.size(), (panel->chart()->size() * 2).toSize());
    }
    if (suffix == QStringLiteral("pdf")) {
        // A4 landscape: the media box is wider than tall.
        const QRegularExpression box(QStringLiteral("/MediaBox \\[0 0 ([0-9.]+) ([0-9.]+)\\]"));
        const QRegularExpressionMatch match = box.match(QString::fromLatin1(bytes));
        QVERIFY(match.hasMatch());
        QVERIFY(match.captured(1).toDouble() > match.captured(2).toDouble());
    }
    const QString sidecar = path + QStringLiteral(".params.json");
    QCOMPARE(QFile::exists(sidecar), withParameters);
    if (withParameters)
        QCOMPARE(QJsonDocument::fromJson(readAll(sidecar)).object(), parameters);
}

void TestUiKit::chartNeverShown() {
    std::unique_ptr<ui::ChartPanel> panel(makeSalesChart(nullptr));
    const QString path = dir_.filePath(QStringLiteral("hidden.png"));
    panel->exportTo(path);
    const QImage image(path);
    QVERIFY(!image.isNull());
    QVERIFY2(image.width() >= 800 && image.height() >= 400,
             qPrintable(QStringLiteral("%1x%2").arg(image.width()).arg(image.height())));
    // Not a blank page: the plot drew something other than the white background.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY(colours.size() > 3);
}

void TestUiKit::chartHover() {
    std::unique_ptr<ui::ChartPanel> panel(makeSalesChart(nullptr));
    auto* line = qobject_cast<QLineSeries*>(panel->chart()->series().at(0));
    QVERIFY(line);
    const QPointF point = line->at(4);
    emit line->hovered(point + QPointF(0.3, 25.0), true);  // near week 5, between points
    QVERIFY2(panel->hoverText().contains(QStringLiteral("Actual")), qPrintable(panel->hoverText()));
    QVERIFY2(panel->hoverText().contains(ui::formatNumber(point.y(), 0)),
             qPrintable(panel->hoverText()));

    auto* bars = new QBarSeries;
    auto* set = new QBarSet(QStringLiteral("Margin"));
    *set << 1520.0 << 2875.0;
    bars->append(set);
    auto* stores = new QBarCategoryAxis;
    stores->append({QStringLiteral("Store 1"), QStringLiteral("Store 2")});
    auto* margin = new QValueAxis;
    margin->setRange(0, 3000);
    panel->clear();
    panel->addSeries(bars, stores, margin);
    emit bars->hovered(true, 1, set);
    QVERIFY2(panel->hoverText().contains(QStringLiteral("Store 2")),
             qPrintable(panel->hoverText()));
    QVERIFY2(panel->hoverText().contains(ui::formatNumber(2875.0)), qPrintable(panel->hoverText()));
}

void TestUiKit::chartCopy() {
    QWidget page;
    auto* layout = new QVBoxLayout(&page);
    ui::ChartPanel* panel = makeSalesChart(&page);
    layout->addWidget(panel);
    page.resize(640, 400);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QGuiApplication::clipboard()->clear();
    panel->copyImage();
    const QImage copied = QGuiApplication::clipboard()->image();
    QVERIFY(!copied.isNull());
    QCOMPARE(copied.size(), (panel->chart()->size() * 2).toSize());
}

void TestUiKit::tableCsv_data() {
    QTest::addColumn<bool>("throughView");
    QTest::addColumn<bool>("withParameters");
    QTest::newRow("whole model") << false << false;
    QTest::newRow("view: hidden and moved columns, parameters") << true << true;
}

void TestUiKit::tableCsv() {
    QFETCH(bool, throughView);
    QFETCH(bool, withParameters);
    const std::vector<ProductRow> rows = sampleProducts();
    QStandardItemModel* model = makeProductModel(rows, this);
    QTableView view;
    view.setModel(model);
    QList<int> columns = {0, 1, 2, 3, 4};
    ui::TableExportButton button;
    if (throughView) {
        view.horizontalHeader()->hideSection(2);     // Store
        view.horizontalHeader()->moveSection(4, 1);  // Price second
        columns = {0, 4, 1, 3};
        button.setView(&view);
    } else {
        button.setModel(model);
    }
    const QJsonObject parameters{{QStringLiteral("run"), QStringLiteral("markdown-3")}};
    if (withParameters)
        button.setParameters(parameters);
    const QString path = dir_.filePath(QStringLiteral("table-%1.csv").arg(throughView));
    QSignalSpy exported(&button, &ui::TableExportButton::exported);
    button.exportTo(path);
    QCOMPARE(exported.count(), 1);

    const auto read = readCsv(path);
    QCOMPARE(int(read.size()), int(rows.size()) + 1);
    QCOMPARE(int(read[0].size()), int(columns.size()));
    for (int i = 0; i < columns.size(); ++i)
        QCOMPARE(read[0][i], model->headerData(columns[i], Qt::Horizontal).toString());
    for (int r = 0; r < int(rows.size()); ++r) {
        const std::vector<QString>& line = read[r + 1];
        for (int i = 0; i < columns.size(); ++i) {
            const QString& field = line[i];
            switch (columns[i]) {
                case 0:
                    QCOMPARE(field, rows[r].sku);
                    break;
                case 1:
                    if (QStringLiteral("=+-@").contains(rows[r].name.at(0))) {
                        // Defused: a quote in front, the text otherwise unchanged.
                        QCOMPARE(field, QLatin1Char('\'') + rows[r].name);
                    } else {
                        QCOMPARE(field, rows[r].name);
                    }
                    break;
                case 2:
                    QCOMPARE(field, rows[r].store);
                    break;
                case 3: {
                    bool ok = false;
                    QCOMPARE(field.toInt(&ok), rows[r].units);  // negative stays a number
                    QVERIFY(ok);
                    break;
                }
                case 4: {
                    bool ok = false;
                    QCOMPARE(field.toDouble(&ok), rows[r].price);
                    QVERIFY(ok);
                    break;
                }
            }
        }
    }
    const QString sidecar = dir_.filePath(QStringLiteral("table-%1.params.json").arg(throughView));
    QCOMPARE(QFile::exists(sidecar), withParameters);
    if (withParameters)
        QCOMPARE(QJsonDocument::fromJson(readAll(sidecar)).object(), parameters);
}

void TestUiKit::tableXlsx_data() {
    QTest::addColumn<bool>("withParameters");
    QTest::newRow("table only") << false;
    QTest::newRow("with a Parameters sheet") << true;
}

void TestUiKit::tableXlsx() {
    QFETCH(bool, withParameters);
    QStandardItemModel* model = makeProductModel(sampleProducts(), this);
    ui::TableExportOptions options;
    if (withParameters)
        options.parameters = QJsonObject{{QStringLiteral("seed"), 11}};
    const QString path = dir_.filePath(QStringLiteral("table-%1.xlsx").arg(withParameters));
    ui::exportTableToXlsx(model, path, options);
    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith("PK"));
    // Zip entry names are stored uncompressed: a second sheet exists only with parameters.
    QVERIFY(bytes.contains("xl/worksheets/sheet1.xml"));
    QCOMPARE(bytes.contains("xl/worksheets/sheet2.xml"), withParameters);

    bool threw = false;
    try {
        ui::exportTableToXlsx(nullptr, dir_.filePath(QStringLiteral("none.xlsx")));
    } catch (const Error&) {
        threw = true;
    }
    QVERIFY(threw);
    QVERIFY(!QFile::exists(dir_.filePath(QStringLiteral("none.xlsx"))));
    ui::TableExportButton button;
    button.setModel(model);
    threw = false;
    try {
        button.exportTo(dir_.filePath(QStringLiteral("table.ods")));
    } catch (const Error&) {
        threw = true;
    }
    QVERIFY2(threw, "an unknown format is refused, not written as something else");
}

void TestUiKit::filterBar_data() {
    QTest::addColumn<QString>("search");
    QTest::addColumn<QString>("store");
    QTest::newRow("everything") << QString() << QString();
    QTest::newRow("search") << QStringLiteral("scarf") << QString();
    QTest::newRow("search ignores case") << QStringLiteral("SCARF") << QString();
    QTest::newRow("search over the SKU") << QStringLiteral("P01") << QString();
    QTest::newRow("store") << QString() << QStringLiteral("Store 3");
    QTest::newRow("search and store") << QStringLiteral("scarf") << QStringLiteral("Store 2");
    QTest::newRow("no match") << QStringLiteral("umbrella") << QString();
}

void TestUiKit::filterBar() {
    QFETCH(QString, search);
    QFETCH(QString, store);
    const std::vector<ProductRow> rows = sampleProducts();
    QStandardItemModel* model = makeProductModel(rows, this);
    ui::FilterBar bar;
    bar.setSourceModel(model);
    QAbstractItemModelTester tester(bar.proxy(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    bar.addSearch({0, 1}, QStringLiteral("Search products"));
    QComboBox* stores = bar.addChoice(2, QStringLiteral("Store"));
    QSet<QString> distinctStores;
    for (const ProductRow& row : rows)
        distinctStores.insert(row.store);
    QCOMPARE(stores->count(), int(distinctStores.size()) + 1);

    QSignalSpy changed(&bar, &ui::FilterBar::filterChanged);
    bar.setSearchText(search);
    bar.setChoice(2, store);
    int expected = 0;
    for (const ProductRow& row : rows) {
        const bool found = search.isEmpty() || row.sku.contains(search, Qt::CaseInsensitive) ||
                           row.name.contains(search, Qt::CaseInsensitive);
        expected += found && (store.isEmpty() || row.store == store) ? 1 : 0;
    }
    QCOMPARE(bar.shownRows(), expected);
    QVERIFY(changed.count() >= 1);
    for (int r = 0; r < bar.proxy()->rowCount(); ++r) {
        if (!store.isEmpty())
            QCOMPARE(bar.proxy()->index(r, 2).data().toString(), store);
    }
    QCOMPARE(bar.countText(), QStringLiteral("%1 of %2").arg(expected).arg(rows.size()));

    bar.clear();
    QCOMPARE(bar.shownRows(), int(rows.size()));
    QCOMPARE(stores->currentIndex(), 0);
}

void TestUiKit::filterChoicesFollowModel() {
    const std::vector<ProductRow> rows = sampleProducts();
    QStandardItemModel* model = makeProductModel(rows, this);
    ui::FilterBar bar;
    bar.setSourceModel(model);
    QComboBox* stores = bar.addChoice(2, QStringLiteral("Store"));
    const int before = stores->count();
    bar.setChoice(2, QStringLiteral("Store 2"));
    const int storeTwoRows = bar.shownRows();
    QVERIFY(storeTwoRows > 0);
    model->appendRow({new QStandardItem(QStringLiteral("P999")),
                      new QStandardItem(QStringLiteral("Beanie")),
                      new QStandardItem(QStringLiteral("Store 10"))});
    QTRY_COMPARE(stores->count(), before + 1);
    // Natural order: "Store 10" after "Store 4", and the chosen store is still chosen.
    QCOMPARE(stores->itemText(stores->count() - 1), QStringLiteral("Store 10"));
    QCOMPARE(stores->currentText(), QStringLiteral("Store 2"));
    QCOMPARE(bar.shownRows(), storeTwoRows);
    // Removing every row of the chosen store drops its filter.
    for (int r = model->rowCount() - 1; r >= 0; --r) {
        if (model->index(r, 2).data().toString() == QStringLiteral("Store 2"))
            model->removeRow(r);
    }
    QTRY_COMPARE(stores->currentIndex(), 0);
    QCOMPARE(bar.shownRows(), model->rowCount());
}

void TestUiKit::statDelta_data() {
    QTest::addColumn<double>("change");
    QTest::addColumn<bool>("higherIsBetter");
    QTest::addColumn<int>("tone");
    QTest::addColumn<QString>("sign");
    using Tone = ui::StatCard::Tone;
    QTest::newRow("revenue up") << 0.062 << true << int(Tone::Better) << QStringLiteral("+");
    QTest::newRow("revenue down") << -0.031 << true << int(Tone::Worse) << QStringLiteral("\u2212");
    QTest::newRow("leftover stock down")
        << -0.12 << false << int(Tone::Better) << QStringLiteral("\u2212");
    QTest::newRow("leftover stock up") << 0.05 << false << int(Tone::Worse) << QStringLiteral("+");
    QTest::newRow("no change") << 0.00001 << true << int(Tone::Neutral) << QString();
}

void TestUiKit::statDelta() {
    QFETCH(double, change);
    QFETCH(bool, higherIsBetter);
    QFETCH(int, tone);
    QFETCH(QString, sign);
    ui::StatCard card(QStringLiteral("Expected revenue"));
    card.setValue(15230.4, 0, QStringLiteral("£"));
    QCOMPARE(card.valueText(), QStringLiteral("£") + ui::formatNumber(15230.4));
    card.setInterval(12300, 15800);
    QVERIFY(card.intervalText().contains(ui::formatNumber(12300)));
    QVERIFY(card.intervalText().contains(QStringLiteral("P90")));
    card.setDelta(change, QStringLiteral("best fixed rule"), higherIsBetter);
    QCOMPARE(int(card.deltaTone()), tone);
    QVERIFY(card.deltaText().endsWith(QStringLiteral("vs best fixed rule")));
    if (!sign.isEmpty())
        QVERIFY2(card.deltaText().startsWith(sign), qPrintable(card.deltaText()));
    QVERIFY(card.deltaText().contains(ui::formatPercent(std::abs(change))));
    card.clear();
    QVERIFY(card.deltaText().isEmpty());
    QVERIFY(card.intervalText().isEmpty());
}

void TestUiKit::tickSteps_data() {
    QTest::addColumn<double>("span");
    for (double span : {1e-3, 0.6, 1.0, 7.0, 15.0, 99.0, 2400.0, 123456.0})
        QTest::newRow(qPrintable(QString::number(span))) << span;
}

void TestUiKit::tickSteps() {
    QFETCH(double, span);
    const double step = ui::roundTickStep(span, 5);
    // About five intervals: never more, and at most twice as few as asked.
    QVERIFY2(span / step <= 5.0 + 1e-9 && span / step > 2.4,
             qPrintable(QStringLiteral("span %1 step %2").arg(span).arg(step)));
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-12));
    QVERIFY2(std::abs(mantissa - 1.0) < 1e-9 || std::abs(mantissa - 2.0) < 1e-9 ||
                 std::abs(mantissa - 2.5) < 1e-9 || std::abs(mantissa - 5.0) < 1e-9,
             qPrintable(QString::number(mantissa)));
    // Every tick label reads back as the tick's value.
    const int decimals = ui::decimalsForStep(step);
    for (int k = 0; k <= 5; ++k) {
        const QString label = ui::formatNumber(k * step, decimals).remove(QLatin1Char(','));
        QVERIFY2(std::abs(label.toDouble() - k * step) < 1e-9 * std::max(1.0, k * step),
                 qPrintable(label));
    }
    if (decimals > 0)
        QVERIFY(std::abs(ui::formatNumber(step, decimals - 1).remove(QLatin1Char(',')).toDouble() -
                         step) > 1e-12);
}

void TestUiKit::screenshot() {
    QWidget page;
    page.setWindowTitle(QStringLiteral("Markdown"));
    auto* layout = new QVBoxLayout(&page);
    auto* cards = new ui::StatCardRow(&page);
    ui::StatCard* revenue = cards->addCard(QStringLiteral("Expected revenue"));
    revenue->setValue(148230, 0, QStringLiteral("£"));
    revenue->setInterval(139800, 156400);
    revenue->setDelta(0.062, QStringLiteral("best fixed rule"));
    ui::StatCard* sellThrough = cards->addCard(QStringLiteral("Sell-through by exit week"));
    sellThrough->setValue(91.4, 1, {}, QStringLiteral("%"));
    sellThrough->setInterval(87.9, 94.2, 1);
    sellThrough->setDelta(0.035, QStringLiteral("best fixed rule"));
    ui::StatCard* leftover = cards->addCard(QStringLiteral("Units left at exit"));
    leftover->setValue(1284);
    leftover->setDelta(0.021, QStringLiteral("best fixed rule"), false);
    ui::StatCard* markdowns = cards->addCard(QStringLiteral("Price changes"));
    markdowns->setValue(312);
    layout->addWidget(cards);
    ui::ChartPanel* chart = makeSalesChart(&page);
    chart->setParameters({{QStringLiteral("seed"), 1}});
    layout->addWidget(chart, 1);
    auto* filters = new ui::FilterBar(&page);
    QStandardItemModel* model = makeProductModel(sampleProducts(), &page);
    filters->setSourceModel(model);
    filters->addSearch({0, 1}, QStringLiteral("Search products"));
    filters->addChoice(2, QStringLiteral("Store"));
    auto* exportButton = new ui::TableExportButton(&page);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(filters, 1);
    filterRow->addWidget(exportButton);
    layout->addLayout(filterRow);
    auto* table = new QTableView(&page);
    table->setModel(filters->proxy());
    table->verticalHeader()->hide();
    table->setWordWrap(false);
    table->horizontalHeader()->setStretchLastSection(true);
    exportButton->setView(table);
    table->setMaximumHeight(150);
    layout->addWidget(table);
    auto* bar = new ui::TaskBar(&page);
    layout->addWidget(bar);

    auto release = std::make_shared<std::atomic<bool>>(false);
    bar->start(QStringLiteral("Optimising markdowns"), [release](ProgressToken& token) {
        token.report(0.42);
        const auto deadline = std::chrono::steady_clock::now() + 20s;
        while (!*release && !token.isCancelled() && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(2ms);
        return QVariant();
    });
    page.resize(1100, 760);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTRY_COMPARE_WITH_TIMEOUT(bar->percent(), 42, kWaitMs);
    QTest::qWait(300);  // the elapsed clock ticks once

    QString folder = qEnvironmentVariable("MERCHBENCH_SCREENSHOTS");
    if (folder.isEmpty())
        folder = dir_.filePath(QStringLiteral("screenshots"));
    QDir().mkpath(folder);
    const QString path = QDir(folder).filePath(QStringLiteral("uikit-composition.png"));
    QVERIFY2(page.grab().save(path), qPrintable(path));
    QVERIFY(!QImage(path).isNull());
    QVERIFY(bar->statusText().contains(QStringLiteral("42%")));
    // The chart as a user exports it, to look at next to the screenshot.
    for (const QString& suffix : {QStringLiteral("png"), QStringLiteral("pdf")})
        chart->exportTo(QDir(folder).filePath(QStringLiteral("uikit-chart-export.") + suffix));
    *release = true;
    QTRY_VERIFY_WITH_TIMEOUT(!bar->isRunning(), kWaitMs);
}

void TestUiKit::moneyCarriesTheCurrencyAndOneMinusSign() {
    const QString minus(QChar(0x2212));
    QCOMPARE(ui::formatNumber(-4.5, 1), minus + QStringLiteral("4.5"));
    QCOMPARE(ui::formatNumber(-0.004, 2), QStringLiteral("0.00"));
    ui::setMoneyCurrency(QString());
    QCOMPARE(ui::formatMoney(12300), ui::formatNumber(12300));
    ui::setMoneyCurrency(QStringLiteral("USD"));
    QCOMPARE(ui::formatMoney(12300), QStringLiteral("$") + ui::formatNumber(12300));
    QCOMPARE(ui::formatMoney(-4.5, 2), minus + QStringLiteral("$4.50"));
    QCOMPARE(ui::formatSignedMoney(120), QStringLiteral("+$120"));
    QCOMPARE(ui::formatSignedMoney(-0.001, 2), QStringLiteral("$0.00"));
    ui::setMoneyCurrency(QStringLiteral("CHF"));
    QCOMPARE(ui::formatMoney(5), QStringLiteral("CHF 5"));
    ui::setMoneyCurrency(QString());
}

void TestUiKit::resultFreshness() {
    jobs::Provenance result;
    result.request = QJsonObject{{QStringLiteral("budget"), 500}};
    result.inputFingerprint = QStringLiteral("f1");
    QCOMPARE(ui::freshnessOf(result, result.request, QStringLiteral("f1")), ui::Freshness::Current);
    QCOMPARE(
        ui::freshnessOf(result, QJsonObject{{QStringLiteral("budget"), 400}}, QStringLiteral("f1")),
        ui::Freshness::ControlsChanged);
    QCOMPARE(ui::freshnessOf(result, result.request, QStringLiteral("f2")),
             ui::Freshness::DataChanged);
    QCOMPARE(ui::freshnessOf(result, result.request, QString()), ui::Freshness::DataChanged);
    ui::OutOfDateBanner banner;
    banner.setFreshness(ui::Freshness::ControlsChanged, QStringLiteral("offer list"),
                        QStringLiteral("Plan offers"));
    QVERIFY(banner.isOutOfDate());
    QVERIFY(banner.text().startsWith(QStringLiteral("Out of date")));
    QVERIFY(banner.text().contains(QStringLiteral("Plan offers")));
    QVERIFY(!banner.isHidden());
    banner.setFreshness(ui::Freshness::Current, QString(), QString());
    QVERIFY(banner.isHidden());
    QVERIFY(!banner.isOutOfDate());
}

MERCHBENCH_GUI_TEST_MAIN(TestUiKit)

#include "tst_uikit.moc"
