// `publish PROJECT RUN_ID --to postgresql://...`: a recorded run's decisions land in the
// merchbench tables of a real PostgreSQL server with the run's provenance, in one transaction,
// once, by a role that may only SELECT and INSERT there.
#include "CliRun.h"
#include "PgTestServer.h"
#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"
#include "pg/PgConnection.h"
#include "pg/PgCopyIn.h"
#include "pg/RunPublisher.h"

#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <thread>

using mbtest::runCli;

class TestPgPublish : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aRoleThatMayNotCreateTablesIsToldWhatTheDbaRuns();
    void aLimitedRolePublishesEveryPriceChangeWithItsProvenance();
    void publishingAgainChangesNothing();
    void anotherRunUnderTheSameKeyIsRefused();
    void offersAndLayoutRowsArePublished();
    void aFailurePartWayLeavesNothing();
    void rowsKeepEveryCharacterAndNull();
    void publishersCreatingTheTablesAtOnceAllSucceed();
    void cleanupTestCase();

private:
    QString runOf(const QString& analysis) const;
    // Every row of the merchbench tables, ordered, as text: what a store system would read.
    QStringList published() const;
    mbtest::CliRun publish(const QStringList& extra, const QString& uri) const {
        return runCli(QStringList{QStringLiteral("publish"), project_} + extra +
                      QStringList{QStringLiteral("--to"), uri});
    }

    QString adminUri_;
    QString publisherUri_;
    QString role_;
    QString project_;
    QTemporaryDir dir_;
    mbtest::PgScratchSchema schema_;  // holds the admin connection
};

void TestPgPublish::initTestCase() {
    MB_TEST_PG_URI(uri);
    adminUri_ = uri;
    schema_.create(uri, QStringLiteral("tst_pgpublish"));
    // A fresh sink: no merchbench schema, and a role with a password and no other rights.
    role_ = QStringLiteral("tst_publisher_%1").arg(QCoreApplication::applicationPid());
    const QString password = QStringLiteral("pw%1").arg(QCoreApplication::applicationPid());
    schema_.admin->exec(QStringLiteral("DROP SCHEMA IF EXISTS merchbench CASCADE; "
                                       "DROP ROLE IF EXISTS %1; "
                                       "CREATE ROLE %1 LOGIN PASSWORD '%2'; "
                                       "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
                            .arg(role_, password),
                        QStringLiteral("making the publishing role"));
    publisherUri_ = uri;
    publisherUri_.replace(QRegularExpression(QStringLiteral("^postgresql://[^:@]*:[^@]*@")),
                          QStringLiteral("postgresql://%1:%2@").arg(role_, password));
    QVERIFY(publisherUri_.contains(role_));
    const auto demo = runCli({QStringLiteral("demo"), dir_.filePath(QStringLiteral("demo"))});
    QVERIFY2(demo.exitCode == 0, demo.err.constData());
    project_ = dir_.filePath(QStringLiteral("demo/demo.merchbench"));
}

QString TestPgPublish::runOf(const QString& analysis) const {
    auto project = mb::data::Project::open(project_);
    mb::data::Statement statement(project->db(),
                                  "SELECT id FROM runs WHERE analysis = ?1 ORDER BY id DESC");
    statement.bind(1, analysis);
    return statement.step() ? QString::number(statement.int64(0)) : QString();
}

QStringList TestPgPublish::published() const {
    return mbtest::publishedRows(adminUri_);
}

void TestPgPublish::aRoleThatMayNotCreateTablesIsToldWhatTheDbaRuns() {
    const auto refused = publish(
        {runOf(QStringLiteral("markdown")), QStringLiteral("--run-key"), QStringLiteral("first")},
        publisherUri_);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("publish --schema-sql"), refused.err.constData());
    QVERIFY2(refused.err.contains("nothing was published"), refused.err.constData());
    // The DBA's one-time statements, as the tool prints them.
    const auto sql = runCli({QStringLiteral("publish"), QStringLiteral("--schema-sql"),
                             QStringLiteral("--role"), role_});
    QCOMPARE(sql.exitCode, 0);
    QVERIFY(sql.out.contains("GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA merchbench TO " +
                             role_.toUtf8()));
    schema_.admin->exec(QString::fromUtf8(sql.out), QStringLiteral("the DBA's statements"));
    // The role has no more than that.
    const QStringList rights = schema_.admin->column(
        QStringLiteral("SELECT concat_ws(',', has_table_privilege($1, t, 'UPDATE'), "
                       "has_table_privilege($1, t, 'DELETE'), "
                       "has_schema_privilege($1, 'merchbench', 'CREATE')) "
                       "FROM unnest(ARRAY['merchbench.runs', 'merchbench.price_changes']) AS t"),
        {role_}, QStringLiteral("reading the role's rights"));
    QCOMPARE(rights, (QStringList{QStringLiteral("f,f,f"), QStringLiteral("f,f,f")}));
}

