// The targeting page under the offscreen platform, on the demo project: training in the
// background gives the Qini of `merchbench-cli uplift-train`, the budget slider reads the budget
// curve, no customer without consent is ever offered anything, exports write what they claim,
// recording the plan writes the run and offers `merchbench-cli target` would, and screenshots
// of the page, its curves and its offer table are saved.
#include "CliRun.h"
#include "GuiTestMain.h"
#include "ProjectConnection.h"
#include "QtWarnings.h"
#include "common/ChartPanel.h"
#include "common/FilterBar.h"
#include "common/Numbers.h"
#include "common/RowFilterModel.h"
#include "common/StatCard.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "targeting/BudgetControl.h"
#include "targeting/OfferListModel.h"
#include "targeting/SegmentPicker.h"
#include "targeting/TargetingPage.h"
#include "targeting/UpliftCharts.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>
#include <cmath>
#include <memory>

using namespace mb;
using namespace mb::ui;

namespace {

constexpr int kWaitMs = 60000;
const QString kCampaign = QStringLiteral("demo_campaign");

bool near(double a, double b, double tolerance = 1e-9) {
    return std::abs(a - b) <= tolerance * std::max(1.0, std::abs(b));
}

}  // namespace

class TestGuiTargeting : public QObject {
    Q_OBJECT
private slots:
    void init() { mbtest::failOnQtWarnings(); }
    void initTestCase();
    void campaignSummary();
    void trainMatchesCli_data();
    void trainMatchesCli();
    void budgetSliderReadsCurve();
    void consentInvariant();
    void filterOffers_data();
    void filterOffers();
    void replanAtBudget();
    void exportOfferList_data();
    void exportOfferList();
    void exportMatchesCli_data();
    void exportMatchesCli();
    void recordOfferList();
    void cancelKeepsModel();
    void screenshots();

private:
    bool trainAndWait(int method, int seed, double holdout);
    QString screenshotFolder();

    QTemporaryDir dir_;
    QString project_;
    std::unique_ptr<ProjectConnection> connection_;
    std::unique_ptr<QWidget> window_;
    TargetingPage* page_ = nullptr;
};

void TestGuiTargeting::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(dir_.isValid());
    if (qEnvironmentVariableIsEmpty("MERCHBENCH_DEMO_DIR"))
        qputenv("MERCHBENCH_DEMO_DIR", MERCHBENCH_SOURCE_DIR "/datasets/demo");
    const QString demo = dir_.filePath(QStringLiteral("demo"));
    const mbtest::CliRun built = mbtest::runCli({QStringLiteral("demo"), demo});
    QVERIFY2(built.exitCode == 0, built.err.constData());
    project_ = demo + QStringLiteral("/demo.merchbench");
    connection_ = std::make_unique<ProjectConnection>(project_);
    QVERIFY(connection_->isOpen());

    window_ = std::make_unique<QWidget>();
    window_->setWindowTitle(QStringLiteral("Merchbench targeting"));
    auto* layout = new QVBoxLayout(window_.get());
    page_ = new TargetingPage(window_.get());
    layout->addWidget(page_);
    window_->resize(1400, 900);
    window_->show();
    QSignalSpy shown(page_, &TargetingPage::summaryShown);
    page_->setConnection(connection_.get());
    QVERIFY(shown.wait(kWaitMs));
    QVERIFY(page_->summary());
}

void TestGuiTargeting::campaignSummary() {
    const CampaignSummaryPtr summary = page_->summary();
    QCOMPARE(summary->campaign, kCampaign);
    QCOMPARE(summary->outcome, QStringLiteral("purchase"));
    // Arm sizes and consent counted straight from the project's tables.
    const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
    QCOMPARE(page_->armTable()->rowCount(), static_cast<int>(summary->arms.size()));
    for (const CampaignArmSummary& arm : summary->arms) {
        data::Statement count(project->db(),
                              "SELECT COUNT(*), AVG(json_extract(data, '$.purchase')) FROM "
                              "campaign_rows WHERE campaign = ?1 AND arm = ?2");
        count.bind(1, kCampaign);
        count.bind(2, arm.arm);
        QVERIFY(count.step());
        QCOMPARE(arm.customers, count.int64(0));
        QVERIFY(near(arm.meanOutcome, count.real(1)));
    }
    QCOMPARE(
        summary->consented,
        data::queryInt(project->db(), "SELECT COUNT(*) FROM customers WHERE consent_offers=1"));
    QVERIFY(page_->findChild<QLabel*>(QStringLiteral("consentLabel"))
                ->text()
                .contains(QLocale(QLocale::English).toString(summary->consented)));
}

