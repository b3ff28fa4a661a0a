// `import PROJECT --from postgresql://... (--table | --query)`: the rows of a real PostgreSQL
// server pass the same validation as a CSV file, all or nothing, and the password never lands in
// the project or the output.
#include "CliRun.h"
#include "PgTestServer.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <sqlite3.h>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using mbtest::runCli;

namespace {

// The rows of a query over a project, one line each, for comparing two projects.
QStringList dump(const QString& projectPath, const QString& sql) {
    auto project = mb::data::Project::open(projectPath);
    mb::data::Statement statement(project->db(), sql.toStdString());
    QStringList lines;
    while (statement.step()) {
        QStringList cells;
        for (int i = 0; i < sqlite3_column_count(statement.handle()); ++i)
            cells.append(statement.text(i));
        lines.append(cells.join(u'|'));
    }
    return lines;
}

qint64 countIn(const QString& projectPath, const QString& sql) {
    auto project = mb::data::Project::open(projectPath);
    return mb::data::queryInt(project->db(), sql.toStdString());
}

}  // namespace

class TestPgImport : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void tableImportEqualsTheCsvImportOfTheSameRows();
    void aBadValueNamesTheSourceRowAndWritesNothing();
    void anErrorPartWayThroughTheRowsWritesNothing();
    void theQuerySelectsASlice();
    void thePasswordIsNeitherStoredNorPrinted();
    void settingsComeFromTheEnvironmentAndPgpass();
    void usageMistakesAreNamed();

private:
    QString table(const QString& name) const { return schema_.name + u'.' + name; }
    QString uri_;
    mbtest::PgScratchSchema schema_;
    QTemporaryDir dir_;
    int projects_ = 0;
    QString newProject() {
        return dir_.filePath(QStringLiteral("p%1.merchbench").arg(++projects_));
    }
};

void TestPgImport::initTestCase() {
    MB_TEST_PG_URI(uri);
    uri_ = uri;
    schema_.create(uri_, QStringLiteral("tst_pgimport"));
    // A chain of 3 stores and 6 products, 8 weeks of sales; the third product's name holds a line
    // break, so later rows start on a later CSV line than their row number says.
    schema_.admin->exec(
        QStringLiteral(
            "CREATE TABLE %1 (store_id text, region text);"
            "INSERT INTO %1 VALUES ('S1','North'),('S2','North'),('S3','South');"
            "CREATE TABLE %2 (product text, name text, category text, regular_price numeric);"
            "INSERT INTO %2 VALUES ('P1','Apple','Fruit',1.50),('P2','Bread','Bakery',2.25),"
            "('P3',E'Cheese\\nmature','Dairy',4.00),('P4','Dough','Bakery',3.10),"
            "('P5','Eclair','Bakery',1.95),('P6','Fig','Fruit',0.80);"
            "CREATE TABLE %3 (week date, store text, product text, units integer, "
            "revenue numeric(12,2), price numeric(10,2))")
            .arg(table(QStringLiteral("stores")), table(QStringLiteral("products")),
                 table(QStringLiteral("sales"))),
        QStringLiteral("creating the source tables"));
    // The sales rows, written to the server and to a CSV file from the same numbers.
    QFile csv(dir_.filePath(QStringLiteral("sales.csv")));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("week,store,product,units,revenue,price\n");
    QStringList values;
    for (int week = 0; week < 8; ++week) {
        const QString date = QDate(2024, 1, 1).addDays(7 * week).toString(Qt::ISODate);
        for (int store = 1; store <= 3; ++store) {
            for (int product = 1; product <= 6; ++product) {
                const int units = (week * 7 + store * 5 + product * 3) % 17;
                const double price = 1.0 + product * 0.25;
                const QString row = QStringLiteral("%1,S%2,P%3,%4,%5,%6")
                                        .arg(date)
                                        .arg(store)
                                        .arg(product)
                                        .arg(units)
                                        .arg(units * price, 0, 'f', 2)
                                        .arg(price, 0, 'f', 2);
                csv.write(row.toUtf8() + '\n');
                const QStringList cells = row.split(u',');
                values.append(QStringLiteral("('%1','%2','%3',%4,%5,%6)")
                                  .arg(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5]));
            }
        }
    }
    csv.close();
    schema_.admin->exec(QStringLiteral("INSERT INTO %1 VALUES %2")
                            .arg(table(QStringLiteral("sales")), values.join(u',')),
                        QStringLiteral("filling the sales table"));
}