void TestPgPublish::aLimitedRolePublishesEveryPriceChangeWithItsProvenance() {
    const QString run = runOf(QStringLiteral("markdown"));
    const auto done = publish(
        {run, QStringLiteral("--run-key"), QStringLiteral("season-1"), QStringLiteral("--json")},
        publisherUri_);
    QVERIFY2(done.exitCode == 0, done.err.constData());
    QCOMPARE(done.json().value(QStringLiteral("already_published")).toBool(), false);

    // Every price change the project recorded, by product, store, week and price.
    QSet<QString> recorded;
    {
        auto project = mb::data::Project::open(project_);
        mb::data::Statement decisions(
            project->db(),
            "SELECT payload FROM decisions WHERE run_id = ?1 AND kind = 'price_change'");
        decisions.bind(1, static_cast<std::int64_t>(run.toLongLong()));
        while (decisions.step()) {
            const QJsonObject payload =
                QJsonDocument::fromJson(decisions.text(0).toUtf8()).object();
            recorded.insert(QStringLiteral("%1|%2|%3|%4")
                                .arg(payload[QStringLiteral("product")].toString(),
                                     payload[QStringLiteral("store")].toString(),
                                     payload[QStringLiteral("week")].toString())
                                .arg(payload[QStringLiteral("price_cents")].toInteger()));
        }
    }
    QVERIFY(recorded.size() > 10);
    const QStringList rows = schema_.admin->column(
        QStringLiteral("SELECT concat_ws('|', product, store, week, new_price_minor) FROM "
                       "merchbench.price_changes WHERE run_key = 'season-1' "
                       "AND new_price * 100 = new_price_minor AND expected_revenue IS NOT NULL"),
        {}, QStringLiteral("reading the price changes"));
    QCOMPARE(QSet<QString>(rows.begin(), rows.end()), recorded);
    QCOMPARE(rows.size(), recorded.size());

    // The provenance is the request `request PROJECT RUN_ID` prints.
    const auto request = runCli({QStringLiteral("request"), project_, run});
    QCOMPARE(request.exitCode, 0);
    const QStringList provenance = schema_.admin->column(
        QStringLiteral("SELECT request::text || E'\\n' || input_fingerprint || E'\\n' || "
                       "analysis || E'\\n' || decisions FROM merchbench.runs WHERE run_key = "
                       "'season-1'"),
        {}, QStringLiteral("reading the run"));
    QCOMPARE(provenance.size(), 1);
    const QStringList parts = provenance.at(0).split(u'\n');
    const QJsonObject expected = request.json();
    QCOMPARE(QJsonDocument::fromJson(parts.at(0).toUtf8()).object(), expected);
    QCOMPARE(parts.at(1), expected.value(QStringLiteral("input_fingerprint")).toString());
    QCOMPARE(parts.at(2), QStringLiteral("markdown"));
    QCOMPARE(parts.at(3).toInt(), recorded.size());
}

