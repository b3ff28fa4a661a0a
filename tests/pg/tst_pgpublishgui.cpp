// "Publish to database" from the pages: a project names its sink (settings --publish-to, never
// with a password), the Markdown page's Approve then publishes the approved run in the
// background, and exactly the approved price changes land in merchbench.price_changes, once;
// a bad sink says why and writes nothing; a plan gone out of date is not published.
#include "CliRun.h"
#include "DemoWindow.h"
#include "GuiTestMain.h"
#include "PgTestServer.h"
#include "ProjectConnection.h"
#include "QtWarnings.h"
#include "common/PublishPanel.h"
#include "common/TaskBar.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "markdown/MarkdownPage.h"
#include "markdown/PriceChangeModel.h"
#include "pg/PublishSink.h"
#include "targeting/TargetingPage.h"
#include "targeting/TargetingRun.h"

#include <QDateEdit>
#include <QFileInfo>
#include <QProcess>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace mb;
using namespace mb::ui;

namespace {

constexpr int kWaitMs = 300000;

}  // namespace

class TestPgPublishGui : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init() { mbtest::failOnQtWarnings(); }
    void aSinkWithAPasswordIsRefusedAndNeverStored();
    void approvingPublishesExactlyTheApprovedPriceChanges();
    void publishingAgainChangesNothing();
    void aPlanOutOfDateIsNotPublished();
    void aBadSinkShowsTheErrorAndChangesNothing();
    void theRecordedOfferListIsPublished();
    void cleanupTestCase();

private:
    // Every row of the merchbench tables, as text: what a store system would read.
    QStringList published() const;
    void setSink(const QString& sink);
    // Waits for the panel's publish to end; its text.
    QString waitForPublish();

    QString adminUri_;
    QString sink_;  // the admin's URI without its password (PGPASSWORD has it)
    QString password_;
    QString project_;
    qint64 approvedRun_ = -1;
    QTemporaryDir dir_;
    mbtest::PgScratchSchema schema_;
    std::unique_ptr<ProjectConnection> connection_;
    std::unique_ptr<QWidget> window_;
    MarkdownPage* page_ = nullptr;
};

void TestPgPublishGui::initTestCase() {
    MB_TEST_PG_URI(uri);
    adminUri_ = uri;
    schema_.create(uri, QStringLiteral("tst_pgpublishgui"));
    schema_.admin->exec(QStringLiteral("DROP SCHEMA IF EXISTS merchbench CASCADE"),
                        QStringLiteral("starting without the merchbench tables"));
    password_ = mbtest::passwordOf(uri);
    QVERIFY(!password_.isEmpty());
    // The planner's way: the password from the environment, the URI without it.
    qputenv("PGPASSWORD", password_.toUtf8());
    sink_ = uri;
    sink_.replace(QStringLiteral(":") + password_ + QStringLiteral("@"), QStringLiteral("@"));
    QVERIFY(!sink_.contains(password_));

    QString error;
    QVERIFY2(mbtest::buildDemoWithCli(dir_.filePath(QStringLiteral("demo")), &project_, &error),
             qPrintable(error));
    QVERIFY(mbtest::showPageInWindow(window_, page_, QSize(1400, 900)));
    page_->setApproveQuestion([](const QString&) { return true; });
    page_->setPublishQuestion([](const QString& text) {
        qWarning("unexpected question: %s", qPrintable(text));
        return false;
    });
    page_->setDiscardQuestion([](const QString&) { return true; });
    connection_ = std::make_unique<ProjectConnection>(project_);
    QVERIFY(connection_->isOpen());
    page_->setConnection(connection_.get());
    // No sink named: nothing offers publishing.
    QVERIFY(!page_->publishPanel()->hasSink());
    QVERIFY(page_->publishPanel()->isHidden());
}

void TestPgPublishGui::cleanupTestCase() {
    if (page_)
        page_->setConnection(nullptr);
    window_.reset();
    connection_.reset();
}

QStringList TestPgPublishGui::published() const {
    return mbtest::publishedRows(adminUri_);
}

void TestPgPublishGui::setSink(const QString& sink) {
    const auto set = mbtest::runCli(
        {QStringLiteral("settings"), project_, QStringLiteral("--publish-to"), sink});
    QVERIFY2(set.exitCode == 0, set.err.constData());
    page_->refresh();
    QCOMPARE(page_->publishPanel()->sink(), sink);
}

QString TestPgPublishGui::waitForPublish() {
    PublishPanel* panel = page_->publishPanel();
    // The window stays live while the rows go: the wait below runs its event loop.
    if (!QTest::qWaitFor([panel] { return !panel->isPublishing(); }, kWaitMs))
        return QStringLiteral("(still publishing)");
    return panel->resultText();
}

