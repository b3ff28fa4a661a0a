// The offer list a campaign system executes: reasons in words, the CSV (read back with the
// project's CSV reader) with its parameters sidecar, the XLSX sheets, and pseudonymised ids.
#include "XlsxContent.h"
#include "common/Error.h"
#include "data/CsvReader.h"
#include "export/CsvExport.h"
#include "targeting/OfferList.h"
#include "targeting/Pseudonym.h"
#include "targeting/SeededRandom.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace mb::targeting;
using namespace offerstest;

namespace {

std::vector<OfferListRow> sampleRows(int offered, int control, std::uint64_t seed) {
    SeededRandom random(seed);
    std::vector<OfferListRow> rows;
    const QStringList offers = {"SNACK20", "=1+1", "-10% DRINKS", "@home"};
    for (int i = 0; i < offered + control; ++i) {
        OfferListRow row;
        row.customer = i == 1 ? QStringLiteral("=HYPERLINK(\"http://evil\")")
                              : QStringLiteral("C%1").arg(i, 6, 10, QLatin1Char('0'));
        row.offer = offers[static_cast<qsizetype>(random.below(4))];
        row.expectedUplift = std::round(random.uniform() * 400.0 - 50.0) / 1000.0;
        row.expectedValue = std::round(random.uniform() * 5000.0 - 500.0) / 100.0;
        row.cost = std::round(random.uniform() * 300.0) / 100.0;
        row.reason = describeReason({QStringLiteral("deal_seeker"), QStringLiteral("snacks"),
                                     static_cast<int>(random.below(9)), 90, row.expectedUplift});
        row.control = i >= offered;
        rows.push_back(row);
    }
    return rows;
}

std::vector<std::vector<QString>> readCsv(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    mb::data::CsvReader reader(&file, mb::data::CsvDialect{',', '"', false});
    std::vector<std::vector<QString>> rows;
    mb::data::CsvRecord record;
    while (reader.next(record)) {
        rows.emplace_back();
        for (const auto& field : record.fields)
            rows.back().push_back(QString::fromStdString(field));
    }
    return reader.error() ? std::vector<std::vector<QString>>{} : rows;
}

}  // namespace

class OfferListTest : public QObject {
    Q_OBJECT

private slots:
    void reasonInWords_data();
    void reasonInWords();
    void csvRoundTrip_data();
    void csvRoundTrip();
    void xlsxSheets_data();
    void xlsxSheets();
    void sharedPseudonymIsAnError();
};

void OfferListTest::reasonInWords_data() {
    QTest::addColumn<QString>("segment");
    QTest::addColumn<QString>("category");
    QTest::addColumn<int>("purchases");
    QTest::addColumn<int>("days");
    QTest::addColumn<double>("uplift");
    QTest::addColumn<QString>("expected");
    QTest::newRow("brief's example")
        << "deal_seeker"
        << "snacks" << 6 << 90 << 0.18
        << "deal_seeker, bought snacks 6 times in 90 days, predicted +18 pp purchase chance";
    QTest::newRow("once")
        << "loyal"
        << "coffee" << 1 << 30 << 0.05
        << "loyal, bought coffee once in 30 days, predicted +5 pp purchase chance";
    QTest::newRow("small effect keeps a decimal")
        << ""
        << "wine" << 2 << 60 << 0.034
        << "bought wine 2 times in 60 days, predicted +3.4 pp purchase chance";
    QTest::newRow("negative") << "lapsed"
                              << "" << 0 << 90 << -0.02
                              << "lapsed, predicted -2 pp purchase chance";
    QTest::newRow("unknown uplift") << "new"
                                    << "" << 0 << 90 << std::nan("") << "new";
}

void OfferListTest::reasonInWords() {
    QFETCH(QString, segment);
    QFETCH(QString, category);
    QFETCH(int, purchases);
    QFETCH(int, days);
    QFETCH(double, uplift);
    QFETCH(QString, expected);
    QCOMPARE(describeReason({segment, category, purchases, days, uplift}), expected);
}

void OfferListTest::csvRoundTrip_data() {
    QTest::addColumn<int>("offered");
    QTest::addColumn<int>("control");
    QTest::addColumn<bool>("pseudonymise");
    QTest::newRow("ids") << 40 << 5 << false;
    QTest::newRow("pseudonyms") << 40 << 5 << true;
    QTest::newRow("control only") << 0 << 3 << true;
    QTest::newRow("empty") << 0 << 0 << false;
}

