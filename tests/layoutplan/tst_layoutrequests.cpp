// The requests of the layout area's jobs (layout, rules, affinity, traffic, qap) written to JSON
// and read back without loss, every field set away from its default; a bad field is refused
// with an error naming it.
#include "common/Error.h"
#include "layout/AffinityJob.h"
#include "layout/LayoutRequest.h"
#include "layout/QapJob.h"
#include "layout/RulesJob.h"
#include "traffic/TrafficJob.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

// Through text, as `run REQUEST.json` reads a request a file holds.
QJsonObject throughText(const QJsonObject& json) {
    return QJsonDocument::fromJson(QJsonDocument(json).toJson()).object();
}

// The error fromJson throws for `json`, empty when it throws none.
template <typename Request>
QString errorOf(const QJsonObject& json) {
    try {
        Request::fromJson(json);
    } catch (const mb::Error& error) {
        return error.message();
    }
    return {};
}

mb::layout::BasketInput everyBasketField() {
    mb::layout::BasketInput input;
    input.file = QStringLiteral("/data/baskets.tsv");
    input.options.format = mb::layout::BasketFormat::Long;
    input.options.level = mb::layout::BasketLevel::Category;
    input.options.basketColumn = QStringLiteral("receipt");
    input.options.itemColumn = QStringLiteral("department");
    input.options.delimiter = '\t';
    return input;
}

}  // namespace

class TestLayoutRequests : public QObject {
    Q_OBJECT

private slots:
    void layoutRoundTrip() {
        mb::layout::LayoutRequest request;
        request.optimise = true;
        request.seconds = 7.5;
        request.iterations = 12345;
        request.seed = (qint64(1) << 60) + 3;  // beyond a double's whole numbers
        request.fixed = {{QStringLiteral("produce"), QStringLiteral("Z01")},
                         {QStringLiteral("dairy"), QStringLiteral("Z04")}};
        request.forbidden = {{QStringLiteral("snacks"), QStringLiteral("Z09")}};
        request.capacity = 3;
        request.maxMoves = 4;
        request.weights = {0.7, 1.25, 0.05};
        request.impulse = {QStringLiteral("snacks"), QStringLiteral("seasonal")};
        request.closenessMetres = 12.5;
        request.start = {{QStringLiteral("bakery"), QStringLiteral("Z02")}};
        request.memoryLimit = 512 * 1024 * 1024;
        request.store = QStringLiteral("S0003");
        request.asOf = QStringLiteral("2024-06-01");
        mb::layout::ProximityEffect effect;
        effect.ratePer10m = 1.15;
        effect.ciLow = 1.05;
        effect.ciHigh = 1.3;
        request.effect = effect;
        const mb::layout::LayoutRequest defaults;
        QVERIFY(!(request == defaults));
        const auto back = mb::layout::LayoutRequest::fromJson(throughText(request.toJson()));
        QVERIFY(back == request);
        QCOMPARE(back.toJson(), request.toJson());
        // A request written before the move limit existed reads as "no limit".
        QJsonObject older = request.toJson();
        older.remove(QStringLiteral("max_moves"));
        QCOMPARE(mb::layout::LayoutRequest::fromJson(older).maxMoves, 0);
        // ... and one written before layouts per store reads the project's only plan, latest.
        older.remove(QStringLiteral("store"));
        older.remove(QStringLiteral("as_of"));
        QVERIFY(mb::layout::LayoutRequest::fromJson(older).store.isEmpty());
        QVERIFY(mb::layout::LayoutRequest::fromJson(older).asOf.isEmpty());
        // ... and one written before predictions in money uses the chain's effect.
        older.remove(QStringLiteral("effect"));
        older.remove(QStringLiteral("proposed_layout"));
        QVERIFY(!mb::layout::LayoutRequest::fromJson(older).effect);
        QVERIFY(mb::layout::LayoutRequest::fromJson(older).proposed.empty());
        QVERIFY(!request.replayMayDiffer());
        request.iterations = 0;
        QVERIFY(request.replayMayDiffer());
    }