void TestPgPublish::publishingAgainChangesNothing() {
    const QStringList before = published();
    QVERIFY(!before.isEmpty());
    const auto again = publish({runOf(QStringLiteral("markdown")), QStringLiteral("--run-key"),
                                QStringLiteral("season-1")},
                               publisherUri_);
    QVERIFY2(again.exitCode == 0, again.err.constData());
    QVERIFY2(again.out.contains("nothing changed"), again.out.constData());
    QCOMPARE(published(), before);
    // Without a key the run's own key is used, and that too is published once.
    for (int i = 0; i < 2; ++i) {
        const auto keyless = publish({runOf(QStringLiteral("markdown"))}, publisherUri_);
        QVERIFY2(keyless.exitCode == 0, keyless.err.constData());
    }
    QCOMPARE(published().size(), 2 * before.size());  // one more run, its changes once
}

void TestPgPublish::anotherRunUnderTheSameKeyIsRefused() {
    const QStringList before = published();
    const auto other = publish(
        {runOf(QStringLiteral("target")), QStringLiteral("--run-key"), QStringLiteral("season-1")},
        publisherUri_);
    QCOMPARE(other.exitCode, 2);
    QVERIFY2(other.err.contains("already holds another run"), other.err.constData());
    QCOMPARE(published(), before);
}

void TestPgPublish::offersAndLayoutRowsArePublished() {
    const auto offers = publish({runOf(QStringLiteral("target")), QStringLiteral("--run-key"),
                                 QStringLiteral("offers-1"), QStringLiteral("--json")},
                                publisherUri_);
    QVERIFY2(offers.exitCode == 0, offers.err.constData());
    const auto layout = publish({runOf(QStringLiteral("layout")), QStringLiteral("--run-key"),
                                 QStringLiteral("layout-1"), QStringLiteral("--json")},
                                publisherUri_);
    QVERIFY2(layout.exitCode == 0, layout.err.constData());
    auto project = mb::data::Project::open(project_);
    const qint64 offerCount = mb::data::queryInt(
        project->db(), "SELECT count(*) FROM decisions WHERE run_id = " +
                           runOf(QStringLiteral("target")).toStdString() + " AND kind = 'offer'");
    const qint64 layoutCount =
        mb::data::queryInt(project->db(), "SELECT count(*) FROM decisions WHERE run_id = " +
                                              runOf(QStringLiteral("layout")).toStdString() +
                                              " AND kind = 'layout_move'");
    QVERIFY(offerCount > 0 && layoutCount > 0);
    QCOMPARE(offers.json().value(QStringLiteral("offer_list")).toInteger(), offerCount);
    QCOMPARE(layout.json().value(QStringLiteral("layout_scenario")).toInteger(), layoutCount);
    QCOMPARE(schema_.admin
                 ->column(QStringLiteral("SELECT count(*) FROM merchbench.offer_list WHERE "
                                         "run_key = 'offers-1' AND offer IS NOT NULL"),
                          {}, QStringLiteral("counting offers"))
                 .value(0)
                 .toLongLong(),
             offerCount);
    QCOMPARE(schema_.admin
                 ->column(QStringLiteral("SELECT count(*) FROM merchbench.layout_scenario WHERE "
                                         "run_key = 'layout-1' AND proposed_zone IS NOT NULL"),
                          {}, QStringLiteral("counting layout rows"))
                 .value(0)
                 .toLongLong(),
             layoutCount);
}

void TestPgPublish::aFailurePartWayLeavesNothing() {
    // The run's row goes in first; its price changes are refused: nothing of it may stay.
    schema_.admin->exec(
        QStringLiteral("REVOKE INSERT ON merchbench.price_changes FROM %1").arg(role_),
        QStringLiteral("revoking"));
    const QStringList before = published();
    const auto failed = publish({runOf(QStringLiteral("markdown")), QStringLiteral("--run-key"),
                                 QStringLiteral("season-2")},
                                publisherUri_);
    schema_.admin->exec(QStringLiteral("GRANT INSERT ON merchbench.price_changes TO %1").arg(role_),
                        QStringLiteral("granting"));
    QCOMPARE(failed.exitCode, 2);
    QVERIFY2(failed.err.contains("price_changes"), failed.err.constData());
    QCOMPARE(published(), before);
}

