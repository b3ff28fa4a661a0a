// The shared export layer: formula-safe RFC 4180 CSV read back with the project's own CSV reader,
// the parameters sidecar, and XLSX workbooks unzipped and parsed back cell by cell.
#include "XlsxContent.h"
#include "common/Error.h"
#include "data/CsvReader.h"
#include "export/CsvExport.h"
#include "export/XlsxWorkbook.h"
#include "targeting/SeededRandom.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>

using namespace mb::exporting;
using namespace offerstest;

namespace {

std::vector<std::vector<std::string>> readCsv(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    mb::data::CsvReader reader(&file, mb::data::CsvDialect{',', '"', false});
    std::vector<std::vector<std::string>> rows;
    mb::data::CsvRecord record;
    while (reader.next(record))
        rows.push_back(record.fields);
    if (reader.error())
        rows.clear();
    return rows;
}

bool looksLikeFormula(const QString& text) {
    return !text.isEmpty() && QStringLiteral("=+-@\t\r").contains(text.front());
}

}  // namespace

class ExportsTest : public QObject {
    Q_OBJECT

private slots:
    void csvFieldIsSafeAndReadsBack_data();
    void csvFieldIsSafeAndReadsBack();
    void csvNumbersReadBackExactly();
    void csvCallbackWriterKeepsTypes();
    void csvWriterLeavesFileAloneWithoutCommit();
    void sidecarPath_data();
    void sidecarPath();
    void sidecarHoldsParameters();
    void xlsxCellsReadBack_data();
    void xlsxCellsReadBack();
    void xlsxSheetNamesAreMadeValid_data();
    void xlsxSheetNamesAreMadeValid();
    void xlsxParametersSheet();
    void xlsxIsAtomicAndReportsErrors();
    void xlsxStreamingRejectsRowsOutOfOrder();
    void xlsxFixedCreationTimeIsReproducible();
};

void ExportsTest::csvFieldIsSafeAndReadsBack_data() {
    QTest::addColumn<QString>("field");
    QTest::newRow("plain") << QStringLiteral("Snacks 200g");
    QTest::newRow("formula") << QStringLiteral("=1+1");
    QTest::newRow("hyperlink") << QStringLiteral("=HYPERLINK(\"http://x\",\"y\")");
    QTest::newRow("plus") << QStringLiteral("+41 79");
    QTest::newRow("minus") << QStringLiteral("-5");
    QTest::newRow("at") << QStringLiteral("@SUM(A1)");
    QTest::newRow("tab") << QStringLiteral("\tcmd");
    QTest::newRow("carriage return") << QStringLiteral("\rcmd");
    QTest::newRow("comma") << QStringLiteral("a,b");
    QTest::newRow("quotes") << QStringLiteral("say \"hi\"");
    QTest::newRow("newline") << QStringLiteral("line\nbreak");
    QTest::newRow("crlf inside") << QStringLiteral("x\r\ny");
    QTest::newRow("unicode") << QStringLiteral("Caf\u00e9 \u20ac");
    QTest::newRow("empty") << QString();
    QTest::newRow("quote first") << QStringLiteral("'already");
}

void ExportsTest::csvFieldIsSafeAndReadsBack() {
    QFETCH(QString, field);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("f.csv"));
    writeCsv(path, {QStringLiteral("before"), QStringLiteral("field"), QStringLiteral("after")},
             {{QStringLiteral("x"), field, QStringLiteral("y")}});
    const auto rows = readCsv(path);
    QCOMPARE(rows.size(), std::size_t{2});
    QCOMPARE(rows[1].size(), std::size_t{3});
    const QString read = QString::fromStdString(rows[1][1]);
    // The field survives the round trip, with one quote in front exactly when it could run.
    if (looksLikeFormula(field))
        QCOMPARE(read, QLatin1Char('\'') + field);
    else
        QCOMPARE(read, field);
    QCOMPARE(QString::fromStdString(rows[1][2]), QStringLiteral("y"));
    QCOMPARE(spreadsheetSafe(field), read);
}

void ExportsTest::csvNumbersReadBackExactly() {
    mb::targeting::SeededRandom random(7);
    for (int i = 0; i < 2000; ++i) {
        const double value = (random.uniform() - 0.5) * std::pow(10.0, random.below(30)) *
                             (i % 3 == 0 ? 1e-12 : 1.0);
        const QByteArray text = csvNumber(value);
        bool ok = false;
        QCOMPARE(text.toDouble(&ok), value);
        QVERIFY(ok);
        QVERIFY(!text.startsWith('\''));
    }
    QVERIFY(csvNumber(std::nan("")).isEmpty());
    QVERIFY(csvNumber(INFINITY).isEmpty());
}

