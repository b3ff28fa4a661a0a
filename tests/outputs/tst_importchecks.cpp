// Bad data at import, on real messy files (dunnhumby's weekly sales) with planted values:
// implausible values are rejected with file:line:column and what was expected, skip mode's
// report lists every rejected row, and slash dates that read both ways say which order was
// assumed.
#include "CliRun.h"
#include "WorkFolder.h"

#include "data/Project.h"
#include "data/Sqlite.h"

#include <zlib.h>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {

QString datasets() {
    return qEnvironmentVariable("MERCHBENCH_SHARED_DATASETS",
                                QStringLiteral(MERCHBENCH_SHARED_DATASETS));
}

QString salesFile() {
    return datasets() + QStringLiteral("/dunnhumby-frat/weekly_sales.csv.gz");
}

// The header and the first `rows` data lines of dunnhumby's weekly sales, as the file has them.
QList<QByteArray> salesLines(int rows) {
    QList<QByteArray> lines;
    gzFile file = gzopen(QFile::encodeName(salesFile()).constData(), "rb");
    if (!file)
        return lines;
    char buffer[4096];
    while (lines.size() <= rows && gzgets(file, buffer, sizeof buffer))
        lines.append(QByteArray(buffer).trimmed());
    gzclose(file);
    return lines;
}

QByteArray joined(const QList<QByteArray>& lines) {
    QByteArray bytes;
    for (const QByteArray& line : lines)
        bytes += line + '\n';
    return bytes;
}

// The 1-based character column where field `index` of a comma-separated line starts.
int fieldColumn(const QByteArray& line, int index) {
    int column = 1;
    for (int i = 0; i < index; ++i)
        column = static_cast<int>(line.indexOf(',', column - 1)) + 2;
    return column;
}

QByteArray withField(const QByteArray& line, int index, const QByteArray& value) {
    QList<QByteArray> fields = line.split(',');
    fields[index] = value;
    return fields.join(',');
}

// dunnhumby's columns: week, week_end_date, store_id, upc_id, units, visits, hhs, spend, price,
// base_price, feature, display, tpr_only.
enum Column { Week = 0, StoreId = 2, Units = 4, Spend = 7, Price = 8, BasePrice = 9 };

}  // namespace

