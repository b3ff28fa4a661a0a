// The demand request: every field survives JSON, and a bad field is refused by name.
#include "demand/DemandJob.h"

#include "common/Error.h"

#include <QJsonArray>
#include <QtTest>

using mb::demand::DemandRequest;

class DemandRequestTest : public QObject {
    Q_OBJECT

    // Every field away from its default, so a field toJson or fromJson dropped would show.
    static DemandRequest everyFieldSet() {
        DemandRequest request;
        request.level = mb::demand::DemandLevel::Category;
        request.method = mb::demand::DemandMethod::Poisson;
        request.holdoutWeeks = 13;
        request.seasonality = false;
        request.lifecycle = false;
        request.harmonics = 5;
        request.ownSeasonWeeks = 60;
        request.relaunchGapWeeks = 9;
        request.censoring = false;
        request.products = {QStringLiteral("P002"), QStringLiteral("P001")};
        request.stores = {QStringLiteral("S7")};
        request.asOf = QDate(2024, 3, 31);
        return request;
    }

    static QString errorOf(const QJsonObject& json) {
        try {
            DemandRequest::fromJson(json);
        } catch (const mb::Error& error) {
            return error.message();
        }
        return {};
    }

private Q_SLOTS:
    void everyFieldRoundTrips() {
        const DemandRequest request = everyFieldSet();
        QVERIFY(!(request == DemandRequest()));
        const QJsonObject json = request.toJson();
        QCOMPARE(json.value(QStringLiteral("analysis")).toString(), QStringLiteral("demand"));
        QVERIFY(DemandRequest::fromJson(json) == request);
        // And through text, as a request file is read.
        const QJsonObject reread = QJsonDocument::fromJson(QJsonDocument(json).toJson()).object();
        QVERIFY(DemandRequest::fromJson(reread) == request);
        QCOMPARE(DemandRequest::fromJson(reread).toJson(), json);
    }

    void defaultsRoundTrip() {
        const DemandRequest request;
        QVERIFY(DemandRequest::fromJson(request.toJson()) == request);
        // A request with only its analysis is the defaults, as the CLI's are.
        QVERIFY(DemandRequest::fromJson(QJsonObject{
                    {QStringLiteral("analysis"), QStringLiteral("demand")}}) == request);
    }

    void optionsAndFilterFollowTheRequest() {
        const DemandRequest request = everyFieldSet();
        const auto options = request.options(3);
        QCOMPARE(options.holdoutWeeks, 13);
        QCOMPARE(options.harmonics, 5);
        QCOMPARE(options.ownSeasonWeeks, 60);
        QCOMPARE(options.relaunchGapWeeks, 9);
        QCOMPARE(options.threads, 3);
        QVERIFY(!options.seasonality && !options.lifecycle);
        QCOMPARE(request.filter().through, QDate(2024, 3, 31));
        QCOMPARE(request.filter().products, request.products);
    }

    void badFieldIsNamed_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("level") << "level" << QJsonValue("aisle") << "level: expected one of";
        QTest::newRow("method") << "method" << QJsonValue(3) << "method: expected text, got 3";
        QTest::newRow("holdout")
            << "holdout_weeks" << QJsonValue(-1)
            << "holdout_weeks: expected a whole number from 0 to 10000, got -1";
        QTest::newRow("holdout fraction")
            << "holdout_weeks" << QJsonValue(2.5) << "holdout_weeks: expected a whole number";
        QTest::newRow("harmonics") << "harmonics" << QJsonValue(40)
                                   << "harmonics: expected a whole number from 0 to 26, got 40";
        QTest::newRow("seasonality") << "seasonality" << QJsonValue("yes")
                                     << "seasonality: expected true or false, got \"yes\"";
        QTest::newRow("censoring")
            << "censoring" << QJsonValue(1) << "censoring: expected true or false, got 1";
        QTest::newRow("products") << "products" << QJsonValue(QJsonArray{1, 2})
                                  << "products: expected a list of text";
        QTest::newRow("as_of") << "as_of" << QJsonValue("2024-02-30")
                               << "as_of: expected a date YYYY-MM-DD, got \"2024-02-30\"";
        QTest::newRow("unknown") << "holdout" << QJsonValue(4) << "unknown field \"holdout\"";
    }
    void badFieldIsNamed() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QJsonObject json = DemandRequest().toJson();
        json.insert(field, value);
        const QString message = errorOf(json);
        QVERIFY2(message.startsWith(QStringLiteral("demand request: ")), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void anotherAnalysisIsRefused() {
        QJsonObject json = DemandRequest().toJson();
        json.insert(QStringLiteral("analysis"), QStringLiteral("markdown"));
        QVERIFY2(errorOf(json).contains(QStringLiteral("\"analysis\": \"demand\"")),
                 qPrintable(errorOf(json)));
    }
};

QTEST_GUILESS_MAIN(DemandRequestTest)
#include "tst_demandrequest.moc"
