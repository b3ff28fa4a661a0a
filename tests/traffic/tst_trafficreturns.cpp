// Conversion counts purchases, not returns: a shopper's trip that ends at the returns desk (a
// basket of return lines only) has not converted, and a basket with both is timed by its
// earliest purchased line. Hand-built project with the answer worked out below.
#include "data/Project.h"
#include "data/Sqlite.h"
#include "traffic/PurchaseLoader.h"
#include "traffic/TrafficTime.h"
#include "traffic/TripConversion.h"

#include <QTemporaryDir>
#include <QTest>

class TestTrafficReturns : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void returnsAreNotPurchases() {
        const QString path = dir_.filePath(QStringLiteral("t.merchbench"));
        {
            auto project = mb::data::Project::open(path);
            // S1 returns at 10:05 (b1) and buys at 12:10 (b2, whose return line comes first);
            // S2 only returns; S3's line states no quantity (a purchase).
            mb::data::exec(
                project->db(),
                "INSERT INTO basket_lines(basket, product, customer, quantity, time, import_id) "
                "VALUES ('b1','A','S1',-1,'2024-03-01T10:05:00',1),"
                "('b2','B','S1',-1,'2024-03-01T12:00:00',1),"
                "('b2','C','S1',2,'2024-03-01T12:10:00',1),"
                "('b3','A','S2',-2,'2024-03-01T11:00:00',1),"
                "('b4','A','S3',NULL,'2024-03-01T09:00:00',1);");
        }
        auto project = mb::data::Project::open(path, mb::data::Project::OpenMode::MustExist);
        const std::vector<mb::traffic::CustomerPurchase> purchases =
            mb::traffic::loadCustomerPurchases(*project);
        QCOMPARE(purchases.size(), std::size_t(2));
        QCOMPARE(purchases[0].customer, std::string("S1"));
        QCOMPARE(purchases[0].time, *mb::traffic::parseTrafficTime("2024-03-01T12:10:00"));
        QCOMPARE(purchases[1].customer, std::string("S3"));

        // S1's morning trip (10:00-10:04) ended at the returns desk: not converted; the noon
        // trip (12:00-12:08) converted with the 12:10 purchase.
        const auto trip = [](const char* from, const char* to) {
            mb::traffic::ShopperTrip result{"S1", {}};
            mb::traffic::ZoneVisit visit;
            visit.start = *mb::traffic::parseTrafficTime(from);
            visit.lastSeen = *mb::traffic::parseTrafficTime(to);
            result.visits.push_back(visit);
            return result;
        };
        const mb::traffic::TripConversion conversion =
            mb::traffic::tripConversion({trip("2024-03-01T10:00:00", "2024-03-01T10:04:00"),
                                         trip("2024-03-01T12:00:00", "2024-03-01T12:08:00")},
                                        purchases, 1, 30 * 60);
        QVERIFY(conversion.available);
        QCOMPARE(conversion.trips, std::int64_t(2));
        QCOMPARE(conversion.convertedTrips, std::int64_t(1));
    }
};

QTEST_GUILESS_MAIN(TestTrafficReturns)
#include "tst_trafficreturns.moc"