void TestPgImport::tableImportEqualsTheCsvImportOfTheSameRows() {
    const QString fromDatabase = newProject();
    const QString fromFile = newProject();
    for (const QString& project : {fromDatabase, fromFile}) {
        const auto stores = runCli(
            {QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
             QStringLiteral("--table"), table(QStringLiteral("stores")), QStringLiteral("--kind"),
             QStringLiteral("stores"), QStringLiteral("--map"), QStringLiteral("store_id=store")});
        QVERIFY2(stores.exitCode == 0, stores.err.constData());
        const auto products =
            runCli({QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
                    QStringLiteral("--table"), table(QStringLiteral("products")),
                    QStringLiteral("--kind"), QStringLiteral("products")});
        QVERIFY2(products.exitCode == 0, products.err.constData());
    }
    const auto sales = runCli({QStringLiteral("import"), fromDatabase, QStringLiteral("--from"),
                               uri_, QStringLiteral("--table"), table(QStringLiteral("sales")),
                               QStringLiteral("--kind"), QStringLiteral("sales")});
    QVERIFY2(sales.exitCode == 0, sales.err.constData());
    QVERIFY2(sales.out.contains("imported 144 of 144 rows as sales"), sales.out.constData());
    const auto file =
        runCli({QStringLiteral("import"), fromFile, dir_.filePath(QStringLiteral("sales.csv")),
                QStringLiteral("--kind"), QStringLiteral("sales")});
    QVERIFY2(file.exitCode == 0, file.err.constData());

    const QString salesRows = QStringLiteral(
        "SELECT week, store, product, units, revenue, price FROM sales "
        "ORDER BY week, store, product");
    const QStringList expected = dump(fromFile, salesRows);
    QCOMPARE(expected.size(), 144);
    QCOMPARE(dump(fromDatabase, salesRows), expected);
    const QString productRows =
        QStringLiteral("SELECT product, name, category, regular_price FROM products ORDER BY 1");
    const QStringList products = dump(fromDatabase, productRows);
    QCOMPARE(products.size(), 6);
    QCOMPARE(products.at(2), QStringLiteral("P3|Cheese\nmature|Dairy|4.0"));
}

void TestPgImport::aBadValueNamesTheSourceRowAndWritesNothing() {
    const QString project = newProject();
    const auto stores = runCli({QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
                                QStringLiteral("--table"), table(QStringLiteral("stores")),
                                QStringLiteral("--kind"), QStringLiteral("stores"),
                                QStringLiteral("--map"), QStringLiteral("store_id=store")});
    QVERIFY2(stores.exitCode == 0, stores.err.constData());
    const QStringList before = dump(project, QStringLiteral("SELECT * FROM imports ORDER BY id"));
    // Row 5 (P5) has a negative price; row 3 above it spans two CSV lines.
    const auto bad = runCli(
        {QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
         QStringLiteral("--query"),
         QStringLiteral("SELECT product, name, category, CASE WHEN product = 'P5' THEN -1 ELSE "
                        "regular_price END AS regular_price FROM %1 ORDER BY product;")
             .arg(table(QStringLiteral("products"))),
         QStringLiteral("--kind"), QStringLiteral("products")});
    QCOMPARE(bad.exitCode, 2);
    QVERIFY2(bad.err.contains(": row 5, column regular_price: "), bad.err.constData());
    QVERIFY2(bad.err.contains("nothing was written"), bad.err.constData());
    QCOMPARE(countIn(project, QStringLiteral("SELECT count(*) FROM products")), 0);
    QCOMPARE(dump(project, QStringLiteral("SELECT * FROM imports ORDER BY id")), before);
}

void TestPgImport::anErrorPartWayThroughTheRowsWritesNothing() {
    const QString project = newProject();
    // Rows 1..2999 reach the client before the server fails on row 3000.
    const auto failed =
        runCli({QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
                QStringLiteral("--query"),
                QStringLiteral("SELECT 'Q' || i AS product, 1.0 / ((i - 3000) * (i - 3000)) AS "
                               "regular_price FROM generate_series(1, 5000) AS i"),
                QStringLiteral("--kind"), QStringLiteral("products")});
    QCOMPARE(failed.exitCode, 2);
    QVERIFY2(failed.err.contains("stopped sending rows: ERROR:  division by zero"),
             failed.err.constData());
    QVERIFY2(failed.err.contains("nothing was written"), failed.err.constData());
    QCOMPARE(countIn(project, QStringLiteral("SELECT count(*) FROM products")), 0);
    QCOMPARE(countIn(project, QStringLiteral("SELECT count(*) FROM imports")), 0);
}

void TestPgImport::theQuerySelectsASlice() {
    const QString project = newProject();
    const auto slice =
        runCli({QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
                QStringLiteral("--query"),
                QStringLiteral("SELECT * FROM %1 WHERE category = 'Bakery'")
                    .arg(table(QStringLiteral("products"))),
                QStringLiteral("--kind"), QStringLiteral("products"), QStringLiteral("--json")});
    QVERIFY2(slice.exitCode == 0, slice.err.constData());
    QCOMPARE(slice.json().value(QStringLiteral("rows_imported")).toInt(), 3);
    QCOMPARE(dump(project, QStringLiteral("SELECT product FROM products ORDER BY 1")),
             (QStringList{QStringLiteral("P2"), QStringLiteral("P4"), QStringLiteral("P5")}));
}