void ExportsTest::csvCallbackWriterKeepsTypes() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("typed.csv"));
    const std::vector<double> values = {-3.25, 0.1, 1e300, -0.0};
    writeCsv(path,
             {QStringLiteral("name"), QStringLiteral("value"), QStringLiteral("count"),
              QStringLiteral("flag"), QStringLiteral("blank")},
             static_cast<qint64>(values.size()), [&](qint64 row, CsvRow& out) {
                 out.text(QStringLiteral("-row %1").arg(row))
                     .number(values[static_cast<std::size_t>(row)])
                     .integer(-row * 1000000000000LL)
                     .flag(row % 2 == 1)
                     .empty();
             });
    const auto rows = readCsv(path);
    QCOMPARE(rows.size(), values.size() + 1);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto& row = rows[i + 1];
        QCOMPARE(row.size(), std::size_t{5});
        QCOMPARE(QString::fromStdString(row[0]), QStringLiteral("'-row %1").arg(i));
        QCOMPARE(std::stod(row[1]), values[i]);  // a negative number is not quote-prefixed
        QCOMPARE(std::stoll(row[2]), -static_cast<long long>(i) * 1000000000000LL);
        QCOMPARE(row[3], std::string(i % 2 == 1 ? "1" : "0"));
        QVERIFY(row[4].empty());
    }
}

void ExportsTest::csvWriterLeavesFileAloneWithoutCommit() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("keep.csv"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("old\n");
    }
    {
        CsvWriter writer(path);
        writer.writeRow(QStringList{QStringLiteral("new")});
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("old\n"));
    QVERIFY_THROWS_EXCEPTION(mb::Error,
                             CsvWriter(dir.filePath(QStringLiteral("missing/dir/x.csv"))));
}

void ExportsTest::sidecarPath_data() {
    QTest::addColumn<QString>("csv");
    QTest::addColumn<QString>("sidecar");
    QTest::newRow("csv") << "/a/offers.csv"
                         << "/a/offers.params.json";
    QTest::newRow("upper case") << "/a/OFFERS.CSV"
                                << "/a/OFFERS.params.json";
    QTest::newRow("other suffix") << "/a/offers.txt"
                                  << "/a/offers.txt.params.json";
    QTest::newRow("dotted dir") << "/a.csv/offers"
                                << "/a.csv/offers.params.json";
}

void ExportsTest::sidecarPath() {
    QFETCH(QString, csv);
    QFETCH(QString, sidecar);
    QCOMPARE(parametersSidecarPath(csv), sidecar);
}

void ExportsTest::sidecarHoldsParameters() {
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("list.csv"));
    const QJsonObject parameters{{"budget", 5000.0},
                                 {"seed", 42},
                                 {"holdout", 0.1},
                                 {"model", QJsonObject{{"kind", "t-learner"}}},
                                 {"offers", QJsonArray{"A", "B"}}};
    writeParametersSidecar(csv, parameters);
    QFile file(dir.filePath(QStringLiteral("list.params.json")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(file.readAll()).object(), parameters);
}

void ExportsTest::xlsxCellsReadBack_data() {
    QTest::addColumn<bool>("streaming");
    QTest::newRow("in memory") << false;
    QTest::newRow("streaming") << true;
}

