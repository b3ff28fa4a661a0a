// The customer-features request: its field survives toJson/fromJson, and a bad one is named.
#include "RequestChecks.h"
#include "targeting/CustomerFeaturesJob.h"

#include <QTest>

using mb::targeting::CustomerFeaturesRequest;

class TestCustomerFeaturesRequest : public QObject {
    Q_OBJECT

private slots:
    void everyFieldRoundTrips() {
        CustomerFeaturesRequest request;
        request.asOf = QStringLiteral("2024-07-29");
        QVERIFY(!(request == CustomerFeaturesRequest()));
        QVERIFY(mbtest::roundTrips(request));
        QVERIFY(mbtest::roundTrips(CustomerFeaturesRequest()));
        QCOMPARE(request.asOfDay().value(), 19933);  // days from 1970-01-01
        QVERIFY(!CustomerFeaturesRequest().asOfDay());
    }

    void badFieldIsNamed() {
        QJsonObject json = CustomerFeaturesRequest().toJson();
        json.insert(QStringLiteral("as_of"), QStringLiteral("29/07/2024"));
        QVERIFY(mbtest::refusal<CustomerFeaturesRequest>(json).contains(QStringLiteral("as_of")));
        json = CustomerFeaturesRequest().toJson();
        json.insert(QStringLiteral("out"), QStringLiteral("features.csv"));  // not a request field
        QVERIFY(mbtest::refusal<CustomerFeaturesRequest>(json).contains(QStringLiteral("out")));
    }
};

QTEST_GUILESS_MAIN(TestCustomerFeaturesRequest)
#include "tst_customerfeaturesrequest.moc"
