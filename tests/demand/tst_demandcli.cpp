// `merchbench-cli demand` as a user runs it: the demo's planted elasticities, the Dominick's
// orange-juice data against an independent least-squares fit, and bad inputs.
#include "CliRun.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <cmath>
#include <map>

namespace {

using Row = QHash<QString, QString>;

// Plain comma-separated rows keyed by header (the demand CSV quotes nothing for these data).
std::vector<Row> readCsv(const QString& path) {
    std::vector<Row> rows;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return rows;
    const QStringList header = QString::fromUtf8(file.readLine()).trimmed().split(',');
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList cells = line.split(',');
        Row row;
        for (qsizetype i = 0; i < header.size() && i < cells.size(); ++i)
            row.insert(header[i], cells[i]);
        rows.push_back(row);
    }
    return rows;
}

// Solves the 3x3 system a x = b by Gaussian elimination with partial pivoting.
std::array<long double, 3> solve3(std::array<std::array<long double, 3>, 3> a,
                                  std::array<long double, 3> b) {
    for (int c = 0; c < 3; ++c) {
        int pivot = c;
        for (int r = c + 1; r < 3; ++r) {
            if (std::fabs(a[r][c]) > std::fabs(a[pivot][c]))
                pivot = r;
        }
        std::swap(a[c], a[pivot]);
        std::swap(b[c], b[pivot]);
        for (int r = c + 1; r < 3; ++r) {
            const long double f = a[r][c] / a[c][c];
            for (int k = c; k < 3; ++k)
                a[r][k] -= f * a[c][k];
            b[r] -= f * b[c];
        }
    }
    std::array<long double, 3> x{};
    for (int r = 2; r >= 0; --r) {
        long double s = b[r];
        for (int k = r + 1; k < 3; ++k)
            s -= a[r][k] * x[k];
        x[r] = s / a[r][r];
    }
    return x;
}

struct BrandFit {
    long double elasticity = 0, standardError = 0;
    int rows = 0;
};

// log(sales) = b0 + b1 log(price) + b2 feat by the normal equations, with
// se(b1) = sqrt(s^2 [(X'X)^-1]_11) and s^2 = RSS / (n - 3).
std::map<QString, BrandFit> ordinaryLeastSquares(const QString& path) {
    struct Sums {
        std::array<std::array<long double, 3>, 3> xtx{};
        std::array<long double, 3> xty{};
        std::vector<std::array<long double, 4>> rows;
    };
    std::map<QString, Sums> brands;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    file.readLine();  // No,sales,price,brand,feat
    while (!file.atEnd()) {
        const QStringList cells = QString::fromUtf8(file.readLine()).trimmed().split(',');
        if (cells.size() < 5)
            continue;
        const std::array<long double, 3> x{1.0L, std::log((long double)cells[2].toDouble()),
                                           (long double)cells[4].toDouble()};
        const long double y = std::log((long double)cells[1].toDouble());
        Sums& sums = brands[cells[3]];
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j)
                sums.xtx[i][j] += x[i] * x[j];
            sums.xty[i] += x[i] * y;
        }
        sums.rows.push_back({x[0], x[1], x[2], y});
    }
    std::map<QString, BrandFit> fits;
    for (const auto& [brand, sums] : brands) {
        const auto beta = solve3(sums.xtx, sums.xty);
        long double rss = 0;
        for (const auto& row : sums.rows) {
            const long double e = row[3] - beta[0] - beta[1] * row[1] - beta[2] * row[2];
            rss += e * e;
        }
        const long double variance = rss / (long double)(sums.rows.size() - 3);
        const auto column = solve3(sums.xtx, {0.0L, 1.0L, 0.0L});
        fits[brand] = {beta[1], std::sqrt(variance * column[1]), int(sums.rows.size())};
    }
    return fits;
}

}  // namespace

class DemandCliTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    // A copy of the demo project named `name`, changed by `sql`.
    QString changedDemo(const QString& name, const char* sql) {
        const QString project = dir_.filePath(name);
        QFile::remove(project);
        if (!QFile::copy(demoProject(), project))
            return {};
        mb::data::exec(mb::data::Project::open(project)->db(), sql);
        return project;
    }

    static QStringList productDemand(const QString& project, const char* holdoutWeeks,
                                     const QString& out) {
        return {QStringLiteral("demand"),          project,
                QStringLiteral("--level"),         QStringLiteral("product"),
                QStringLiteral("--holdout-weeks"), QString::fromLatin1(holdoutWeeks),
                QStringLiteral("--out"),           out};
    }

    QString demoProject() {
        const QString copy = dir_.filePath(QStringLiteral("demo.merchbench"));
        if (QFile::exists(copy))
            return copy;
        if (QFile::copy(QStringLiteral("/tmp/demo/demo.merchbench"), copy))
            return copy;
        const mbtest::CliRun demo = mbtest::runCli({QStringLiteral("demo"), dir_.filePath("demo")});
        if (demo.exitCode != 0)
            return {};
        const QStringList found =
            QDir(dir_.filePath("demo")).entryList({QStringLiteral("*.merchbench")});
        return found.isEmpty() ? QString() : dir_.filePath("demo/" + found.first());
    }