void ExportsTest::xlsxCellsReadBack() {
    QFETCH(bool, streaming);
    if (!haveUnzip())
        QSKIP("unzip is not installed; cannot look inside the workbook");
    const QStringList texts = {QStringLiteral("=1+1"),
                               QStringLiteral("=HYPERLINK(\"http://x\")"),
                               QStringLiteral("+cmd"),
                               QStringLiteral("-5"),
                               QStringLiteral("@SUM(A1)"),
                               QStringLiteral("0042"),
                               QStringLiteral("Caf\u00e9 \u20ac <b>&amp;</b>"),
                               QStringLiteral("  padded  "),
                               QStringLiteral("two\nlines")};
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cells.xlsx"));
    XlsxOptions options;
    options.streaming = streaming;
    {
        XlsxWorkbook workbook(path, options);
        XlsxSheet& sheet = workbook.addSheet(QStringLiteral("Cells"));
        sheet.setHeader({QStringLiteral("text"), QStringLiteral("number"),
                         QStringLiteral("integer"), QStringLiteral("flag")});
        sheet.setColumnWidth(0, 30);
        for (int i = 0; i < texts.size(); ++i) {
            sheet.writeText(i + 1, 0, texts[i]);
            sheet.writeNumber(i + 1, 1, -1.5 * i + 0.125, QStringLiteral("#,##0.00"));
            sheet.writeInteger(i + 1, 2, 1000000007LL * i);
            sheet.writeBoolean(i + 1, 3, i % 2 == 0);
        }
        sheet.writeNumber(texts.size() + 1, 1, std::nan(""));  // left empty
        sheet.writeText(texts.size() + 2, 0, QString(40000, QLatin1Char('x')));
        QCOMPARE(sheet.rowCount(), static_cast<int>(texts.size()) + 3);
        workbook.close();
    }
    const XlsxSheetContent sheet = readSheet(path, 1);
    QVERIFY2(sheet.error.isEmpty(), qPrintable(sheet.error));
    QCOMPARE(sheet.formulas, 0);
    QVERIFY(!sheet.xml.contains("<f>"));
    QCOMPARE(sheet.at(0, 0)->text, QStringLiteral("text"));
    for (int i = 0; i < texts.size(); ++i) {
        const XlsxCell* text = sheet.at(i + 1, 0);
        QVERIFY(text);
        QVERIFY2(text->type == QLatin1String("s") || text->type == QLatin1String("inlineStr"),
                 qPrintable(text->type));
        QCOMPARE(text->text, texts[i]);
        QVERIFY(!text->formula);
        const XlsxCell* number = sheet.at(i + 1, 1);
        QVERIFY(number && number->type.isEmpty());
        QCOMPARE(number->text.toDouble(), -1.5 * i + 0.125);
        QCOMPARE(sheet.at(i + 1, 2)->text.toLongLong(), 1000000007LL * i);
        QCOMPARE(sheet.at(i + 1, 3)->type, QStringLiteral("b"));
        QCOMPARE(sheet.at(i + 1, 3)->text, QString(i % 2 == 0 ? "1" : "0"));
    }
    QVERIFY(!sheet.at(static_cast<int>(texts.size()) + 1, 1));
    QCOMPARE(sheet.at(static_cast<int>(texts.size()) + 2, 0)->text.size(), xlsxMaxTextLength);
    // The header row is frozen and filtered down to the last row written.
    QVERIFY(sheet.xml.contains("ySplit=\"1\""));
    QVERIFY(sheet.xml.contains(
        QStringLiteral("<autoFilter ref=\"A1:D%1\"").arg(texts.size() + 3).toUtf8()));
    QVERIFY(sheet.xml.contains("width=\"30.7109375\"") || sheet.xml.contains("width=\"30"));
}

void ExportsTest::xlsxSheetNamesAreMadeValid_data() {
    QTest::addColumn<QStringList>("wanted");
    QTest::newRow("forbidden characters") << QStringList{"a/b:c", "x[1]*?", "back\\slash"};
    QTest::newRow("duplicates ignoring case") << QStringList{"Offers", "offers", "OFFERS"};
    QTest::newRow("too long") << QStringList{QString(40, 'L'), QString(40, 'L')};
    QTest::newRow("quotes and blank") << QStringList{"'quoted'", "", "   "};
}

void ExportsTest::xlsxSheetNamesAreMadeValid() {
    QFETCH(QStringList, wanted);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("names.xlsx"));
    QStringList given;
    {
        XlsxWorkbook workbook(path);
        for (const QString& name : wanted)
            given << workbook.addSheet(name).name();
        workbook.close();
    }
    QCOMPARE(given.size(), wanted.size());
    for (const QString& name : given) {
        QVERIFY(!name.trimmed().isEmpty());
        QVERIFY(name.size() <= 31);
        for (const QChar c : QStringLiteral("[]:*?/\\"))
            QVERIFY2(!name.contains(c), qPrintable(name));
        QVERIFY(!name.startsWith('\'') && !name.endsWith('\''));
    }
    for (int i = 0; i < given.size(); ++i)
        for (int j = i + 1; j < given.size(); ++j)
            QVERIFY(given[i].compare(given[j], Qt::CaseInsensitive) != 0);
    if (haveUnzip())
        QCOMPARE(sheetNames(zipPart(path, QStringLiteral("xl/workbook.xml"))), given);
}