void TestPgPublishGui::aSinkWithAPasswordIsRefusedAndNeverStored() {
    for (const QString& withPassword :
         {adminUri_, sink_ + QStringLiteral("&password=") + password_}) {
        const auto refused = mbtest::runCli(
            {QStringLiteral("settings"), project_, QStringLiteral("--publish-to"), withPassword});
        QCOMPARE(refused.exitCode, 2);
        const QString message = QString::fromUtf8(refused.err);
        QVERIFY2(message.contains(QStringLiteral("PGPASSWORD")), qPrintable(message));
        QVERIFY(!message.contains(password_));
        QVERIFY(!pg::publishSinkRefusal(withPassword).isEmpty());
    }
    const auto shown =
        mbtest::runCli({QStringLiteral("settings"), project_, QStringLiteral("--json")});
    QCOMPARE(shown.exitCode, 0);
    QCOMPARE(shown.json().value(QStringLiteral("publish_to")).toString(), QString());
    const auto notPostgres =
        mbtest::runCli({QStringLiteral("settings"), project_, QStringLiteral("--publish-to"),
                        QStringLiteral("mysql://db/merch")});
    QCOMPARE(notPostgres.exitCode, 2);

    setSink(sink_);
    const auto stored =
        mbtest::runCli({QStringLiteral("settings"), project_, QStringLiteral("--json")});
    QCOMPARE(stored.json().value(QStringLiteral("publish_to")).toString(), sink_);
    // The project's bytes, its write-ahead log's included, read by another process: closing a
    // descriptor of the file here would drop this process's SQLite locks on it.
    QStringList files{project_};
    for (const QString& beside : {project_ + QStringLiteral("-wal")})
        if (QFileInfo::exists(beside))
            files.append(beside);
    QCOMPARE(QProcess::execute(QStringLiteral("grep"),
                               QStringList{QStringLiteral("-q"), QStringLiteral("-a"),
                                           QStringLiteral("-F"), password_} +
                                   files),
             1);  // 1: not found
    QVERIFY(page_->publishPanel()->isVisible());
    QVERIFY(!page_->publishPanel()->button()->isEnabled());  // nothing approved yet
}

void TestPgPublishGui::approvingPublishesExactlyTheApprovedPriceChanges() {
    QSignalSpy finished(page_, &MarkdownPage::planFinished);
    QVERIFY(page_->planSeason());
    QTRY_VERIFY_WITH_TIMEOUT(!page_->taskBar()->isRunning(), kWaitMs);
    QCOMPARE(finished.count(), 1);
    // What the planner approves: the price changes on screen.
    QSet<QString> approved;
    for (const markdown::PriceChange& change : page_->priceChanges()->changes())
        approved.insert(QStringLiteral("%1|%2|%3|%4")
                            .arg(change.product, change.store, change.week.toString(Qt::ISODate))
                            .arg(change.priceCents));
    QVERIFY(approved.size() > 10);
    QCOMPARE(qsizetype(page_->priceChanges()->changes().size()), approved.size());

    QStringList asked;
    page_->setPublishQuestion([&asked](const QString& text) {
        asked.append(text);
        return true;
    });
    approvedRun_ = page_->approveAsked();
    QVERIFY2(approvedRun_ > 0, qPrintable(page_->statusText()));
    QCOMPARE(asked.size(), 1);
    QVERIFY(asked.front().contains(sink_));
    QVERIFY(page_->publishPanel()->isPublishing() ||
            !page_->publishPanel()->resultText().isEmpty());
    const QString result = waitForPublish();
    QVERIFY2(result.startsWith(QStringLiteral("Published run %1").arg(approvedRun_)),
             qPrintable(result));
    QVERIFY(!result.contains(password_));

    const QString key = schema_.admin
                            ->column(QStringLiteral("SELECT run_key FROM merchbench.runs WHERE "
                                                    "project_run_id = $1"),
                                     {QString::number(approvedRun_)}, QStringLiteral("the key"))
                            .value(0);
    QVERIFY(!key.isEmpty());
    const QStringList rows = schema_.admin->column(
        QStringLiteral("SELECT concat_ws('|', product, store, week, new_price_minor) FROM "
                       "merchbench.price_changes WHERE run_key = $1 AND status = 'approved'"),
        {key}, QStringLiteral("reading the price changes"));
    QCOMPARE(QSet<QString>(rows.begin(), rows.end()), approved);
    QCOMPARE(rows.size(), approved.size());
    // Nothing but this run went in.
    QCOMPARE(schema_.admin->column(QStringLiteral("SELECT count(*) FROM merchbench.runs"), {},
                                   QStringLiteral("counting runs")),
             QStringList{QStringLiteral("1")});
    page_->setPublishQuestion([](const QString& text) {
        qWarning("unexpected question: %s", qPrintable(text));
        return false;
    });
}

void TestPgPublishGui::publishingAgainChangesNothing() {
    QVERIFY(approvedRun_ > 0);
    const QStringList before = published();
    QVERIFY(!before.isEmpty());
    QVERIFY(page_->publishPanel()->button()->isEnabled());
    QTest::mouseClick(page_->publishPanel()->button(), Qt::LeftButton);
    const QString result = waitForPublish();
    QVERIFY2(result.contains(QStringLiteral("nothing changed")), qPrintable(result));
    QCOMPARE(published(), before);
}

