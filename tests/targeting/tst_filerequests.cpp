// The requests of the targeting analyses of a file (uplift-eval, allocate): every field survives
// toJson/fromJson, each field counts, and a bad field is refused with an error naming it.
#include "RequestChecks.h"
#include "targeting/AllocateJob.h"
#include "targeting/UpliftEvalJob.h"

#include <QTest>

using namespace mb::targeting;

namespace {

UpliftEvalRequest everyEvalField() {
    UpliftEvalRequest request;
    request.file = QStringLiteral("/data/results.csv");
    request.treatmentColumn = QStringLiteral("group");
    request.treatmentValue = QStringLiteral("mail");
    request.controlValue = QStringLiteral("none");
    request.outcomeColumn = QStringLiteral("visit");
    request.scoreColumn = QStringLiteral("uplift");
    request.k = 500;
    request.strategy = TopKStrategy::ByGroup;
    request.bootstrap = 50;
    request.seed = 9;
    request.level = 0.9;
    request.negativeEffect = false;
    request.curves = true;
    return request;
}

AllocateRequest everyAllocateField() {
    AllocateRequest request;
    request.effects = QStringLiteral("/data/effects.csv");
    request.budget = 2500.5;
    request.capacities = {{QStringLiteral("o1"), 10.0}, {QStringLiteral("o2"), 0.0}};
    request.maxOffersPerCustomer = 3;
    request.holdout = 0.2;
    request.seed = 11;
    return request;
}

// Every field of the JSON, set to another valid value, gives another request.
template <typename Request>
QStringList lostFields(const Request& base, const QJsonObject& changes) {
    QStringList lost;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        QJsonObject json = base.toJson();
        if (!json.contains(it.key()))
            lost << it.key() + QStringLiteral(" (not written)");
        json.insert(it.key(), it.value());
        if (Request::fromJson(json) == base)
            lost << it.key();
    }
    if (changes.size() + 1 != base.toJson().size())
        lost << QStringLiteral("(a field without a change)");
    return lost;
}

}  // namespace

class TestFileRequests : public QObject {
    Q_OBJECT

private slots:
    void upliftEvalRoundTrips() {
        QVERIFY(!(everyEvalField() == UpliftEvalRequest()));
        QVERIFY(mbtest::roundTrips(everyEvalField()));
        const QJsonObject changes{{"file", "b.csv"},
                                  {"treatment_col", "t"},
                                  {"treatment_value", "y"},
                                  {"control_value", "n"},
                                  {"outcome_col", "o"},
                                  {"score_col", "s"},
                                  {"k", 0.5},
                                  {"strategy", "overall"},
                                  {"bootstrap", 0},
                                  {"seed", 10},
                                  {"level", 0.95},
                                  {"negative_effect", true},
                                  {"curves", false}};
        QCOMPARE(lostFields(everyEvalField(), changes), QStringList());
    }

    void allocateRoundTrips() {
        QVERIFY(!(everyAllocateField() == AllocateRequest()));
        QVERIFY(mbtest::roundTrips(everyAllocateField()));
        const QJsonObject changes{
            {"effects", "b.csv"},           {"budget", 10},   {"capacity", QJsonObject{{"o1", 11}}},
            {"max_offers_per_customer", 1}, {"holdout", 0.0}, {"seed", 12}};
        QCOMPARE(lostFields(everyAllocateField(), changes), QStringList());
    }

    void badFieldIsNamed_data() {
        QTest::addColumn<bool>("evaluation");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("eval k") << true << "k" << QJsonValue(0);
        QTest::newRow("eval level") << true << "level" << QJsonValue(1.5);
        QTest::newRow("eval strategy") << true << "strategy" << QJsonValue("best");
        QTest::newRow("eval score_col") << true << "score_col" << QJsonValue("");
        QTest::newRow("eval bootstrap") << true << "bootstrap" << QJsonValue(-1);
        QTest::newRow("eval misspelt") << true << "curve" << QJsonValue(true);
        QTest::newRow("allocate budget") << false << "budget" << QJsonValue(-1);
        QTest::newRow("allocate holdout") << false << "holdout" << QJsonValue(1.0);
        QTest::newRow("allocate capacity")
            << false << "capacity" << QJsonValue(QJsonObject{{"o1", -2}});
        QTest::newRow("allocate max offers") << false << "max_offers_per_customer" << QJsonValue(0);
        QTest::newRow("allocate misspelt") << false << "buget" << QJsonValue(3);
    }
    void badFieldIsNamed() {
        QFETCH(bool, evaluation);
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = evaluation ? everyEvalField().toJson() : everyAllocateField().toJson();
        json.insert(field, value);
        const QString refused = evaluation ? mbtest::refusal<UpliftEvalRequest>(json)
                                           : mbtest::refusal<AllocateRequest>(json);
        QVERIFY2(!refused.isEmpty(), "the request was accepted");
        QVERIFY2(refused.contains(field), qPrintable(refused));
    }
};

QTEST_GUILESS_MAIN(TestFileRequests)
#include "tst_filerequests.moc"
