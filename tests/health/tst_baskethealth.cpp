// The data-health report on basket lines: negative quantities (returns) and zero prices are
// counted and said, on a hand-built project and on UCI Online Retail (10,624 lines with a
// negative quantity in 5,172 invoices and 2,515 with a price of 0, counted independently in
// Python from the same file).
#include "CliRun.h"

#include "data/HealthReport.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

namespace {

const mb::data::HealthFinding* findingOf(const mb::data::HealthReport& report, const char* check) {
    for (const mb::data::HealthFinding& finding : report.findings) {
        if (finding.kind == u"baskets" && finding.check == QLatin1String(check) && !finding.example)
            return &finding;
    }
    return nullptr;
}

}  // namespace

class TestBasketHealth : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private Q_SLOTS:
    void handBuilt() {
        const QString path = dir_.filePath(QStringLiteral("b.merchbench"));
        {
            auto project = mb::data::Project::open(path);
            mb::data::exec(project->db(),
                           "INSERT INTO basket_lines(basket, product, quantity, price, import_id) "
                           "VALUES ('1','A',2,1.5,1),('1','B',-1,2,1),('C2','A',-2,1.5,1),"
                           "('C2','B',-1,2,1),('3','A',1,0,1),('4','B',NULL,NULL,1),"
                           "('5','A',0,0,1);");
        }
        auto project = mb::data::Project::open(path, mb::data::Project::OpenMode::MustExist);
        const mb::data::HealthReport report = mb::data::checkHealth(*project);
        const mb::data::KindHealth* baskets = report.kind(QStringLiteral("baskets"));
        QVERIFY(baskets);
        QCOMPARE(baskets->negativeUnits, qint64(3));
        QCOMPARE(baskets->zeroPrices, qint64(2));
        const mb::data::HealthFinding* returns = findingOf(report, "negative_quantity");
        QVERIFY(returns);
        QVERIFY2(returns->message.startsWith(QStringLiteral(
                     "3 basket lines have a negative quantity (returns or cancellations, in 2 "
                     "baskets)")),
                 qPrintable(returns->message));
        QCOMPARE(returns->severity, mb::data::Severity::Warning);
        const mb::data::HealthFinding* free = findingOf(report, "zero_price");
        QVERIFY(free);
        QVERIFY2(free->message.startsWith(QStringLiteral("2 basket lines have a price of 0")),
                 qPrintable(free->message));
    }

    void noFindingWithoutReturns() {
        const QString path = dir_.filePath(QStringLiteral("clean.merchbench"));
        {
            auto project = mb::data::Project::open(path);
            mb::data::exec(project->db(),
                           "INSERT INTO basket_lines(basket, product, quantity, price, import_id) "
                           "VALUES ('1','A',2,1.5,1);");
        }
        auto project = mb::data::Project::open(path, mb::data::Project::OpenMode::MustExist);
        const mb::data::HealthReport report = mb::data::checkHealth(*project);
        QCOMPARE(report.kind(QStringLiteral("baskets"))->negativeUnits, qint64(0));
        QVERIFY(!findingOf(report, "negative_quantity"));
        QVERIFY(!findingOf(report, "zero_price"));
    }

    void uciOnlineRetail() {
        const QString path = QStringLiteral(MERCHBENCH_SHARED_DATASETS) +
                             QStringLiteral("/uci-online-retail/online_retail.csv.gz");
        if (!QFile::exists(path))
            QSKIP(qPrintable(QStringLiteral("dataset absent: %1").arg(path)));
        const QString project = dir_.filePath(QStringLiteral("uci.merchbench"));
        QCOMPARE(mbtest::runCli({"import", project, path, "--kind", "baskets"}).exitCode, 0);
        const mbtest::CliRun info = mbtest::runCli({"info", project, "--json"});
        QCOMPARE(info.exitCode, 0);
        const QJsonObject baskets = info.json()
                                        .value("health")
                                        .toObject()
                                        .value("kinds")
                                        .toObject()
                                        .value("baskets")
                                        .toObject();
        QCOMPARE(baskets.value("negative_units").toInteger(), qint64(10624));
        QCOMPARE(baskets.value("zero_prices").toInteger(), qint64(2515));
        const mbtest::CliRun text = mbtest::runCli({"info", project});
        QVERIFY2(text.out.contains("[warning] baskets: 10,624 basket lines have a negative "
                                   "quantity (returns or cancellations, in 5,172 baskets)"),
                 text.out.constData());
        QVERIFY(text.out.contains("[warning] baskets: 2,515 basket lines have a price of 0"));
    }
};

QTEST_GUILESS_MAIN(TestBasketHealth)
#include "tst_baskethealth.moc"