class TestImportChecks : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString write(const QString& name, const QByteArray& content) {
        return mbtest::writeFile(dir_, name, content);
    }

    QStringList importSales(const QString& project, const QString& file) const {
        return {QStringLiteral("import"),
                project,
                file,
                QStringLiteral("--kind"),
                QStringLiteral("sales"),
                QStringLiteral("--create-missing"),
                QStringLiteral("--map"),
                QStringLiteral("week_end_date=ignore"),
                QStringLiteral("--json")};
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(dir_.isValid()); }

    // Every case is built from the real file.
    void init() {
        if (!QFile::exists(salesFile()))
            QSKIP(qPrintable(
                QStringLiteral("%1 not found (set MERCHBENCH_SHARED_DATASETS)").arg(salesFile())));
    }

    void implausibleValuesAreRejectedWhereTheyAre() {
        QList<QByteArray> lines = salesLines(3000);
        QCOMPARE(lines.size(), 3001);
        struct Plant {
            int line;
            int field;
            QByteArray value;
            QString expected;
        };
        const QList<Plant> plants{
            {11, Price, "1e308", QStringLiteral("price must be at most 10,000,000")},
            {21, Units, "1e308", QStringLiteral("units must be at most 1,000,000,000")},
            {31, Spend, "-inf", QStringLiteral("revenue must be a number")},
            {41, BasePrice, "-2.5", QStringLiteral("regular_price must be at least 0")},
            {51, StoreId, QByteArray("\"100", 4) + '\0' + QByteArray("19\""),
             QStringLiteral("store holds a NUL byte")},
            {61, Units, "NaN", QStringLiteral("units is required but missing")},
            {71, Spend, "2e13", QStringLiteral("revenue must be at most 1,000,000,000,000")},
        };
        for (const Plant& plant : plants)
            lines[plant.line - 1] = withField(lines[plant.line - 1], plant.field, plant.value);
        const QString file = write(QStringLiteral("planted.csv"), joined(lines));
        const QString project = dir_.filePath(QStringLiteral("planted.merchbench"));
        const mbtest::CliRun stores =
            mbtest::runCli({QStringLiteral("import"), project,
                            datasets() + QStringLiteral("/dunnhumby-frat/stores.csv"),
                            QStringLiteral("--kind"), QStringLiteral("stores")});
        QVERIFY2(stores.exitCode == 0, stores.err.constData());
        const QByteArray before = mbtest::fileHash(project);

        const mbtest::CliRun rejected = mbtest::runCli(importSales(project, file));
        QCOMPARE(rejected.exitCode, 2);
        const QJsonObject report = rejected.json();
        QCOMPARE(report.value(QStringLiteral("committed")).toBool(), false);
        const QJsonArray errors = report.value(QStringLiteral("errors")).toArray();
        QCOMPARE(errors.size(), plants.size());
        for (int i = 0; i < plants.size(); ++i) {
            const QJsonObject error = errors[i].toObject();
            const Plant& plant = plants[i];
            QCOMPARE(error.value(QStringLiteral("line")).toInteger(), plant.line);
            QCOMPARE(error.value(QStringLiteral("column")).toInt(),
                     fieldColumn(lines[plant.line - 1], plant.field));
            QVERIFY2(error.value(QStringLiteral("message")).toString().startsWith(plant.expected),
                     qPrintable(error.value(QStringLiteral("text")).toString()));
            // As an editor shows it: file:line:column: message (value).
            QVERIFY(error.value(QStringLiteral("text"))
                        .toString()
                        .contains(QStringLiteral("planted.csv:%1:%2: %3")
                                      .arg(plant.line)
                                      .arg(fieldColumn(lines[plant.line - 1], plant.field))
                                      .arg(plant.expected)));
        }
        // The NUL is shown as \0: printed as it is, it ends the line, closing bracket and all.
        const QString nulText = errors[4].toObject().value(QStringLiteral("text")).toString();
        QVERIFY2(nulText.endsWith(QStringLiteral("(100\\019)")), qPrintable(nulText));
        QCOMPARE(mbtest::fileHash(project), before);  // a rejected file changes nothing

        // Skipping them keeps every other row; none of the planted values reaches the project.
        QStringList skip = importSales(project, file);
        skip << QStringLiteral("--on-error") << QStringLiteral("skip");
        const mbtest::CliRun skipped = mbtest::runCli(skip);
        QVERIFY2(skipped.exitCode == 0, skipped.err.constData());
        QCOMPARE(skipped.json().value(QStringLiteral("rows_imported")).toInteger(),
                 3000 - plants.size());
        const mbtest::CliRun demand = mbtest::runCli(
            {QStringLiteral("demand"), project, QStringLiteral("--level"),
             QStringLiteral("product"), QStringLiteral("--out"),
             dir_.filePath(QStringLiteral("planted-demand.csv")), QStringLiteral("--json")});
        QVERIFY2(demand.exitCode == 0, demand.err.constData());
        QFile fitted(dir_.filePath(QStringLiteral("planted-demand.csv")));
        QVERIFY(fitted.open(QIODevice::ReadOnly));
        const QByteArray text = fitted.readAll();
        QVERIFY(!text.contains("e+30") && !text.contains("inf") && !text.contains("nan"));
    }

    void everyRejectedRowIsInTheReport() {
        QList<QByteArray> lines = salesLines(4000);
        QCOMPARE(lines.size(), 4001);
        QSet<qint64> planted;  // more bad rows than the 1,000 the report used to stop at
        for (int line = 3; line <= lines.size(); line += 2) {
            lines[line - 1] = withField(lines[line - 1], Units, "x" + QByteArray::number(line));
            planted.insert(line);
        }
        QCOMPARE(planted.size(), 2000);
        const QString file = write(QStringLiteral("many-bad.csv"), joined(lines));
        const QString report = dir_.filePath(QStringLiteral("many-bad-errors.csv"));
        QStringList arguments = importSales(dir_.filePath(QStringLiteral("many.merchbench")), file);
        arguments << QStringLiteral("--on-error") << QStringLiteral("skip")
                  << QStringLiteral("--error-report") << report;
        const mbtest::CliRun run = mbtest::runCli(arguments);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject json = run.json();
        QCOMPARE(json.value(QStringLiteral("error_count")).toInteger(), 2000);
        QCOMPARE(json.value(QStringLiteral("rows_imported")).toInteger(), 2000);
        const QJsonArray listed = json.value(QStringLiteral("errors")).toArray();
        QCOMPARE(listed.size(), 1000);
        const QString warnings =
            json.value(QStringLiteral("warnings")).toVariant().toStringList().join(u'\n');
        QVERIFY2(warnings.contains(QStringLiteral("only the first 1000 of 2000 errors are listed "
                                                  "here; the error report lists every one")),
                 qPrintable(warnings));
        QVERIFY2(warnings.contains(report), qPrintable(warnings));

        QFile file2(report);
        QVERIFY(file2.open(QIODevice::ReadOnly));
        const QList<QByteArray> rows = file2.readAll().split('\n');
        QCOMPARE(rows.first().trimmed(), QByteArray("file,line,column,field,message,value"));
        QSet<qint64> reported;
        for (qsizetype i = 1; i < rows.size(); ++i) {
            if (rows[i].trimmed().isEmpty())
                continue;
            const QList<QByteArray> fields = rows[i].split(',');
            reported.insert(fields.at(1).toLongLong());
            QCOMPARE(fields.at(2).toInt(), fieldColumn(lines[fields.at(1).toInt() - 1], Units));
        }
        QCOMPARE(reported, planted);

        // The terminal shows the first 50 and says where the rest are.
        QStringList text = importSales(dir_.filePath(QStringLiteral("many-text.merchbench")), file);
        text.removeAll(QStringLiteral("--json"));
        text << QStringLiteral("--on-error") << QStringLiteral("skip");
        const mbtest::CliRun said = mbtest::runCli(text);
        QVERIFY2(said.exitCode == 0, said.err.constData());
        QVERIFY2(said.err.contains("... and 1950 more errors (every one is in the error report)"),
                 said.err.constData());
    }

    // Skip mode with every row rejected: exit 2 and nothing written, never "imported 0 of N"
    // with exit 0; the error report still lists every row.
    void everyRowRejectedIsAnError() {
        QList<QByteArray> lines = salesLines(300);
        for (int line = 2; line <= lines.size(); ++line)
            lines[line - 1] = withField(lines[line - 1], Units, "x" + QByteArray::number(line));
        const QString file = write(QStringLiteral("all-bad.csv"), joined(lines));
        const QString report = dir_.filePath(QStringLiteral("all-bad-errors.csv"));
        const QString project = dir_.filePath(QStringLiteral("all-bad.merchbench"));
        QStringList arguments = importSales(project, file);
        arguments.removeAll(QStringLiteral("--json"));
        arguments << QStringLiteral("--on-error") << QStringLiteral("skip")
                  << QStringLiteral("--error-report") << report;
        const mbtest::CliRun run = mbtest::runCli(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.contains("every row was rejected, so nothing was imported"),
                 run.err.constData());
        const auto opened = mb::data::Project::open(project);
        QCOMPARE(mb::data::queryInt(opened->db(), "SELECT count(*) FROM sales"), qint64(0));
        QCOMPARE(
            mb::data::queryInt(opened->db(), "SELECT count(*) FROM imports WHERE kind = 'sales'"),
            qint64(0));
        QFile listed(report);
        QVERIFY(listed.open(QIODevice::ReadOnly));
        QVERIFY(listed.readAll().count('\n') >= lines.size());  // header + every data row
    }

    void ambiguousSlashDatesSayTheOrderAssumed() {
        // Weeks whose day of month is at most 12, rewritten as day/month/year: each reads both
        // ways (02/03/2009 is 2 March or 3 February).
        const QList<QByteArray> source = salesLines(3000);
        QList<QByteArray> lines{source.first()};
        for (qsizetype i = 1; i < source.size(); ++i) {
            const QByteArray iso = source[i].split(',').at(Week).mid(1, 10);
            if (iso.mid(8, 2).toInt() > 12 || iso.mid(8, 2) == iso.mid(5, 2))
                continue;
            const QByteArray slashed = iso.mid(8, 2) + '/' + iso.mid(5, 2) + '/' + iso.left(4);
            lines.append(withField(source[i], Week, slashed));
        }
        QVERIFY2(lines.size() > 200, "too few weeks with a day of month up to 12");
        const QString file = write(QStringLiteral("slashed.csv"), joined(lines));
        const QString assumed = QStringLiteral(
            "reads both as day/month/year and as "
            "month/day/year; read as day/month/year");

        const mbtest::CliRun json =
            mbtest::runCli(importSales(dir_.filePath(QStringLiteral("a.merchbench")), file));
        QVERIFY2(json.exitCode == 0, json.err.constData());
        const QString warnings =
            json.json().value(QStringLiteral("warnings")).toVariant().toStringList().join(u'\n');
        QVERIFY2(warnings.contains(assumed), qPrintable(warnings));
        QVERIFY2(warnings.contains(QStringLiteral("--date-format mdy")), qPrintable(warnings));

        QStringList text = importSales(dir_.filePath(QStringLiteral("b.merchbench")), file);
        text.removeLast();  // without --json: the warning goes to the terminal
        const mbtest::CliRun said = mbtest::runCli(text);
        QVERIFY2(said.exitCode == 0, said.err.constData());
        QVERIFY2(QString::fromUtf8(said.err).contains(QStringLiteral("warning: column 'week': ")),
                 said.err.constData());

        // Stating the order, or a date that reads one way only, leaves nothing to warn about.
        QStringList stated = importSales(dir_.filePath(QStringLiteral("c.merchbench")), file);
        stated << QStringLiteral("--date-format") << QStringLiteral("dmy");
        const mbtest::CliRun confirmed = mbtest::runCli(stated);
        QVERIFY2(confirmed.exitCode == 0, confirmed.err.constData());
        QVERIFY(!confirmed.out.contains("reads both as"));
        QList<QByteArray> decided = lines;
        decided.insert(1, withField(source[1], Week, "13/01/2015"));  // a week the file lacks
        const QString decidedFile = write(QStringLiteral("decided.csv"), joined(decided));
        const mbtest::CliRun detected =
            mbtest::runCli(importSales(dir_.filePath(QStringLiteral("d.merchbench")), decidedFile));
        QVERIFY2(detected.exitCode == 0, detected.err.constData());
        QVERIFY(!detected.out.contains("reads both as"));
    }
};

QTEST_GUILESS_MAIN(TestImportChecks)
#include "tst_importchecks.moc"
