// `chain-status --sink postgresql://... --run-key K --shards N`: which shards of a chain run the
// sink's merchbench.run_shards holds, which are missing, and the totals, as chain-run.sh reads
// them (exit 0 all in, 3 some missing, 2 unreadable or mixed requests).
#include "CliRun.h"
#include "PgTestServer.h"

#include <QJsonArray>
#include <QTest>

using mbtest::runCli;

class TestPgChainStatus : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void aSinkWithoutTheTableHasEveryShardMissing();
    void missingShardsAndTotalsAreThoseOfTheRowsIn();
    void aCompleteRunExitsZero();
    void shardsFromDifferentRequestsAreNotOneRun();
    void aCoupledRunShowsTheRoundItWaitsFor();
    void badUsageIsNamed();
    void cleanupTestCase() const;

private:
    mbtest::CliRun status(const QString& key, int shards, bool json = true) const {
        QStringList arguments{QStringLiteral("chain-status"),
                              QStringLiteral("--sink"),
                              uri_,
                              QStringLiteral("--run-key"),
                              key,
                              QStringLiteral("--shards"),
                              QString::number(shards)};
        if (json)
            arguments << QStringLiteral("--json");
        return runCli(arguments);
    }
    // One row as a shard would publish it (the contract's columns), values chosen per test.
    void insertShard(const QString& key, int shard, int shards, long long items,
                     long long priceChanges, double seconds,
                     const QString& request = QStringLiteral("{\"analysis\":\"markdown\"}")) const;

    QString uri_;
    mbtest::PgScratchSchema schema_;  // holds the admin connection
};

void TestPgChainStatus::initTestCase() {
    MB_TEST_PG_URI(uri);
    uri_ = uri;
    schema_.create(uri, QStringLiteral("tst_pgchainstatus"));
    schema_.admin->exec(QStringLiteral("DROP TABLE IF EXISTS merchbench.run_shards CASCADE"),
                        QStringLiteral("starting without run_shards"));
}

void TestPgChainStatus::insertShard(const QString& key, int shard, int shards, long long items,
                                    long long priceChanges, double seconds,
                                    const QString& request) const {
    schema_.admin->execParams(
        QStringLiteral("INSERT INTO merchbench.run_shards (run_key, shard, shards, analysis, "
                       "items, price_changes, seconds, request, fingerprint, version) VALUES "
                       "($1, $2::int, $3::int, 'markdown', $4::bigint, $5::bigint, "
                       "$6::double precision, $7, 'fp', 'test')"),
        {key, QString::number(shard), QString::number(shards), QString::number(items),
         QString::number(priceChanges), QString::number(seconds, 'g', 17), request},
        QStringLiteral("inserting a shard row"));
}

void TestPgChainStatus::aSinkWithoutTheTableHasEveryShardMissing() {
    const auto run = status(QStringLiteral("nothing-yet"), 4);
    QCOMPARE(run.exitCode, 3);
    QCOMPARE(run.json().value(QStringLiteral("missing")).toArray(), (QJsonArray{1, 2, 3, 4}));
    QCOMPARE(run.json().value(QStringLiteral("complete")).toBool(), false);
    // The password never reaches what the tool prints.
    QVERIFY(!mbtest::passwordOf(uri_).isEmpty());
    QVERIFY(!run.out.contains(mbtest::passwordOf(uri_).toUtf8()));
}

void TestPgChainStatus::missingShardsAndTotalsAreThoseOfTheRowsIn() {
    // The table as the shard contract defines it (shard15's publisher creates the same).
    schema_.admin->exec(
        QStringLiteral("CREATE SCHEMA IF NOT EXISTS merchbench; "
                       "CREATE TABLE IF NOT EXISTS merchbench.run_shards (run_key text, shard "
                       "int, shards int, analysis text, items bigint, price_changes bigint, "
                       "seconds double precision, request text, fingerprint text, version text, "
                       "published_at timestamptz default now(), "
                       "primary key (run_key, shard, shards))"),
        QStringLiteral("creating run_shards"));
    insertShard(QStringLiteral("week-49"), 1, 3, 120, 40, 2.5);
    insertShard(QStringLiteral("week-49"), 3, 3, 80, 15, 4.25);
    // Another split of the same key, and another key: neither counts.
    insertShard(QStringLiteral("week-49"), 2, 2, 999, 999, 99);
    insertShard(QStringLiteral("week-48"), 2, 3, 777, 777, 77);

    const auto run = status(QStringLiteral("week-49"), 3);
    QCOMPARE(run.exitCode, 3);
    const QJsonObject json = run.json();
    QCOMPARE(json.value(QStringLiteral("missing")).toArray(), (QJsonArray{2}));
    QCOMPARE(json.value(QStringLiteral("items")).toInteger(), 120 + 80);
    QCOMPARE(json.value(QStringLiteral("price_changes")).toInteger(), 40 + 15);
    QCOMPARE(json.value(QStringLiteral("seconds_sum")).toDouble(), 2.5 + 4.25);
    QCOMPARE(json.value(QStringLiteral("seconds_max")).toDouble(), 4.25);
    QCOMPARE(json.value(QStringLiteral("other_shard_counts")).toArray(), (QJsonArray{2}));
    const QJsonArray published = json.value(QStringLiteral("published")).toArray();
    QCOMPARE(published.size(), 2);
    QCOMPARE(published.at(1).toObject().value(QStringLiteral("shard")).toInt(), 3);
    QVERIFY(!published.at(0).toObject().value(QStringLiteral("published_at")).toString().isEmpty());

    const auto text = status(QStringLiteral("week-49"), 3, false);
    QCOMPARE(text.exitCode, 3);
    QVERIFY2(text.out.contains("2 of 3 shards in; missing: 2."), text.out.constData());
    QVERIFY2(text.out.contains("items 200, price changes 55"), text.out.constData());
    QVERIFY2(text.out.contains("also has shards published for N = 2"), text.out.constData());
}