    // A proposed layout to predict (not an optimisation) with a given effect.
    void layoutProposalRoundTrip() {
        mb::layout::LayoutRequest request;
        request.proposed = {{QStringLiteral("bakery"), QStringLiteral("Z02")},
                            {QStringLiteral("dairy"), QStringLiteral("Z03")}};
        mb::layout::ProximityEffect effect;
        effect.ratePer10m = 0.9;  // apart is better: unusual, but a rate ratio all the same
        effect.ciLow = 0.8;
        effect.ciHigh = 0.95;
        request.effect = effect;
        request.store = QStringLiteral("S2");
        const auto back = mb::layout::LayoutRequest::fromJson(throughText(request.toJson()));
        QVERIFY(back == request);
        QCOMPARE(back.toJson(), request.toJson());
        QVERIFY(!(back == mb::layout::LayoutRequest()));
        // Without a given effect, "effect" is null and reads back as none.
        request.effect.reset();
        QVERIFY(request.toJson().value(QStringLiteral("effect")).isNull());
        QVERIFY(mb::layout::LayoutRequest::fromJson(throughText(request.toJson())) == request);
    }

    void layoutBadFields_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("seconds") << "seconds" << QJsonValue(0);
        QTest::newRow("capacity") << "capacity" << QJsonValue(0);
        QTest::newRow("max_moves") << "max_moves" << QJsonValue(-1);
        QTest::newRow("fix") << "fix" << QJsonValue(QJsonArray{QStringLiteral("produce=Z01")});
        QTest::newRow("weights") << "weights"
                                 << QJsonValue(QJsonObject{{QStringLiteral("nearness"), 1}});
        QTest::newRow("seed") << "seed" << QJsonValue(-1);
        QTest::newRow("closeness") << "closeness_metres" << QJsonValue(0);
        QTest::newRow("unknown") << "speed" << QJsonValue(1);
        QTest::newRow("store") << "store" << QJsonValue(3);
        QTest::newRow("as_of") << "as_of" << QJsonValue(QStringLiteral("2024-02-30"));
        QTest::newRow("as_of not ISO") << "as_of" << QJsonValue(QStringLiteral("1/6/2024"));
        const auto effect = [](const QJsonValue& rate, const QJsonValue& low,
                               const QJsonValue& high) {
            return QJsonValue(QJsonObject{{QStringLiteral("rate_ratio_per_10m"), rate},
                                          {QStringLiteral("ci_low"), low},
                                          {QStringLiteral("ci_high"), high}});
        };
        QTest::newRow("effect low above rate") << "effect" << effect(1.1, 1.2, 1.3);
        QTest::newRow("effect not positive") << "effect" << effect(0, 0, 1.3);
        QTest::newRow("effect as text") << "effect" << effect(QStringLiteral("1.1"), 1.0, 1.3);
        QTest::newRow("effect without a bound")
            << "effect" << QJsonValue(QJsonObject{{QStringLiteral("rate_ratio_per_10m"), 1.1}});
        QTest::newRow("effect a number") << "effect" << QJsonValue(1.1);
        QTest::newRow("proposed_layout")
            << "proposed_layout" << QJsonValue(QJsonArray{QStringLiteral("bakery=Z02")});
    }
    void layoutBadFields() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = mb::layout::LayoutRequest().toJson();
        json.insert(field, value);
        const QString error = errorOf<mb::layout::LayoutRequest>(json);
        QVERIFY2(error.contains(field), qPrintable(error));
    }

    // A proposed layout and an optimisation would each be the proposal: refused together.
    void proposedWithOptimiseIsRefused() {
        mb::layout::LayoutRequest request;
        request.proposed = {{QStringLiteral("bakery"), QStringLiteral("Z02")}};
        QJsonObject json = request.toJson();
        json.insert(QStringLiteral("optimize"), true);
        const QString error = errorOf<mb::layout::LayoutRequest>(json);
        QVERIFY2(error.contains(QStringLiteral("proposed_layout")), qPrintable(error));
    }

    void rulesRoundTrip() {
        mb::layout::RulesRequest request;
        request.input = everyBasketField();
        request.rules.minSupport = 0.015;
        request.rules.minConfidence = 0.35;
        request.rules.minLift = 1.2;
        request.rules.minLength = 2;
        request.rules.maxLength = 4;
        request.memoryLimit = 1 << 30;
        const auto back = mb::layout::RulesRequest::fromJson(throughText(request.toJson()));
        QVERIFY(back == request);
        QVERIFY(!(back == mb::layout::RulesRequest()));
        QJsonObject bad = request.toJson();
        bad.insert(QStringLiteral("max_len"), 1);
        QVERIFY(errorOf<mb::layout::RulesRequest>(bad).contains(QStringLiteral("min_len")));
        bad = request.toJson();
        bad.insert(QStringLiteral("delimiter"), QStringLiteral(";;"));
        QVERIFY(errorOf<mb::layout::RulesRequest>(bad).contains(QStringLiteral("delimiter")));
        bad = request.toJson();
        bad.remove(QStringLiteral("min_confidence"));
        QVERIFY(errorOf<mb::layout::RulesRequest>(bad).contains(QStringLiteral("min_confidence")));
    }

    void affinityRoundTrip() {
        mb::layout::AffinityRequest request;
        request.input = everyBasketField();
        request.minSupport = 0.002;
        request.minBaskets = 25;
        request.memoryLimit = 3 << 20;
        const auto back = mb::layout::AffinityRequest::fromJson(throughText(request.toJson()));
        QVERIFY(back == request);
        QVERIFY(!(back == mb::layout::AffinityRequest()));
        QJsonObject bad = request.toJson();
        bad.insert(QStringLiteral("level"), QStringLiteral("aisle"));
        QVERIFY(errorOf<mb::layout::AffinityRequest>(bad).contains(QStringLiteral("level")));
        bad = request.toJson();
        bad.insert(QStringLiteral("min_support"), 2);
        QVERIFY(errorOf<mb::layout::AffinityRequest>(bad).contains(QStringLiteral("min_support")));
    }

    void trafficRoundTrip() {
        mb::traffic::TrafficRequest request;
        request.from = mb::traffic::TrafficRequest::From::Counts;
        request.topPaths = 7;
        request.tripGapSeconds = 900;
        request.memoryLimit = 1 << 28;
        request.shopperIds = mb::traffic::TrafficRequest::Ids::PerDay;
        const auto back = mb::traffic::TrafficRequest::fromJson(throughText(request.toJson()));
        QVERIFY(back == request);
        QVERIFY(!(back == mb::traffic::TrafficRequest()));
        QJsonObject bad = request.toJson();
        bad.insert(QStringLiteral("from"), QStringLiteral("cameras"));
        QVERIFY(errorOf<mb::traffic::TrafficRequest>(bad).contains(QStringLiteral("from")));
        bad = request.toJson();
        bad.insert(QStringLiteral("trip_gap"), -5);
        QVERIFY(errorOf<mb::traffic::TrafficRequest>(bad).contains(QStringLiteral("trip_gap")));
        bad = request.toJson();
        bad.insert(QStringLiteral("shopper_ids"), QStringLiteral("weekly"));
        QVERIFY(errorOf<mb::traffic::TrafficRequest>(bad).contains(QStringLiteral("shopper_ids")));
    }

    void qapRoundTrip() {
        mb::layout::QapRequest request;
        request.instance = QStringLiteral("/data/qaplib/tai12a.dat");
        request.seconds = 3.25;
        request.iterations = 5000;
        request.seed = 99;
        const auto back = mb::layout::QapRequest::fromJson(throughText(request.toJson()));
        QVERIFY(back == request);
        QVERIFY(!(back == mb::layout::QapRequest()));
        QVERIFY(!request.replayMayDiffer());
        QJsonObject bad = request.toJson();
        bad.remove(QStringLiteral("instance"));
        QVERIFY(errorOf<mb::layout::QapRequest>(bad).contains(QStringLiteral("instance")));
        bad = request.toJson();
        bad.insert(QStringLiteral("analysis"), QStringLiteral("layout"));
        QVERIFY(!errorOf<mb::layout::QapRequest>(bad).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLayoutRequests)
#include "tst_layoutrequests.moc"