void OfferListTest::csvRoundTrip() {
    QFETCH(int, offered);
    QFETCH(int, control);
    QFETCH(bool, pseudonymise);
    const std::vector<OfferListRow> rows = sampleRows(offered, control, 11);
    const Pseudonymiser pseudonyms(QByteArray("campaign key 2024 spring"));
    OfferListExport options;
    options.parameters = QJsonObject{{"budget", 1000.0}, {"seed", 3}};
    options.pseudonyms = pseudonymise ? &pseudonyms : nullptr;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("offers.csv"));
    writeOfferListCsv(path, rows, options);

    const auto read = readCsv(path);
    QCOMPARE(read.size(), rows.size() + 1);
    QCOMPARE(read[0].front(),
             pseudonymise ? QStringLiteral("customer_pseudonym") : QStringLiteral("customer"));
    QCOMPARE(read[0].size(), std::size_t{7});
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& line = read[i + 1];
        const OfferListRow& row = rows[i];
        QCOMPARE(line.size(), std::size_t{7});
        const QString id = pseudonymise ? pseudonyms.pseudonym(row.customer) : row.customer;
        QCOMPARE(line[0], mb::exporting::spreadsheetSafe(id));
        QCOMPARE(line[1], mb::exporting::spreadsheetSafe(row.offer));
        QCOMPARE(line[2].toDouble(), row.expectedUplift);
        QCOMPARE(line[3].toDouble(), row.expectedValue);
        QCOMPARE(line[4].toDouble(), row.cost);
        QCOMPARE(line[5], row.reason);
        QCOMPARE(line[6], QString(row.control ? "1" : "0"));
    }
    if (pseudonymise) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        for (const OfferListRow& row : rows)
            QVERIFY2(!bytes.contains(row.customer.toUtf8()), qPrintable(row.customer));
    }
    QFile sidecar(dir.filePath(QStringLiteral("offers.params.json")));
    QVERIFY(sidecar.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(sidecar.readAll()).object(), options.parameters);
}

void OfferListTest::xlsxSheets_data() {
    QTest::addColumn<int>("offered");
    QTest::addColumn<int>("control");
    QTest::addColumn<bool>("pseudonymise");
    QTest::newRow("ids") << 25 << 4 << false;
    QTest::newRow("pseudonyms") << 25 << 4 << true;
    QTest::newRow("no control group") << 10 << 0 << false;
}

void OfferListTest::xlsxSheets() {
    QFETCH(int, offered);
    QFETCH(int, control);
    QFETCH(bool, pseudonymise);
    if (!haveUnzip())
        QSKIP("unzip is not installed; cannot look inside the workbook");
    const std::vector<OfferListRow> rows = sampleRows(offered, control, 5);
    const Pseudonymiser pseudonyms(QByteArray("campaign key 2024 spring"));
    OfferListExport options;
    options.parameters = QJsonObject{{"budget", 1000.0}, {"method", "convex hull greedy"}};
    options.pseudonyms = pseudonymise ? &pseudonyms : nullptr;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("offers.xlsx"));
    writeOfferListXlsx(path, rows, options);

    QCOMPARE(sheetNames(zipPart(path, QStringLiteral("xl/workbook.xml"))),
             QStringList({"Offer list", "Control group", "Parameters"}));
    for (int sheetNumber = 1; sheetNumber <= 2; ++sheetNumber) {
        const bool controlSheet = sheetNumber == 2;
        const XlsxSheetContent sheet = readSheet(path, sheetNumber);
        QVERIFY2(sheet.error.isEmpty(), qPrintable(sheet.error));
        QCOMPARE(sheet.formulas, 0);
        QCOMPARE(sheet.at(0, 0)->text,
                 pseudonymise ? QStringLiteral("customer_pseudonym") : QStringLiteral("customer"));
        int row = 1;
        for (const OfferListRow& line : rows) {
            if (line.control != controlSheet)
                continue;
            const QString id = pseudonymise ? pseudonyms.pseudonym(line.customer) : line.customer;
            QCOMPARE(sheet.at(row, 0)->text, id);  // stored as typed: a string, never a formula
            QCOMPARE(sheet.at(row, 1)->text, line.offer);
            QCOMPARE(sheet.at(row, 2)->text.toDouble(), line.expectedUplift);
            QCOMPARE(sheet.at(row, 3)->text.toDouble(), line.expectedValue);
            QCOMPARE(sheet.at(row, 4)->text.toDouble(), line.cost);
            QCOMPARE(sheet.at(row, 5)->text, line.reason);
            ++row;
        }
        QCOMPARE(sheet.maxRow, row - 1);
    }
    const XlsxSheetContent parameters = readSheet(path, 3);
    QCOMPARE(parameters.at(2, 0)->text, QStringLiteral("method"));  // keys come out sorted
    QCOMPARE(parameters.at(2, 1)->text, QStringLiteral("convex hull greedy"));
}

void OfferListTest::sharedPseudonymIsAnError() {
    // With 8 hex digits (32 bits) a few hundred thousand ids are bound to collide somewhere.
    const Pseudonymiser pseudonyms(QByteArray("collision hunting key"), QStringLiteral("c_"), 8);
    QHash<QString, QString> seen;
    QString first, second;
    for (int i = 0; i < 400000 && first.isEmpty(); ++i) {
        const QString id = QStringLiteral("C%1").arg(i);
        const QString pseudonym = pseudonyms.pseudonym(id);
        const auto it = seen.constFind(pseudonym);
        if (it != seen.constEnd()) {
            first = *it;
            second = id;
        }
        seen.insert(pseudonym, id);
    }
    if (first.isEmpty())
        QSKIP("no two of 400000 ids collided under this key");
    std::vector<OfferListRow> rows(2);
    rows[0].customer = first;
    rows[1].customer = second;
    OfferListExport options;
    options.pseudonyms = &pseudonyms;
    QTemporaryDir dir;
    QVERIFY_THROWS_EXCEPTION(
        mb::Error, writeOfferListCsv(dir.filePath(QStringLiteral("x.csv")), rows, options));
    QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("x.csv"))));
    // The same customer twice (offer and control rows) is not a collision.
    rows[1].customer = first;
    writeOfferListCsv(dir.filePath(QStringLiteral("x.csv")), rows, options);
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("x.csv"))));
}

QTEST_GUILESS_MAIN(OfferListTest)
#include "tst_offerlist.moc"
