// The target request: every field survives toJson/fromJson, and a bad field is refused with an
// error that names it.
#include "RequestChecks.h"
#include "common/Error.h"
#include "targeting/TargetRequest.h"

#include <QJsonArray>
#include <QTest>

using namespace mb;
using namespace mb::targeting;

namespace {

// Every field away from its default value.
TargetRequest everyField() {
    TargetRequest request;
    request.campaign = QStringLiteral("spring_test");
    TargetingOffer a;
    a.offer = QStringLiteral("offer_a");
    a.category = QStringLiteral("snacks");
    a.product = QStringLiteral("P001");
    a.cost = 1.25;
    a.capacity = 300;
    TargetingOffer b;
    b.offer = QStringLiteral("offer_b");
    b.cost = 0.4;  // unlimited capacity
    request.offers = {a, b};
    request.offersSource = QStringLiteral("/data/offers.csv");
    request.budget = 1234.5;
    request.outcome = QStringLiteral("visit");
    request.valueOutcome = QStringLiteral("basket_value");
    request.fallbackValue = 7.5;
    request.marginRate = 0.35;
    request.model = UpliftMethod::Forest;
    request.capacities = {{QStringLiteral("offer_a"), 120.0}, {QStringLiteral("offer_b"), 0.0}};
    request.maxOffersPerCustomer = 2;
    request.maxContacts = 3;
    request.contactHistory = QStringLiteral("/data/history.csv");
    request.countProjectContacts = true;
    request.contactPeriodDays = 30;
    request.asOf = QStringLiteral("2024-06-30");
    request.contactAsOf = QStringLiteral("2024-06-29");
    request.eligibilityRules = {QStringLiteral("offer_a:segment=premium"),
                                QStringLiteral("*:recency_days<=90")};
    request.excludeSource = QStringLiteral("/data/complaints.csv");
    request.excludedCustomers = {QStringLiteral("C001"), QStringLiteral("C017")};
    request.holdout = 0.25;
    request.seed = 99;
    request.simulations = 321;
    request.refits = 4;
    request.budgetCurvePoints = 9;
    request.pseudonymised = true;
    return request;
}

}  // namespace

class TestTargetRequest : public QObject {
    Q_OBJECT

private slots:
    void everyFieldRoundTrips() {
        const TargetRequest request = everyField();
        QVERIFY(!(request == TargetRequest()));
        QCOMPARE(request.toJson().value(QStringLiteral("analysis")).toString(),
                 QStringLiteral("target"));
        QVERIFY(mbtest::roundTrips(request));
    }

    // Each field, changed alone, makes another request: none is lost on the way through JSON.
    void eachFieldCounts() {
        const TargetRequest base = everyField();
        QJsonObject json = base.toJson();
        for (auto it = json.begin(); it != json.end(); ++it) {
            if (it.key() == QLatin1String("analysis"))
                continue;
            QJsonObject changed = base.toJson();
            const QJsonValue value = it.value();
            QJsonValue other;
            if (value.isString())
                other = it.key().endsWith(QLatin1String("as_of")) ? QStringLiteral("2024-07-01")
                        : it.key() == QLatin1String("model")      ? QStringLiteral("tlearner")
                                                                  : value.toString() + u'x';
            else if (value.isBool())
                other = !value.toBool();
            else if (value.isDouble())
                other =
                    it.key() == QLatin1String("holdout") || it.key() == QLatin1String("margin_rate")
                        ? 0.5
                        : value.toDouble() + 1.0;
            else if (value.isArray())
                other = QJsonArray{value.toArray().first()};
            else if (value.isObject())
                other = QJsonObject{{QStringLiteral("offer_a"), 5}};
            changed.insert(it.key(), other);
            const TargetRequest read = TargetRequest::fromJson(changed);
            QVERIFY2(!(read == base), qPrintable(it.key()));
        }
    }

    void badFieldIsNamed_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::newRow("budget") << "budget" << QJsonValue(-3);
        QTest::newRow("holdout") << "holdout" << QJsonValue(1.0);
        QTest::newRow("model") << "model" << QJsonValue(QStringLiteral("magic"));
        QTest::newRow("as_of") << "as_of" << QJsonValue(QStringLiteral("30/06/2024"));
        QTest::newRow("offers") << "offers"
                                << QJsonValue(
                                       QJsonArray{QJsonObject{{"offer", "x"}, {"cost", -1}}});
        QTest::newRow("eligibility_rules")
            << "eligibility_rules" << QJsonValue(QJsonArray{QStringLiteral("no rule")});
        QTest::newRow("simulations") << "simulations" << QJsonValue(0);
        QTest::newRow("seed") << "seed" << QJsonValue(1.5);
        QTest::newRow("misspelt") << "budgte" << QJsonValue(5);
    }
    void badFieldIsNamed() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QJsonObject json = everyField().toJson();
        json.insert(field, value);
        const QString refused = mbtest::refusal<TargetRequest>(json);
        QVERIFY2(!refused.isEmpty(), "the request was accepted");
        QVERIFY2(refused.contains(field), qPrintable(refused));
    }

    // A contact history without a cap would count contacts for nothing.
    void historyNeedsCap() {
        QJsonObject json = everyField().toJson();
        json.insert(QStringLiteral("max_contacts"), QJsonValue());
        QVERIFY_THROWS_EXCEPTION(Error, TargetRequest::fromJson(json));
    }

    // The key itself is never part of a request.
    void noKeyField() {
        QJsonObject json = everyField().toJson();
        json.insert(QStringLiteral("pseudonymise_key"), QStringLiteral("0123456789abcdef0123"));
        QVERIFY_THROWS_EXCEPTION(Error, TargetRequest::fromJson(json));
    }
};

QTEST_GUILESS_MAIN(TestTargetRequest)
#include "tst_targetrequest.moc"