bool TestGuiTargeting::trainAndWait(int method, int seed, double holdout) {
    page_->modelBox()->setCurrentIndex(method);
    page_->seedBox()->setValue(seed);
    page_->evaluationHoldoutBox()->setValue(holdout);
    QSignalSpy evaluated(page_, &TargetingPage::evaluationShown);
    QSignalSpy planned(page_, &TargetingPage::planShown);
    if (!page_->train())
        return false;
    return (evaluated.count() > 0 || evaluated.wait(kWaitMs)) &&
           (planned.count() > 0 || planned.wait(kWaitMs));
}

void TestGuiTargeting::trainMatchesCli_data() {
    QTest::addColumn<int>("method");
    QTest::addColumn<QString>("model");
    QTest::addColumn<int>("seed");
    QTest::addColumn<double>("holdout");
    QTest::newRow("class transformation, seed 7")
        << 1 << QStringLiteral("classtransform") << 7 << 0.25;
    QTest::newRow("t-learner, seed 1") << 0 << QStringLiteral("tlearner") << 1 << 0.3;
}

void TestGuiTargeting::trainMatchesCli() {
    QFETCH(int, method);
    QFETCH(QString, model);
    QFETCH(int, seed);
    QFETCH(double, holdout);
    QVERIFY(trainAndWait(method, seed, holdout));
    const mbtest::CliRun run = mbtest::runCli(
        {QStringLiteral("uplift-train"), project_, QStringLiteral("--campaign"), kCampaign,
         QStringLiteral("--outcome"), QStringLiteral("purchase"), QStringLiteral("--model"), model,
         QStringLiteral("--holdout"), QString::number(holdout), QStringLiteral("--seed"),
         QString::number(seed), QStringLiteral("--out"), dir_.filePath(QStringLiteral("s.csv")),
         QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject cli = run.json().value(QStringLiteral("holdout")).toObject();
    const ModelEvaluationPtr evaluation = page_->evaluation();
    QVERIFY(evaluation);
    QCOMPARE(static_cast<int>(evaluation->arms.size()), static_cast<int>(cli.size()));
    QCOMPARE(page_->metricsTable()->rowCount(), static_cast<int>(cli.size()));
    for (int a = 0; a < static_cast<int>(evaluation->arms.size()); ++a) {
        const ArmEvaluation& arm = evaluation->arms[static_cast<std::size_t>(a)];
        const QJsonObject metrics = cli.value(arm.arm).toObject();
        QVERIFY2(!metrics.isEmpty(), qPrintable(arm.arm));
        QVERIFY2(near(arm.qiniAuc, metrics.value(QStringLiteral("qini_auc")).toDouble()),
                 qPrintable(QStringLiteral("%1: %2 vs %3")
                                .arg(arm.arm)
                                .arg(arm.qiniAuc)
                                .arg(metrics.value(QStringLiteral("qini_auc")).toDouble())));
        QVERIFY(near(arm.upliftAuc, metrics.value(QStringLiteral("uplift_auc")).toDouble()));
        QVERIFY(near(arm.effect.effect, metrics.value(QStringLiteral("ate")).toDouble()));
        // What the table shows is the same figure, rounded for reading.
        QCOMPARE(page_->metricsTable()->item(a, 2)->text(),
                 formatNumber(metrics.value(QStringLiteral("qini_auc")).toDouble(), 3));
        // The Qini chart plots the model's curve, ending at the total incremental responders.
        QVERIFY(!page_->charts()->qiniChart()->chart()->series().isEmpty());
    }
}

void TestGuiTargeting::budgetSliderReadsCurve() {
    const PlanResultPtr plan = page_->plan();
    QVERIFY(plan);
    QSlider* slider = page_->budgetControl()->slider();
    QVERIFY(slider->maximum() >= 10);
    double previous = -1e300;
    QElapsedTimer clock;
    qint64 slowest = 0;
    for (int step = 0; step <= 10; ++step) {
        const int index = slider->maximum() * step / 10;
        clock.start();
        slider->setValue(index);
        slowest = std::max(slowest, clock.elapsed());
        const targeting::BudgetPoint& point =
            plan->target.plan.budgetCurve[static_cast<std::size_t>(index)];
        QCOMPARE(page_->budgetControl()->budget(), point.budget);
        // The value shown against an independent evaluation of the curve at that one budget.
        const std::vector<targeting::BudgetPoint> alone =
            targeting::budgetCurve(plan->target.plan.comparedOptions, {point.budget});
        QVERIFY2(near(page_->shownExpectedValue(), alone.front().netValue, 1e-7),
                 qPrintable(QStringLiteral("budget %1: shown %2, curve %3")
                                .arg(point.budget)
                                .arg(page_->shownExpectedValue())
                                .arg(alone.front().netValue)));
        QCOMPARE(page_->forecastCards()->card(0)->valueText(),
                 formatNumber(page_->shownExpectedValue(), 0));
        QVERIFY(page_->shownExpectedValue() >= previous - 1e-9);
        previous = page_->shownExpectedValue();
    }
    slider->setValue(0);
    const double atZero = page_->shownExpectedValue();
    slider->setValue(slider->maximum() / 2);
    QVERIFY2(page_->shownExpectedValue() > atZero,
             "the expected value must grow with the budget on the demo");
    QVERIFY2(slowest < 100, qPrintable(QStringLiteral("a slider step took %1 ms").arg(slowest)));
}

void TestGuiTargeting::consentInvariant() {
    const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
    QSet<QString> consented;
    data::Statement select(project->db(),
                           "SELECT customer FROM customers WHERE consent_offers = 1");
    while (select.step())
        consented.insert(select.text(0));
    QVERIFY(!consented.isEmpty());
    OfferListModel* model = page_->offerModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(model->rowCount() > 0);
    int offered = 0;
    int control = 0;
    for (int r = 0; r < model->rowCount(); ++r) {
        const QString customer = model->index(r, OfferListModel::Customer).data().toString();
        QVERIFY2(consented.contains(customer), qPrintable(customer));
        (model->row(r)->control ? control : offered) += 1;
    }
    QVERIFY(offered > 0);
    QVERIFY(control > 0);
    const QString counts = page_->countsLabel()->text();
    QVERIFY2(counts.contains(QLocale(QLocale::English).toString(control)), qPrintable(counts));
}

void TestGuiTargeting::filterOffers_data() {
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("value");
    QTest::newRow("offer_a") << int(OfferListModel::Offer) << QStringLiteral("offer_a");
    QTest::newRow("offer_b") << int(OfferListModel::Offer) << QStringLiteral("offer_b");
    QTest::newRow("deal seekers") << int(OfferListModel::Segment) << QStringLiteral("deal_seeker");
    QTest::newRow("premium") << int(OfferListModel::Segment) << QStringLiteral("premium");
}

void TestGuiTargeting::filterOffers() {
    QFETCH(int, column);
    QFETCH(QString, value);
    FilterBar* filters = page_->filterBar();
    OfferListModel* model = page_->offerModel();
    int expected = 0;
    for (int r = 0; r < model->rowCount(); ++r)
        expected += model->index(r, column).data().toString() == value ? 1 : 0;
    filters->clear();
    filters->setChoice(column, value);
    QCOMPARE(filters->shownRows(), expected);
    QAbstractItemModel* proxy = page_->offerView()->model();
    for (int r = 0; r < proxy->rowCount(); ++r)
        QCOMPARE(proxy->index(r, column).data().toString(), value);
    filters->clear();
    QCOMPARE(filters->shownRows(), model->rowCount());
}

void TestGuiTargeting::replanAtBudget() {
    QSlider* slider = page_->budgetControl()->slider();
    slider->setValue(slider->maximum() / 4);
    const double budget = page_->budgetControl()->budget();
    QSignalSpy planned(page_, &TargetingPage::planShown);
    QVERIFY(page_->planOffers());
    QVERIFY(planned.wait(kWaitMs));
    const PlanResultPtr plan = page_->plan();
    QCOMPARE(plan->request.settings.budget, budget);
    QVERIFY(plan->target.plan.allocation.totalCost <= budget + 1e-9);
    // The slider stays where the user put it.
    QCOMPARE(page_->budgetControl()->budget(), budget);
}

void TestGuiTargeting::exportOfferList_data() {
    QTest::addColumn<QString>("suffix");
    QTest::addColumn<QString>("key");
    QTest::newRow("csv") << QStringLiteral("csv") << QString();
    QTest::newRow("csv pseudonymised")
        << QStringLiteral("csv") << QStringLiteral("a long secret key 2024");
    QTest::newRow("xlsx") << QStringLiteral("xlsx") << QString();
    QTest::newRow("xlsx pseudonymised")
        << QStringLiteral("xlsx") << QStringLiteral("another secret key!!");
}

void TestGuiTargeting::exportOfferList() {
    QFETCH(QString, suffix);
    QFETCH(QString, key);
    const QString path = dir_.filePath(QStringLiteral("offers-%1-%2.%3")
                                           .arg(QTest::currentDataTag())
                                           .arg(key.size())
                                           .arg(suffix))
                             .replace(QLatin1Char(' '), QLatin1Char('_'));
    QVERIFY2(page_->exportOfferList(path, key), qPrintable(page_->statusText()));
    {
        // The project notes the file, so erasing a customer can list it.
        const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
        data::Statement noted(project->db(),
                              "SELECT json_extract(summary, '$.out') FROM runs WHERE analysis = "
                              "'offer-list-export' ORDER BY id DESC LIMIT 1");
        QVERIFY(noted.step());
        QCOMPARE(noted.text(0), QFileInfo(path).absoluteFilePath());
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const QString firstCustomer = page_->plan()->target.plan.rows.front().customer;
    if (suffix == QLatin1String("csv")) {
        const QList<QByteArray> lines = bytes.trimmed().split('\n');
        QCOMPARE(lines.size(), static_cast<qsizetype>(page_->plan()->target.plan.rows.size()) + 1);
        QVERIFY(lines.front().startsWith(key.isEmpty() ? "customer," : "customer_pseudonym,"));
        // FILE.csv -> FILE.params.json, with the budget the list was planned at.
        QFile sidecar(path.chopped(4) + QStringLiteral(".params.json"));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const QJsonObject parameters = QJsonDocument::fromJson(sidecar.readAll()).object();
        QCOMPARE(parameters.value(QStringLiteral("budget")).toDouble(),
                 page_->plan()->request.settings.budget);
        QCOMPARE(parameters.value(QStringLiteral("pseudonymised")).toBool(), !key.isEmpty());
    } else {
        QVERIFY(bytes.startsWith("PK"));
    }
    if (key.isEmpty()) {
        if (suffix == QLatin1String("csv"))
            QVERIFY(bytes.contains(firstCustomer.toUtf8()));
    } else {
        QVERIFY(!bytes.contains(firstCustomer.toUtf8()));
        // The key is a secret: nothing of it lands in the settings.
        QSettings settings;
        for (const QString& name : settings.allKeys())
            QVERIFY(!settings.value(name).toString().contains(key));
    }
}

void TestGuiTargeting::exportMatchesCli_data() {
    QTest::addColumn<QString>("key");
    QTest::newRow("ids") << QString();
    QTest::newRow("pseudonyms") << QStringLiteral("a long secret key 2024");
}

// One writer: the page's offer list and the CLI's from the same request on the same data are
// the same file, byte for byte (the key given to each, never in the request).
void TestGuiTargeting::exportMatchesCli() {
    QFETCH(QString, key);
    const PlanResultPtr plan = page_->plan();
    QVERIFY(plan);
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    const QString snapshot = dir_.filePath(QStringLiteral("export-%1.merchbench").arg(tag));
    {
        QFile::remove(snapshot);
        const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
        data::Statement copy(project->db(), "VACUUM INTO ?1");
        copy.bind(1, snapshot);
        copy.step();
    }
    const QString guiFile = dir_.filePath(QStringLiteral("gui-%1.csv").arg(tag));
    QVERIFY2(page_->exportOfferList(guiFile, key), qPrintable(page_->statusText()));

    QJsonObject request = plan->target.provenance.request;
    QVERIFY(!request.contains(QStringLiteral("pseudonymise_key")));
    request.insert(QStringLiteral("pseudonymised"), !key.isEmpty());
    const QString requestFile = dir_.filePath(QStringLiteral("export-%1.json").arg(tag));
    {
        QFile file(requestFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(request).toJson());
    }
    const QString outDir = dir_.filePath(QStringLiteral("cli-%1").arg(tag));
    if (!key.isEmpty())
        qputenv("MERCHBENCH_PSEUDONYMISE_KEY", key.toUtf8());
    const mbtest::CliRun cli =
        mbtest::runCli({QStringLiteral("run"), requestFile, QStringLiteral("--project"), snapshot,
                        QStringLiteral("--out"), outDir, QStringLiteral("--json")});
    qunsetenv("MERCHBENCH_PSEUDONYMISE_KEY");
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QCOMPARE(cli.json().value(QStringLiteral("input_changed")).toBool(true), false);

    QFile gui(guiFile);
    QVERIFY(gui.open(QIODevice::ReadOnly));
    const QByteArray guiBytes = gui.readAll();
    QFile fromCli(outDir + QStringLiteral("/offer-list.csv"));
    QVERIFY(fromCli.open(QIODevice::ReadOnly));
    QVERIFY(guiBytes.count('\n') > 1);
    QCOMPARE(fromCli.readAll(), guiBytes);
}

// The recorded run holds what the page planned, here with a contact cap over the offers the
// demo's own run recorded and offer_b kept to two segments: one offer decision per non-control
// row of the offer table, consented customers only, none against the cap or the segments, and
// parameters that `merchbench-cli target` repeats into the same offers on the project as it was
// when planned.
void TestGuiTargeting::recordOfferList() {
    const int period = 30;
    page_->maxContactsBox()->setValue(1);
    page_->countContactsBox()->setChecked(true);
    QVERIFY(page_->contactPeriodBox()->isEnabled());
    page_->contactPeriodBox()->setValue(period);
    SegmentPicker* picker = page_->segmentPicker(QStringLiteral("offer_b"));
    QVERIFY(picker);
    QCOMPARE(picker->segments(), page_->summary()->segments);
    QVERIFY(picker->allChosen());
    const QStringList allowedSegments{QStringLiteral("premium"), QStringLiteral("regular")};
    picker->setChosen(allowedSegments);
    QCOMPARE(picker->text(), QStringLiteral("premium, regular"));
    {
        QSignalSpy planned(page_, &TargetingPage::planShown);
        QVERIFY2(page_->planOffers(), qPrintable(page_->statusText()));
        QVERIFY(planned.wait(kWaitMs));
    }
    const PlanResultPtr plan = page_->plan();
    QVERIFY(plan);
    QVERIFY(plan->target.plan.customersAtContactCap > 0);
    QVERIFY(plan->target.plan.ineligibleOptions > 0);
    QVERIFY2(page_->countsLabel()->text().contains(QStringLiteral("contact cap")),
             qPrintable(page_->countsLabel()->text()));
    {
        // Independently: who the demo's run contacted in the period, and each one's segment.
        const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
        QDate latest;
        QHash<QString, QDate> contacted;
        data::Statement offers(project->db(),
                               "SELECT d.subject, substr(r.started_at, 1, 10) FROM decisions d "
                               "JOIN runs r ON r.id = d.run_id WHERE d.kind = 'offer' AND "
                               "r.analysis = 'target' AND r.status = 'finished' AND NOT "
                               "COALESCE(json_extract(d.payload, '$.control'), 0)");
        while (offers.step()) {
            const QDate day = QDate::fromString(offers.text(1), Qt::ISODate);
            contacted.insert(offers.text(0), day);
            latest = std::max(latest, day);
        }
        QVERIFY(!contacted.isEmpty());
        QHash<QString, QString> segmentOf;
        data::Statement customers(project->db(), "SELECT customer, segment FROM customers");
        while (customers.step())
            segmentOf.insert(customers.text(0), customers.text(1));
        for (const targeting::OfferListRow& row : plan->target.plan.rows) {
            if (row.offer == QLatin1String("offer_b"))
                QVERIFY2(allowedSegments.contains(segmentOf.value(row.customer)),
                         qPrintable(row.customer));
            if (!row.control && contacted.contains(row.customer))
                QVERIFY2(latest.addDays(-period) >= contacted.value(row.customer),
                         qPrintable(row.customer + QStringLiteral(" is at the cap")));
        }
    }
    // The project as it was when planned, for the CLI to repeat the plan on.
    const QString snapshot = dir_.filePath(QStringLiteral("before-record.merchbench"));
    {
        QFile::remove(snapshot);
        const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
        data::Statement copy(project->db(), "VACUUM INTO ?1");
        copy.bind(1, snapshot);
        copy.step();
    }
    OfferListModel* model = page_->offerModel();
    QSet<QString> offeredOnScreen;
    int offerRows = 0;
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->row(r)->control)
            continue;
        ++offerRows;
        offeredOnScreen.insert(model->index(r, OfferListModel::Customer).data().toString() +
                               QLatin1Char('/') +
                               model->index(r, OfferListModel::Offer).data().toString());
    }
    QVERIFY(offerRows > 0);
    QVERIFY(page_->recordButton()->isEnabled());
    qint64 runsBefore = 0;
    {
        const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
        runsBefore = data::queryInt(project->db(), "SELECT COUNT(*) FROM runs");
    }
    QSignalSpy recorded(page_, &TargetingPage::offerListRecorded);
    const qint64 runId = page_->recordOfferList();
    QVERIFY2(runId > 0, qPrintable(page_->statusText()));
    QCOMPARE(recorded.count(), 1);
    QCOMPARE(recorded.front().front().toLongLong(), runId);
    QVERIFY2(
        page_->recordedLabel()->text().contains(QStringLiteral("Recorded as run %1").arg(runId)),
        qPrintable(page_->recordedLabel()->text()));
    QVERIFY(!page_->recordButton()->isEnabled());
    // Recording the same plan again adds nothing.
    QCOMPARE(page_->recordOfferList(), runId);

    const auto project = data::Project::open(project_, data::Project::OpenMode::MustExist);
    QCOMPARE(data::queryInt(project->db(), "SELECT COUNT(*) FROM runs"), runsBefore + 1);
    data::Statement run(project->db(),
                        "SELECT analysis, status, parameters, seed, input_fingerprint FROM runs "
                        "WHERE id = ?1");
    run.bind(1, static_cast<std::int64_t>(runId));
    QVERIFY(run.step());
    QCOMPARE(run.text(0), QStringLiteral("target"));
    QCOMPARE(run.text(1), QStringLiteral("finished"));
    const QJsonObject parameters = QJsonDocument::fromJson(run.text(2).toUtf8()).object();
    // The recorded request is the one the plan answers: the CLI's request, the offers' rows in it.
    QCOMPARE(parameters, plan->target.provenance.request);
    QCOMPARE(parameters.value(QStringLiteral("offers")).toArray().size(),
             static_cast<qsizetype>(plan->target.offers.size()));
    QCOMPARE(parameters.value(QStringLiteral("budget")).toDouble(), plan->request.settings.budget);
    QCOMPARE(run.int64(3), static_cast<std::int64_t>(plan->request.settings.seed));
    QCOMPARE(run.text(4), project->inputFingerprint());

    QSet<QString> consented;
    data::Statement consent(project->db(),
                            "SELECT customer FROM customers WHERE consent_offers = 1");
    while (consent.step())
        consented.insert(consent.text(0));
    QSet<QString> decided;
    data::Statement decisions(project->db(),
                              "SELECT subject, json_extract(payload, '$.offer') FROM decisions "
                              "WHERE run_id = ?1 AND kind = 'offer'");
    decisions.bind(1, static_cast<std::int64_t>(runId));
    int decisionCount = 0;
    while (decisions.step()) {
        ++decisionCount;
        QVERIFY2(consented.contains(decisions.text(0)), qPrintable(decisions.text(0)));
        decided.insert(decisions.text(0) + QLatin1Char('/') + decisions.text(1));
    }
    QCOMPARE(decisionCount, offerRows);
    QCOMPARE(decided, offeredOnScreen);

    // The CLI, given the recorded request, plans the same offers on the project as it was.
    QCOMPARE(parameters.value(QStringLiteral("max_contacts")).toInt(), 1);
    QCOMPARE(parameters.value(QStringLiteral("contact_period_days")).toInt(), period);
    QVERIFY(parameters.value(QStringLiteral("count_project_contacts")).toBool());
    // The period's end is kept, so a replay counts the same days (this run's offers are later).
    QVERIFY(!parameters.value(QStringLiteral("contact_as_of")).toString().isEmpty());
    QCOMPARE(parameters.value(QStringLiteral("eligibility_rules")).toArray().size(), 1);
    const QString requestFile = dir_.filePath(QStringLiteral("gui-request.json"));
    {
        QFile file(requestFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(parameters).toJson());
    }
    const mbtest::CliRun cli =
        mbtest::runCli({QStringLiteral("run"), requestFile, QStringLiteral("--project"), snapshot,
                        QStringLiteral("--json")});
    QVERIFY2(cli.exitCode == 0, cli.err.constData());
    QCOMPARE(cli.json().value(QStringLiteral("input_changed")).toBool(true), false);
    const qint64 cliRun = cli.json().value(QStringLiteral("run_id")).toInteger();
    QSet<QString> repeated;
    // A fresh handle: the statements above still hold their read snapshot of the project.
    const auto after = data::Project::open(snapshot, data::Project::OpenMode::MustExist);
    data::Statement cliDecisions(after->db(),
                                 "SELECT subject, json_extract(payload, '$.offer') FROM decisions "
                                 "WHERE run_id = ?1 AND kind = 'offer'");
    cliDecisions.bind(1, static_cast<std::int64_t>(cliRun));
    while (cliDecisions.step())
        repeated.insert(cliDecisions.text(0) + QLatin1Char('/') + cliDecisions.text(1));
    QCOMPARE(repeated, decided);

    page_->tabs()->setCurrentIndex(1);
    QTest::qWait(50);
    const QString folder = screenshotFolder();
    QVERIFY(window_->grab().save(folder + QStringLiteral("/targeting-recorded.png")));
}

void TestGuiTargeting::cancelKeepsModel() {
    const ModelEvaluationPtr before = page_->evaluation();
    page_->modelBox()->setCurrentIndex(2);  // the forest is the slowest fit
    QSignalSpy cancelled(page_->taskBar(), &TaskBar::cancelled);
    QSignalSpy ended(page_->taskBar(), &TaskBar::ended);
    QVERIFY(page_->train());
    page_->taskBar()->cancel();
    QVERIFY(ended.wait(kWaitMs));
    QCOMPARE(cancelled.count(), 1);
    QCOMPARE(page_->evaluation(), before);
    QVERIFY(page_->statusText().contains(QStringLiteral("cancelled")));
    page_->modelBox()->setCurrentIndex(0);
}

QString TestGuiTargeting::screenshotFolder() {
    QString folder = qEnvironmentVariable("MERCHBENCH_SCREENSHOTS");
    if (folder.isEmpty())
        folder = dir_.filePath(QStringLiteral("screenshots"));
    QDir().mkpath(folder);
    return folder;
}

void TestGuiTargeting::screenshots() {
    QVERIFY(trainAndWait(0, 1, 0.3));
    const QString folder = screenshotFolder();
    window_->resize(1400, 900);
    page_->tabs()->setCurrentIndex(0);
    QTest::qWait(50);
    QVERIFY(window_->grab().save(folder + QStringLiteral("/targeting-model.png")));
    QVERIFY(page_->charts()->grab().save(folder + QStringLiteral("/targeting-curves.png")));
    page_->tabs()->setCurrentIndex(1);
    QTest::qWait(50);
    QVERIFY(window_->grab().save(folder + QStringLiteral("/targeting-offers.png")));
    QVERIFY(page_->offerView()->grab().save(folder + QStringLiteral("/targeting-offer-table.png")));
    const QStringList suffixes = {QStringLiteral("png"), QStringLiteral("svg"),
                                  QStringLiteral("pdf")};
    for (const QString& name : suffixes) {
        const QString path = folder + QStringLiteral("/targeting-qini.") + name;
        page_->charts()->qiniChart()->exportTo(path);
        QVERIFY(QFileInfo(path).size() > 1000);
    }
    qInfo("screenshots in %s", qPrintable(folder));
}

MERCHBENCH_GUI_TEST_MAIN(TestGuiTargeting)
#include "tst_guitargeting.moc"