void TestPgPublish::rowsKeepEveryCharacterAndNull() {
    const QString table = schema_.name + QStringLiteral(".texts");
    schema_.admin->exec(QStringLiteral("CREATE TABLE %1 (n integer, t text)").arg(table),
                        QStringLiteral("making the table"));
    const QStringList texts{QStringLiteral("tab\there"), QStringLiteral("two\nlines\r\n"),
                            QStringLiteral("back\\slash \\N"), QStringLiteral(""),
                            QStringLiteral("caf\u00e9 \u20ac")};
    {
        mb::pg::PgCopyIn copy(*schema_.admin, table, {QStringLiteral("n"), QStringLiteral("t")});
        for (int i = 0; i < texts.size(); ++i)
            copy.addRow({QString::number(i), texts[i]});
        copy.addRow({QString::number(texts.size()), QString()});
        QCOMPARE(copy.finish(), texts.size() + 1);
    }
    const QStringList back = schema_.admin->column(
        QStringLiteral("SELECT coalesce(t, 'NULL!') FROM %1 ORDER BY n").arg(table), {},
        QStringLiteral("reading back"));
    QCOMPARE(back, texts + QStringList{QStringLiteral("NULL!")});
}

void TestPgPublish::publishersCreatingTheTablesAtOnceAllSucceed() {
    // Shards of a chain run start together on a sink without the tables. The first creates them
    // and has not committed when the second looks: the second must wait for it, not fail on the
    // catalogue's unique index as two concurrent CREATE TABLE IF NOT EXISTS do.
    schema_.admin->exec(QStringLiteral("DROP SCHEMA merchbench CASCADE"),
                        QStringLiteral("dropping the sink"));
    mb::pg::PgConnection first(adminUri_);
    first.exec(QStringLiteral("BEGIN"), QStringLiteral("starting"));
    mb::pg::ensurePublishTables(first, mb::pg::SinkTables::Shards);
    QString secondError = QStringLiteral("did not finish");
    std::thread second([&] {
        try {
            mb::pg::PgConnection connection(adminUri_);
            connection.exec(QStringLiteral("BEGIN"), QStringLiteral("starting"));
            mb::pg::ensurePublishTables(connection, mb::pg::SinkTables::Shards);
            connection.exec(QStringLiteral("COMMIT"), QStringLiteral("committing"));
            secondError.clear();
        } catch (const mb::Error& error) {
            secondError = error.message();
        }
    });
    QThread::msleep(500);  // the second is waiting by now (if it is not, it sees the tables)
    first.exec(QStringLiteral("COMMIT"), QStringLiteral("committing"));
    second.join();
    QVERIFY2(secondError.isEmpty(), qPrintable(secondError));
    const QStringList tables = schema_.admin->column(
        QStringLiteral("SELECT count(*)::text FROM pg_tables WHERE schemaname = 'merchbench'"), {},
        QStringLiteral("counting the tables"));
    QCOMPARE(tables, QStringList{QStringLiteral("10")});  // with the coupled runs' four
}

void TestPgPublish::cleanupTestCase() {
    if (schema_.admin && !role_.isEmpty())
        schema_.admin->exec(QStringLiteral("REVOKE ALL ON ALL TABLES IN SCHEMA merchbench FROM %1; "
                                           "REVOKE ALL ON SCHEMA merchbench FROM %1; DROP ROLE %1")
                                .arg(role_),
                            QStringLiteral("dropping the publishing role"));
}

QTEST_GUILESS_MAIN(TestPgPublish)
#include "tst_pgpublish.moc"