private Q_SLOTS:
    // The demo plants one elasticity per product; the product-level fit should find most of them
    // within two standard errors.
    void demoPlantedElasticities_data() {
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<double>("minimumShare");
        // 2 SE covers about 95% when the model is right; the Poisson fit's quasi-likelihood
        // errors are narrower than the demo's log-normal noise warrants, so it covers fewer.
        QTest::newRow("least squares") << QStringList{} << 0.85;
        QTest::newRow("least squares, no holdout")
            << QStringList{QStringLiteral("--holdout-weeks"), QStringLiteral("0")} << 0.85;
        QTest::newRow("poisson") << QStringList{QStringLiteral("--method"),
                                                QStringLiteral("poisson")}
                                 << 0.75;
    }
    void demoPlantedElasticities() {
        QFETCH(QStringList, options);
        QFETCH(double, minimumShare);
        const QString project = demoProject();
        QVERIFY2(!project.isEmpty(), "could not get a demo project");
        const QString out = dir_.filePath(QStringLiteral("demo-demand.csv"));
        const mbtest::CliRun run =
            mbtest::runCli(QStringList{QStringLiteral("demand"), project, QStringLiteral("--level"),
                                       QStringLiteral("product"), QStringLiteral("--out"), out,
                                       QStringLiteral("--json")} +
                           options);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QCOMPARE(run.json().value(QStringLiteral("out")).toString(), out);

        QFile truthFile(QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/truth.json"));
        QVERIFY(truthFile.open(QIODevice::ReadOnly));
        const QJsonArray planted = QJsonDocument::fromJson(truthFile.readAll())
                                       .object()
                                       .value(QStringLiteral("demand"))
                                       .toObject()
                                       .value(QStringLiteral("products"))
                                       .toArray();
        QVERIFY(!planted.isEmpty());
        std::map<QString, Row> fitted;
        for (const Row& row : readCsv(out))
            fitted[row.value(QStringLiteral("product"))] = row;
        int within = 0, compared = 0;
        for (const QJsonValue& value : planted) {
            const QJsonObject product = value.toObject();
            const auto found = fitted.find(product.value(QStringLiteral("product")).toString());
            if (found == fitted.end())
                continue;
            const double truth = product.value(QStringLiteral("elasticity")).toDouble();
            const double estimate = found->second.value(QStringLiteral("elasticity")).toDouble();
            const double se = found->second.value(QStringLiteral("elasticity_se")).toDouble();
            ++compared;
            within += std::abs(estimate - truth) <= 2.0 * se ? 1 : 0;
        }
        const double share = compared > 0 ? double(within) / compared : 0.0;
        qInfo("%d of %d products (%.0f%%) within 2 SE of the planted elasticity", within, compared,
              100.0 * share);
        QCOMPARE(compared, int(planted.size()));
        QVERIFY(share >= minimumShare);
    }

    // Dominick's orange juice imported as a user would; each brand's elasticity and SE equal an
    // independent least-squares fit of log(sales) ~ 1 + log(price) + feat.
    void dominicksOrangeJuice() {
        const QString csv = QStringLiteral(MERCHBENCH_SHARED_DATASETS "/dominicks-oj/oj.csv");
        if (!QFile::exists(csv))
            QSKIP(qPrintable(QStringLiteral("%1 is absent; real-data test skipped").arg(csv)));
        const QString project = dir_.filePath(QStringLiteral("oj.merchbench"));
        const mbtest::CliRun import = mbtest::runCli(
            {QStringLiteral("import"), project, csv, QStringLiteral("--kind"),
             QStringLiteral("sales"), QStringLiteral("--map"), QStringLiteral("No=week"),
             QStringLiteral("--map"), QStringLiteral("brand=product"), QStringLiteral("--map"),
             QStringLiteral("sales=units"), QStringLiteral("--set"),
             QStringLiteral("store=dominicks"), QStringLiteral("--create-missing")});
        QVERIFY2(import.exitCode == 0, import.err.constData());
        const QString out = dir_.filePath(QStringLiteral("oj-demand.csv"));
        const mbtest::CliRun run =
            mbtest::runCli({QStringLiteral("demand"), project, QStringLiteral("--level"),
                            QStringLiteral("product"), QStringLiteral("--no-seasonality"),
                            QStringLiteral("--no-lifecycle"), QStringLiteral("--out"), out,
                            QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, run.err.constData());

        const std::map<QString, BrandFit> reference = ordinaryLeastSquares(csv);
        QCOMPARE(reference.size(), std::size_t(3));
        const std::vector<Row> rows = readCsv(out);
        QCOMPARE(rows.size(), reference.size());
        for (const Row& row : rows) {
            const QString brand = row.value(QStringLiteral("product"));
            QVERIFY2(reference.count(brand) == 1, qPrintable(brand));
            const BrandFit& expected = reference.at(brand);
            const double elasticity = row.value(QStringLiteral("elasticity")).toDouble();
            const double se = row.value(QStringLiteral("elasticity_se")).toDouble();
            qInfo("%-12s elasticity %.4f (reference %.4Lf), se %.4f (reference %.4Lf), %d weeks",
                  qPrintable(brand), elasticity, expected.elasticity, se, expected.standardError,
                  expected.rows);
            QVERIFY(std::abs(elasticity - double(expected.elasticity)) < 1e-6);
            QVERIFY(std::abs(se - double(expected.standardError)) < 1e-6);
            QCOMPARE(row.value(QStringLiteral("n_weeks")).toInt(), expected.rows);
        }

        // Pooled over brands (an intercept each, feature in the model); Taddy's brand-intercept
        // model without feature reports about -3.1.
        const QString pooled = dir_.filePath(QStringLiteral("oj-pooled.csv"));
        const mbtest::CliRun category =
            mbtest::runCli({QStringLiteral("demand"), project, QStringLiteral("--level"),
                            QStringLiteral("category"), QStringLiteral("--no-seasonality"),
                            QStringLiteral("--no-lifecycle"), QStringLiteral("--out"), pooled});
        QVERIFY2(category.exitCode == 0, category.err.constData());
        const std::vector<Row> pooledRows = readCsv(pooled);
        QCOMPARE(pooledRows.size(), std::size_t(1));
        const double elasticity = pooledRows[0].value(QStringLiteral("elasticity")).toDouble();
        qInfo("pooled elasticity with feature: %.3f", elasticity);
        QVERIFY(elasticity < -2.0 && elasticity > -3.5);
    }

    void badInputs_data() {
        QTest::addColumn<QString>("project");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty project")
            << QStringLiteral("empty") << QStringList{} << 2 << QStringLiteral("no weekly sales");
        QTest::newRow("missing project")
            << QStringLiteral("absent") << QStringList{} << 2 << QString();
        QTest::newRow("unknown product")
            << QStringLiteral("demo")
            << QStringList{QStringLiteral("--products"), QStringLiteral("NOPE")} << 2
            << QStringLiteral("no weekly sales");
        QTest::newRow("bad level")
            << QStringLiteral("demo")
            << QStringList{QStringLiteral("--level"), QStringLiteral("aisle")} << 1
            << QStringLiteral("--level");
        QTest::newRow("negative holdout")
            << QStringLiteral("demo")
            << QStringList{QStringLiteral("--holdout-weeks"), QStringLiteral("-3")} << 1
            << QStringLiteral("--holdout-weeks");
    }
    void badInputs() {
        QFETCH(QString, project);
        QFETCH(QStringList, options);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        QString path;
        if (project == QLatin1String("empty")) {
            path = dir_.filePath(QStringLiteral("empty.merchbench"));
            mb::data::Project::open(path);
        } else if (project == QLatin1String("absent")) {
            path = dir_.filePath(QStringLiteral("absent.merchbench"));
        } else {
            path = demoProject();
        }
        const QString out = dir_.filePath(QStringLiteral("bad.csv"));
        QFile::remove(out);
        const mbtest::CliRun run = mbtest::runCli(
            QStringList{QStringLiteral("demand"), path, QStringLiteral("--out"), out} + options);
        QCOMPARE(run.exitCode, exitCode);
        QVERIFY(QString::fromUtf8(run.err).contains(message));
        QVERIFY(!QFile::exists(out));
    }

    // A product whose held-out weeks sold nothing has no WAPE (it divides by units sold), nor
    // one whose every week is held out (nothing is left to fit): the CSV says why in
    // wape_holdout_problem, --json warns, and the text never prints "nan".
    void holdoutErrorThatCannotBeComputedSaysWhy() {
        const QString project =
            changedDemo(QStringLiteral("zero-holdout.merchbench"),
                        "UPDATE sales SET units = 0, revenue = 0 WHERE product = 'P001' AND "
                        "week >= (SELECT date(max(week), '-27 days') FROM sales);"
                        // P002 sold only in its last three weeks: nothing is left to fit.
                        "DELETE FROM sales WHERE product = 'P002' AND "
                        "week < (SELECT date(max(week), '-20 days') FROM sales)");
        QVERIFY(!project.isEmpty());
        const QString out = dir_.filePath(QStringLiteral("zero-holdout.csv"));
        const QStringList arguments = productDemand(project, "4", out);
        const mbtest::CliRun run = mbtest::runCli(arguments + QStringList{"--json"});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        int withoutWape = 0;
        for (const Row& row : readCsv(out)) {
            const bool missing = row.value(QStringLiteral("wape_holdout")).isEmpty();
            QCOMPARE(row.value(QStringLiteral("wape_holdout_problem")).isEmpty(), !missing);
            withoutWape += missing ? 1 : 0;
            if (row.value(QStringLiteral("product")) == QLatin1String("P002")) {
                QVERIFY(missing);
                QVERIFY2(row.value(QStringLiteral("wape_holdout_problem"))
                             .contains("no model without the last 4 weeks"),
                         qPrintable(row.value(QStringLiteral("wape_holdout_problem"))));
            }
            if (row.value(QStringLiteral("product")) == QLatin1String("P001")) {
                QVERIFY(missing);
                QVERIFY2(row.value(QStringLiteral("wape_holdout_problem")).contains("sold 0 units"),
                         qPrintable(row.value(QStringLiteral("wape_holdout_problem"))));
            }
        }
        QVERIFY(withoutWape >= 2);
        const QJsonObject summary = run.json();
        QCOMPARE(summary.value(QStringLiteral("models_without_holdout_wape")).toInt(), withoutWape);
        const QJsonArray warnings = summary.value(QStringLiteral("warnings")).toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().toString().contains("wape_holdout_problem"),
                 qPrintable(warnings.first().toString()));
        QVERIFY(std::isfinite(summary.value(QStringLiteral("median_wape_holdout")).toDouble()));

        const mbtest::CliRun text = mbtest::runCli(arguments);
        QVERIFY2(text.exitCode == 0, text.err.constData());
        QVERIFY2(!text.out.toLower().contains("nan"), text.out.constData());
        QVERIFY2(text.err.contains("warning: ") && text.err.contains("no holdout WAPE"),
                 text.err.constData());
        const mbtest::CliRun noHoldout =
            mbtest::runCli({QStringLiteral("demand"), project, QStringLiteral("--holdout-weeks"),
                            QStringLiteral("0"), QStringLiteral("--out"), out});
        QVERIFY2(noHoldout.exitCode == 0, noHoldout.err.constData());
        QVERIFY2(!noHoldout.out.toLower().contains("nan") &&
                     noHoldout.out.contains("no holdout WAPE (give --holdout-weeks H)"),
                 noHoldout.out.constData());
    }

    // A model that cannot be fitted is counted in a warning with its reason (text and --json),
    // not only in "N of M fitted"; a category-level model without a holdout WAPE is named by its
    // category.
    void modelsNotFittedAreWarned() {
        const QString project =
            changedDemo(QStringLiteral("one-week.merchbench"),
                        "DELETE FROM sales WHERE product = 'P003' AND "
                        "week < (SELECT max(week) FROM sales WHERE product = 'P003')");
        const QString out = dir_.filePath(QStringLiteral("one-week.csv"));
        const mbtest::CliRun text = mbtest::runCli(productDemand(project, "0", out));
        QVERIFY2(text.exitCode == 0, text.err.constData());
        const mbtest::CliRun run = mbtest::runCli(productDemand(project, "0", out) << "--json");
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QStringList problems;
        int models = 0;
        for (const Row& row : readCsv(out)) {
            ++models;
            if (row.value(QStringLiteral("product")) == QLatin1String("P003"))
                problems << row.value(QStringLiteral("problem"));
        }
        QCOMPARE(problems.size(), 1);
        // The CSV gives the model's own count of weeks; the warning counts models by reason.
        QVERIFY2(problems.first().startsWith("too few weeks with sales ("),
                 qPrintable(problems.first()));
        const QJsonObject summary = run.json();
        QCOMPARE(summary.value(QStringLiteral("models_fitted")).toInt(), models - 1);
        const QString expected =
            QStringLiteral(
                "1 of %1 models were not fitted (the reason is in problem of %2): 1 too "
                "few weeks with sales")
                .arg(models)
                .arg(out);
        const QJsonArray warnings = summary.value(QStringLiteral("warnings")).toArray();
        QCOMPARE(warnings.size(), 1);
        QCOMPARE(warnings.first().toString(), expected);
        QVERIFY2(text.err.contains(("warning: " + expected).toUtf8()), text.err.constData());

        // Category level: every product of P001's category sells nothing in the holdout weeks.
        const QString zero = dir_.filePath(QStringLiteral("zero-category.merchbench"));
        QFile::remove(zero);
        QVERIFY(QFile::copy(demoProject(), zero));
        QString category;
        {
            const auto opened = mb::data::Project::open(zero);
            mb::data::Statement query(opened->db(),
                                      "SELECT category FROM products WHERE product = 'P001'");
            if (query.step())
                category = query.text(0);
            mb::data::exec(opened->db(),
                           "UPDATE sales SET units = 0, revenue = 0 WHERE product IN (SELECT "
                           "product FROM products WHERE category = (SELECT category FROM "
                           "products WHERE product = 'P001')) AND week >= (SELECT date(max(week), "
                           "'-27 days') FROM sales)");
        }
        QVERIFY(!category.isEmpty());
        const mbtest::CliRun byCategory = mbtest::runCli(
            {QStringLiteral("demand"), zero, QStringLiteral("--level"), QStringLiteral("category"),
             QStringLiteral("--holdout-weeks"), QStringLiteral("4"), QStringLiteral("--out"),
             dir_.filePath(QStringLiteral("zero-category.csv")), QStringLiteral("--json")});
        QVERIFY2(byCategory.exitCode == 0, byCategory.err.constData());
        QVERIFY2(byCategory.err.contains(("e.g. category " + category + ": ").toUtf8()),
                 byCategory.err.constData());
    }

    // --as-of D fits on the weeks dated on or before D only: the Poisson fit counts every week
    // it read, so its n_weeks is the number of P001's sales rows up to D; a date before every
    // sale is an error that says so.
    void asOfReadsOnlyTheWeeksUpToIt() {
        const QString project = demoProject();
        QVERIFY(!project.isEmpty());
        qint64 expected = 0;
        {
            const auto opened = mb::data::Project::open(project);
            mb::data::Statement count(opened->db(),
                                      "SELECT count(*) FROM sales WHERE product = 'P001' AND "
                                      "week <= '2023-07-31' AND price > 0 AND units >= 0");
            count.step();
            expected = count.int64(0);
        }
        QVERIFY(expected > 0);
        const QString out = dir_.filePath(QStringLiteral("as-of.csv"));
        const QStringList arguments{QStringLiteral("demand"),          project,
                                    QStringLiteral("--level"),         QStringLiteral("product"),
                                    QStringLiteral("--method"),        QStringLiteral("poisson"),
                                    QStringLiteral("--holdout-weeks"), QStringLiteral("0"),
                                    QStringLiteral("--products"),      QStringLiteral("P001"),
                                    QStringLiteral("--out"),           out};
        const mbtest::CliRun all = mbtest::runCli(arguments);
        QVERIFY2(all.exitCode == 0, all.err.constData());
        const int allWeeks = readCsv(out).at(0).value(QStringLiteral("n_weeks")).toInt();
        const mbtest::CliRun cut = mbtest::runCli(
            arguments + QStringList{QStringLiteral("--as-of"), QStringLiteral("2023-07-31")});
        QVERIFY2(cut.exitCode == 0, cut.err.constData());
        const std::vector<Row> rows = readCsv(out);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows[0].value(QStringLiteral("n_weeks")).toLongLong(), expected);
        QVERIFY(allWeeks > expected);

        const mbtest::CliRun before = mbtest::runCli(
            arguments + QStringList{QStringLiteral("--as-of"), QStringLiteral("2001-01-01")});
        QCOMPARE(before.exitCode, 2);
        QVERIFY2(before.err.contains("dated on or before 2001-01-01"), before.err.constData());
        const mbtest::CliRun bad = mbtest::runCli(
            arguments + QStringList{QStringLiteral("--as-of"), QStringLiteral("31/07/2023")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("--as-of"), bad.err.constData());
    }

    // Stock counts imported as a user would: a discount week that opened with no more than it
    // sold is censored, counted in --json and in the CSV; --no-censoring fits every week as its
    // sales, byte for byte the fit of the project without those counts.
    void stockCountsCensorSoldOutWeeks() {
        const QString demo = demoProject();
        QVERIFY(!demo.isEmpty());
        const QString project = dir_.filePath(QStringLiteral("stock.merchbench"));
        QFile::remove(project);
        QVERIFY(QFile::copy(demo, project));
        const QString counts = dir_.filePath(QStringLiteral("counts.csv"));
        int expected = 0;
        {
            QFile file(counts);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("store,product,date,on_hand\n");
            const auto opened = mb::data::Project::open(project);
            mb::data::Statement weeks(opened->db(),
                                      "SELECT week, units, price < regular_price FROM sales "
                                      "WHERE product = 'P001' AND store = 'S0001'");
            while (weeks.step()) {
                const bool soldOut = weeks.real(1) > 0.0 && weeks.int64(2) != 0;
                expected += soldOut ? 1 : 0;
                file.write(QStringLiteral("S0001,P001,%1,%2\n")
                               .arg(weeks.text(0).left(10))
                               .arg(weeks.real(1) + (soldOut ? 0.0 : 50.0))
                               .toUtf8());
            }
        }
        QVERIFY(expected > 5);
        const QStringList fit{QStringLiteral("demand"), QStringLiteral("--products"),
                              QStringLiteral("P001"),   QStringLiteral("--stores"),
                              QStringLiteral("S0001"),  QStringLiteral("--json"),
                              QStringLiteral("--out")};
        const QString plainOut = dir_.filePath(QStringLiteral("plain.csv"));
        const mbtest::CliRun plain =
            mbtest::runCli(QStringList{fit[0], project} + fit.mid(1) + QStringList{plainOut});
        QVERIFY2(plain.exitCode == 0, plain.err.constData());

        const mbtest::CliRun import =
            mbtest::runCli({QStringLiteral("import"), project, counts, QStringLiteral("--kind"),
                            QStringLiteral("inventory")});
        QVERIFY2(import.exitCode == 0, import.err.constData());
        const QString censoredOut = dir_.filePath(QStringLiteral("censored.csv"));
        const mbtest::CliRun censored =
            mbtest::runCli(QStringList{fit[0], project} + fit.mid(1) + QStringList{censoredOut});
        QVERIFY2(censored.exitCode == 0, censored.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(censored.out).object();
        QCOMPARE(summary.value(QStringLiteral("censored_weeks")).toInteger(), qint64(expected));
        QVERIFY(summary.value(QStringLiteral("stock_counts")).toInteger() > expected);
        const std::vector<Row> rows = readCsv(censoredOut);
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows[0].value(QStringLiteral("censored_weeks")).toInt(), expected);
        // Demand in a sold-out discount week was more than its sales, so the censored fit puts
        // more demand on those weeks: in the demo every discount week is a temporary price
        // reduction, and that lift grows.
        const std::vector<Row> plainRows = readCsv(plainOut);
        QCOMPARE(plainRows.size(), std::size_t(1));
        const QString tpr = QStringLiteral("tpr_lift_log");
        qInfo("tpr lift %s censored, %s as sales; elasticity %s, %s",
              qPrintable(rows[0].value(tpr)), qPrintable(plainRows[0].value(tpr)),
              qPrintable(rows[0].value(QStringLiteral("elasticity"))),
              qPrintable(plainRows[0].value(QStringLiteral("elasticity"))));
        QVERIFY(rows[0].value(tpr).toDouble() > plainRows[0].value(tpr).toDouble() + 0.05);

        const QString ignoredOut = dir_.filePath(QStringLiteral("ignored.csv"));
        const mbtest::CliRun ignored =
            mbtest::runCli(QStringList{fit[0], project, QStringLiteral("--no-censoring")} +
                           fit.mid(1) + QStringList{ignoredOut});
        QVERIFY2(ignored.exitCode == 0, ignored.err.constData());
        QCOMPARE(QJsonDocument::fromJson(ignored.out)
                     .object()
                     .value(QStringLiteral("censored_weeks"))
                     .toInteger(),
                 qint64(0));
        QFile a(plainOut), b(ignoredOut);
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(b.readAll(), a.readAll());
    }

    void outIsRequired() {
        const mbtest::CliRun run = mbtest::runCli({QStringLiteral("demand"), demoProject()});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.contains("--out"));
    }
};

QTEST_GUILESS_MAIN(DemandCliTest)
#include "tst_demandcli.moc"