void ExportsTest::xlsxParametersSheet() {
    if (!haveUnzip())
        QSKIP("unzip is not installed; cannot look inside the workbook");
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("params.xlsx"));
    const QJsonObject parameters{{"budget", 2500.5},
                                 {"consent_required", true},
                                 {"note", "=cmd|' /C calc'!A0"},
                                 {"model", QJsonObject{{"kind", "x-learner"}, {"trees", 200}}},
                                 {"offers", QJsonArray{"A", "B"}},
                                 {"unset", QJsonValue()}};
    {
        XlsxWorkbook workbook(path);
        workbook.addSheet(QStringLiteral("Data"));
        QCOMPARE(workbook.addParametersSheet(parameters).name(), QStringLiteral("Parameters"));
        workbook.close();
    }
    const XlsxSheetContent sheet = readSheet(path, 2);
    QVERIFY2(sheet.error.isEmpty(), qPrintable(sheet.error));
    QCOMPARE(sheet.formulas, 0);
    QMap<QString, const XlsxCell*> values;
    for (int row = 1; row <= sheet.maxRow; ++row)
        values.insert(sheet.at(row, 0)->text, sheet.at(row, 1));
    QCOMPARE(values.size(), 7);
    QCOMPARE(values["budget"]->text.toDouble(), 2500.5);
    QCOMPARE(values["consent_required"]->type, QStringLiteral("b"));
    QCOMPARE(values["note"]->text, parameters["note"].toString());
    QCOMPARE(values["model.kind"]->text, QStringLiteral("x-learner"));
    QCOMPARE(values["model.trees"]->text.toInt(), 200);
    QCOMPARE(QJsonDocument::fromJson(values["offers"]->text.toUtf8()).array(),
             parameters["offers"].toArray());
    QVERIFY(values.contains("unset") && values["unset"] == nullptr);
}

void ExportsTest::xlsxIsAtomicAndReportsErrors() {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("atomic.xlsx"));
    {
        XlsxWorkbook workbook(path);
        workbook.addSheet(QStringLiteral("S")).writeText(0, 0, QStringLiteral("x"));
        QVERIFY(!QFile::exists(path));
    }  // never closed
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);

    XlsxWorkbook bad(dir.filePath(QStringLiteral("no/such/dir/x.xlsx")));
    bad.addSheet(QStringLiteral("S")).writeNumber(0, 0, 1.0);
    QVERIFY_THROWS_EXCEPTION(mb::Error, bad.close());

    XlsxWorkbook workbook(path);
    XlsxSheet& sheet = workbook.addSheet(QStringLiteral("S"));
    QVERIFY_THROWS_EXCEPTION(mb::Error, sheet.writeText(-1, 0, QStringLiteral("x")));
    QVERIFY_THROWS_EXCEPTION(mb::Error, sheet.writeNumber(xlsxMaxRows, 0, 1.0));
    QVERIFY_THROWS_EXCEPTION(mb::Error, sheet.writeBoolean(0, 16384, true));
    QVERIFY_THROWS_EXCEPTION(mb::Error, sheet.setColumnWidth(0, std::nan("")));
    workbook.close();
    QVERIFY(QFile::exists(path));
    QVERIFY_THROWS_EXCEPTION(mb::Error, workbook.close());
    QVERIFY_THROWS_EXCEPTION(mb::Error, workbook.addSheet(QStringLiteral("late")));
}

void ExportsTest::xlsxStreamingRejectsRowsOutOfOrder() {
    QTemporaryDir dir;
    XlsxOptions options;
    options.streaming = true;
    XlsxWorkbook workbook(dir.filePath(QStringLiteral("s.xlsx")), options);
    XlsxSheet& sheet = workbook.addSheet(QStringLiteral("S"));
    sheet.writeText(5, 0, QStringLiteral("five"));
    sheet.writeText(5, 1, QStringLiteral("same row"));
    QVERIFY_THROWS_EXCEPTION(mb::Error, sheet.writeText(4, 0, QStringLiteral("four")));
    workbook.close();
}

void ExportsTest::xlsxFixedCreationTimeIsReproducible() {
    QTemporaryDir dir;
    XlsxOptions options;
    options.created = QDateTime(QDate(2024, 3, 1), QTime(9, 30), Qt::UTC);
    options.title = QStringLiteral("Offer list");
    QByteArray bytes[2];
    for (int i = 0; i < 2; ++i) {
        const QString path = dir.filePath(QStringLiteral("r%1.xlsx").arg(i));
        XlsxWorkbook workbook(path, options);
        XlsxSheet& sheet = workbook.addSheet(QStringLiteral("S"));
        sheet.setHeader({QStringLiteral("a")});
        sheet.writeNumber(1, 0, 3.5);
        workbook.close();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        bytes[i] = file.readAll();
    }
    QVERIFY(!bytes[0].isEmpty());
    QCOMPARE(bytes[0], bytes[1]);
    if (haveUnzip())
        QVERIFY(
            zipPart(dir.filePath(QStringLiteral("r0.xlsx")), QStringLiteral("docProps/core.xml"))
                .contains("2024-03-01T09:30:00Z"));
}

QTEST_GUILESS_MAIN(ExportsTest)
#include "tst_exports.moc"