void TestPgImport::thePasswordIsNeitherStoredNorPrinted() {
    const QString password = mbtest::passwordOf(uri_);
    QVERIFY2(password.size() >= 8, "the test server's string must carry its password");
    const QString project = newProject();
    const auto good = runCli({QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
                              QStringLiteral("--table"), table(QStringLiteral("products")),
                              QStringLiteral("--kind"), QStringLiteral("products")});
    QVERIFY2(good.exitCode == 0, good.err.constData());
    const auto json =
        runCli({QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
                QStringLiteral("--table"), table(QStringLiteral("products")),
                QStringLiteral("--kind"), QStringLiteral("products"), QStringLiteral("--json")});
    QVERIFY2(json.exitCode == 0, json.err.constData());
    const auto missing = runCli({QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
                                 QStringLiteral("--table"), QStringLiteral("no_such_table"),
                                 QStringLiteral("--kind"), QStringLiteral("products")});
    QCOMPARE(missing.exitCode, 2);
    // libpq quotes a URI it cannot parse whole.
    QString malformedUri = uri_;
    malformedUri.replace(QStringLiteral("@/"), QStringLiteral("@[::1/"));
    const auto malformed =
        runCli({QStringLiteral("import"), project, QStringLiteral("--from"), malformedUri,
                QStringLiteral("--table"), table(QStringLiteral("products")),
                QStringLiteral("--kind"), QStringLiteral("products")});
    QCOMPARE(malformed.exitCode, 2);
    QVERIFY2(malformed.err.contains("IPv6 host address"), malformed.err.constData());
    // The source is recorded, without the password.
    const QString recorded =
        dump(project, QStringLiteral("SELECT file_name FROM imports")).value(0);
    QVERIFY2(recorded.startsWith(QStringLiteral("postgresql://")), qPrintable(recorded));
    QVERIFY2(recorded.endsWith(QStringLiteral(" table ") + table(QStringLiteral("products"))),
             qPrintable(recorded));
    for (const auto* run : {&good, &json, &missing, &malformed}) {
        QVERIFY(!run->out.contains(password.toUtf8()));
        QVERIFY(!run->err.contains(password.toUtf8()));
    }
    // Every file of the project (the database and any journal beside it).
    const QStringList files =
        QDir(dir_.path()).entryList({QFileInfo(project).fileName() + u'*'}, QDir::Files);
    QVERIFY(!files.isEmpty());
    for (const QString& name : files) {
        QFile file(dir_.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY2(!bytes.contains(password.toUtf8()), qPrintable(name));
        QVERIFY2(!bytes.contains(QByteArray::fromHex(password.toLatin1())), qPrintable(name));
    }
}

void TestPgImport::settingsComeFromTheEnvironmentAndPgpass() {
    const QString password = mbtest::passwordOf(uri_);
    QString withoutPassword = uri_;
    withoutPassword.remove(u':' + password);
    QVERIFY(!withoutPassword.contains(password));
    // Without a password anywhere the server refuses.
    const auto refused = runCli(
        {QStringLiteral("import"), newProject(), QStringLiteral("--from"), withoutPassword,
         QStringLiteral("--table"), table(QStringLiteral("stores")), QStringLiteral("--kind"),
         QStringLiteral("stores"), QStringLiteral("--map"), QStringLiteral("store_id=store")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains("cannot connect to PostgreSQL"), refused.err.constData());
    // PGPASSWORD, then a pgpass file.
    const QString pgpass = dir_.filePath(QStringLiteral("pgpass"));
    QFile file(pgpass);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QStringLiteral("*:*:*:*:%1\n").arg(password).toUtf8());
    file.close();
    QVERIFY(file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    for (const auto& [variable, value] :
         {std::pair{"PGPASSWORD", password}, std::pair{"PGPASSFILE", pgpass}}) {
        qputenv(variable, value.toUtf8());
        const auto run = runCli(
            {QStringLiteral("import"), newProject(), QStringLiteral("--from"), withoutPassword,
             QStringLiteral("--table"), table(QStringLiteral("stores")), QStringLiteral("--kind"),
             QStringLiteral("stores"), QStringLiteral("--map"), QStringLiteral("store_id=store")});
        qunsetenv(variable);
        QVERIFY2(run.exitCode == 0, run.err.constData());
    }
}

void TestPgImport::usageMistakesAreNamed() {
    const QString project = newProject();
    const auto both =
        runCli({QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
                QStringLiteral("--table"), QStringLiteral("a"), QStringLiteral("--query"),
                QStringLiteral("SELECT 1"), QStringLiteral("--kind"), QStringLiteral("products")});
    QCOMPARE(both.exitCode, 1);
    QVERIFY2(both.err.contains("one of --table T or --query SQL"), both.err.constData());
    const auto skip =
        runCli({QStringLiteral("import"), project, QStringLiteral("--from"), uri_,
                QStringLiteral("--table"), QStringLiteral("a"), QStringLiteral("--kind"),
                QStringLiteral("products"), QStringLiteral("--on-error"), QStringLiteral("skip")});
    QCOMPARE(skip.exitCode, 1);
    const auto notUri =
        runCli({QStringLiteral("import"), project, QStringLiteral("--from"),
                QStringLiteral("host=x"), QStringLiteral("--table"), QStringLiteral("a"),
                QStringLiteral("--kind"), QStringLiteral("products")});
    QCOMPARE(notUri.exitCode, 1);
    QVERIFY(!QFile::exists(project));
}

QTEST_GUILESS_MAIN(TestPgImport)
#include "tst_pgimport.moc"