void TestPgChainStatus::aCompleteRunExitsZero() {
    insertShard(QStringLiteral("week-49"), 2, 3, 1000, 1, 0.5);
    const auto run = status(QStringLiteral("week-49"), 3);
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.json().value(QStringLiteral("missing")).toArray(), QJsonArray());
    QCOMPARE(run.json().value(QStringLiteral("complete")).toBool(), true);
    QCOMPARE(run.json().value(QStringLiteral("items")).toInteger(), 120 + 1000 + 80);
    // The 2-way split of the same key is complete only in its shard 2.
    QCOMPARE(status(QStringLiteral("week-49"), 2).exitCode, 3);
}

void TestPgChainStatus::shardsFromDifferentRequestsAreNotOneRun() {
    insertShard(QStringLiteral("mixed"), 1, 2, 1, 1, 1, QStringLiteral("{\"seed\":1}"));
    insertShard(QStringLiteral("mixed"), 2, 2, 1, 1, 1, QStringLiteral("{\"seed\":2}"));
    const auto run = status(QStringLiteral("mixed"), 2);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("different requests"), run.err.constData());
    QCOMPARE(run.json().value(QStringLiteral("requests_differ")).toBool(), true);
}

void TestPgChainStatus::aCoupledRunShowsTheRoundItWaitsFor() {
    // A budgeted run's shards share the budget's rounds: shard 2 has not published round 1, so
    // shards 1 and 3 wait for it; the operator sees which.
    schema_.admin->exec(
        QStringLiteral("CREATE TABLE IF NOT EXISTS merchbench.shard_rounds (run_key text, shards "
                       "int, exchange text, round int, shard int, value double precision, units "
                       "bigint, request text, published_at timestamptz default now(), primary key "
                       "(run_key, shards, exchange, round, shard)); DELETE FROM "
                       "merchbench.shard_rounds WHERE run_key = 'week-50'"),
        QStringLiteral("creating shard_rounds"));
    const auto round = [&](const QString& key, int shards, int round, int shard) {
        schema_.admin->execParams(
            QStringLiteral("INSERT INTO merchbench.shard_rounds (run_key, shards, exchange, "
                           "round, shard, value, units, request) VALUES ($1, $2::int, 'budget', "
                           "$3::int, $4::int, 0.5, 10, '{}')"),
            {key, QString::number(shards), QString::number(round), QString::number(shard)},
            QStringLiteral("inserting a round"));
    };
    for (const int shard : {1, 2, 3})
        round(QStringLiteral("week-50"), 3, 0, shard);
    round(QStringLiteral("week-50"), 3, 1, 1);
    round(QStringLiteral("week-50"), 3, 1, 3);
    round(QStringLiteral("week-50"), 2, 4, 1);  // another split: not this run's
    const auto run = status(QStringLiteral("week-50"), 3);
    QCOMPARE(run.exitCode, 3);
    const QJsonArray rounds = run.json().value(QStringLiteral("rounds")).toArray();
    QCOMPARE(rounds.size(), 1);
    const QJsonObject latest = rounds.at(0).toObject();
    QCOMPARE(latest.value(QStringLiteral("exchange")).toString(), QStringLiteral("budget"));
    QCOMPARE(latest.value(QStringLiteral("round")).toInt(), 1);
    QCOMPARE(latest.value(QStringLiteral("shards_in")).toArray(), (QJsonArray{1, 3}));
    QCOMPARE(latest.value(QStringLiteral("waiting_for")).toArray(), (QJsonArray{2}));
    const auto text = status(QStringLiteral("week-50"), 3, false);
    QVERIFY2(text.out.contains("shared markdown budget: round 1 published by shards 1, 3; "
                               "waiting for 2."),
             text.out.constData());
    // A run without shared rounds says nothing of them.
    QCOMPARE(status(QStringLiteral("week-49"), 3).json().value(QStringLiteral("rounds")).toArray(),
             QJsonArray());
}

void TestPgChainStatus::badUsageIsNamed() {
    const auto zero = status(QStringLiteral("k"), 0);
    QCOMPARE(zero.exitCode, 1);
    QVERIFY2(zero.err.contains("--shards"), zero.err.constData());
    const auto noUri =
        runCli({QStringLiteral("chain-status"), QStringLiteral("--sink"), QStringLiteral("sink.db"),
                QStringLiteral("--run-key"), QStringLiteral("k"), QStringLiteral("--shards"),
                QStringLiteral("2")});
    QCOMPARE(noUri.exitCode, 1);
    QVERIFY2(noUri.err.contains("postgresql://"), noUri.err.constData());
    // A server that is not there is an input error, its password not quoted.
    QString wrong = uri_;
    wrong.replace(QStringLiteral("merchbench_test"), QStringLiteral("no_such_database"));
    const auto unreachable = runCli({QStringLiteral("chain-status"), QStringLiteral("--sink"),
                                     wrong, QStringLiteral("--run-key"), QStringLiteral("k"),
                                     QStringLiteral("--shards"), QStringLiteral("2")});
    QCOMPARE(unreachable.exitCode, 2);
    QVERIFY(!unreachable.err.contains(mbtest::passwordOf(uri_).toUtf8()));
}

void TestPgChainStatus::cleanupTestCase() const {
    if (schema_.admin)
        schema_.admin->exec(QStringLiteral("DROP TABLE IF EXISTS merchbench.run_shards CASCADE"),
                            QStringLiteral("dropping run_shards"));
}

QTEST_GUILESS_MAIN(TestPgChainStatus)
#include "tst_pgchainstatus.moc"
