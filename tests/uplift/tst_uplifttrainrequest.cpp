// The uplift-train request: every field survives toJson/fromJson, and a bad field is refused
// with an error that names it.
#include "RequestChecks.h"
#include "common/Error.h"
#include "targeting/UpliftTrainJob.h"

#include <QTest>

using namespace mb;
using namespace mb::targeting;

namespace {

UpliftTrainRequest everyField() {
    UpliftTrainRequest request;
    request.campaign = QStringLiteral("spring_test");
    request.model = UpliftMethod::Forest;
    request.outcome = QStringLiteral("spend");
    request.arm = QStringLiteral("offer_b");
    request.holdout = 0.4;
    request.seed = 17;
    request.criterion = SplitCriterion::ChiSquare;
    request.trees = 12;
    request.ridge = 0.05;
    return request;
}

}  // namespace

class TestUpliftTrainRequest : public QObject {
    Q_OBJECT

private slots:
    void everyFieldRoundTrips() {
        const UpliftTrainRequest request = everyField();
        QVERIFY(!(request == UpliftTrainRequest()));
        QCOMPARE(request.toJson().value(QStringLiteral("analysis")).toString(),
                 QStringLiteral("uplift-train"));
        QVERIFY(mbtest::roundTrips(request));
    }

    // Each field changed alone gives another request.
    void eachFieldCounts_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("campaign") << "campaign" << QJsonValue(QStringLiteral("other"));
        QTest::newRow("model") << "model" << QJsonValue(QStringLiteral("tlearner"));
        QTest::newRow("outcome") << "outcome" << QJsonValue(QStringLiteral("visit"));
        QTest::newRow("arm") << "arm" << QJsonValue(QString());
        QTest::newRow("holdout") << "holdout" << QJsonValue(0.2);
        QTest::newRow("seed") << "seed" << QJsonValue(18);
        QTest::newRow("criterion") << "criterion" << QJsonValue(QStringLiteral("ed"));
        QTest::newRow("trees") << "trees" << QJsonValue(13);
        QTest::newRow("ridge") << "ridge" << QJsonValue(0.01);
    }
    void eachFieldCounts() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = everyField().toJson();
        QVERIFY(json.contains(field));
        json.insert(field, value);
        QVERIFY(!(UpliftTrainRequest::fromJson(json) == everyField()));
    }

    void badFieldIsNamed_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("holdout") << "holdout" << QJsonValue(1.5);
        QTest::newRow("model") << "model" << QJsonValue(QStringLiteral("magic"));
        QTest::newRow("criterion") << "criterion" << QJsonValue(QStringLiteral("gini"));
        QTest::newRow("trees") << "trees" << QJsonValue(0);
        QTest::newRow("seed") << "seed" << QJsonValue(-1);
        QTest::newRow("campaign") << "campaign" << QJsonValue(QString());
        QTest::newRow("misspelt") << "tress" << QJsonValue(5);
    }
    void badFieldIsNamed() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = everyField().toJson();
        json.insert(field, value);
        const QString refused = mbtest::refusal<UpliftTrainRequest>(json);
        QVERIFY2(!refused.isEmpty(), "the request was accepted");
        QVERIFY2(refused.contains(field), qPrintable(refused));
    }
};

QTEST_GUILESS_MAIN(TestUpliftTrainRequest)
#include "tst_uplifttrainrequest.moc"