void TestPgPublishGui::aPlanOutOfDateIsNotPublished() {
    QVERIFY(approvedRun_ > 0);
    schema_.admin->exec(QStringLiteral("DELETE FROM merchbench.price_changes; "
                                       "DELETE FROM merchbench.runs"),
                        QStringLiteral("emptying the sink"));
    QDateEdit* exit = page_->exitDateEdit();
    const QDate planned = exit->date();
    exit->setDate(planned.addDays(7));
    QVERIFY(!page_->publishApproved());
    QVERIFY(!page_->publishPanel()->isPublishing());
    QVERIFY(page_->outOfDateBanner()->isOutOfDate());
    QCOMPARE(published(), QStringList());
    exit->setDate(planned);
}

void TestPgPublishGui::aBadSinkShowsTheErrorAndChangesNothing() {
    QVERIFY(approvedRun_ > 0);
    const QStringList before = published();
    const qint64 runsBefore =
        data::queryInt(data::Project::open(project_)->db(), "SELECT COUNT(*) FROM runs");
    // A database that does not exist on the same server: the connection is refused.
    QString bad = sink_;
    bad.replace(QStringLiteral("/merchbench_test?"), QStringLiteral("/no_such_database?"));
    QVERIFY(bad != sink_);
    setSink(bad);
    // Setting the sink again forgets nothing on screen: approve once more and publish there.
    QSignalSpy ended(page_->publishPanel(), &PublishPanel::publishEnded);
    page_->setPublishQuestion([](const QString&) { return true; });
    const qint64 run = page_->approveAsked();
    QVERIFY(run > 0);
    const QString result = waitForPublish();
    QVERIFY2(ended.count() == 1, qPrintable(result + QStringLiteral(" / ") + page_->statusText()));
    QCOMPARE(ended.front().at(1).toBool(), true);
    QVERIFY2(result.startsWith(QStringLiteral("Publishing failed:")), qPrintable(result));
    QVERIFY2(result.contains(QStringLiteral("no_such_database")), qPrintable(result));
    QVERIFY(result.contains(QStringLiteral("nothing was published")));
    QVERIFY(!result.contains(password_));
    QCOMPARE(published(), before);
    // The project keeps the approval and nothing else.
    QCOMPARE(data::queryInt(data::Project::open(project_)->db(), "SELECT COUNT(*) FROM runs"),
             runsBefore + 1);
    page_->setPublishQuestion([](const QString&) { return false; });
}

// The Targeting page publishes the offer list "Record offer list" recorded: its offered
// customers, control group left out, exactly.
void TestPgPublishGui::theRecordedOfferListIsPublished() {
    setSink(sink_);
    std::unique_ptr<QWidget> window;
    TargetingPage* page = nullptr;
    QVERIFY(mbtest::showPageInWindow(window, page, QSize(1400, 900)));
    {
        QSignalSpy shown(page, &TargetingPage::summaryShown);
        page->setConnection(connection_.get());
        QVERIFY(shown.wait(kWaitMs));
    }
    PublishPanel* panel = page->publishPanel();
    QVERIFY(!panel->isHidden());
    QCOMPARE(panel->sink(), sink_);
    {
        QSignalSpy planned(page, &TargetingPage::planShown);
        QVERIFY2(page->train(), qPrintable(page->statusText()));
        QVERIFY(planned.count() > 0 || planned.wait(kWaitMs));
        QTRY_VERIFY_WITH_TIMEOUT(page->plan() != nullptr, kWaitMs);
    }
    QVERIFY(!panel->button()->isEnabled());  // not recorded yet
    QSet<QString> offered;
    for (const targeting::OfferListRow& row : page->plan()->target.plan.rows)
        if (!row.control)
            offered.insert(row.customer + QLatin1Char('|') + row.offer);
    QVERIFY(offered.size() > 10);
    const qint64 run = page->recordOfferList();
    QVERIFY2(run > 0, qPrintable(page->statusText()));
    QVERIFY(panel->button()->isEnabled());
    QTest::mouseClick(panel->button(), Qt::LeftButton);
    QVERIFY(QTest::qWaitFor([panel] { return !panel->isPublishing(); }, kWaitMs));
    QVERIFY2(panel->resultText().startsWith(QStringLiteral("Published run %1").arg(run)),
             qPrintable(panel->resultText()));
    const QStringList rows = schema_.admin->column(
        QStringLiteral("SELECT concat_ws('|', o.customer, o.offer) FROM merchbench.offer_list o "
                       "JOIN merchbench.runs r USING (run_key) WHERE r.project_run_id = $1"),
        {QString::number(run)}, QStringLiteral("reading the offer list"));
    QCOMPARE(QSet<QString>(rows.begin(), rows.end()), offered);
    QCOMPARE(rows.size(), offered.size());
    page->setConnection(nullptr);
}

MERCHBENCH_GUI_TEST_MAIN(TestPgPublishGui)

#include "tst_pgpublishgui.moc"
