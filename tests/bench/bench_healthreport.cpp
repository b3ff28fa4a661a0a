// Times checkHealth on a generated project: weekly sales of 1,000 products in 10 stores (about
// 1M rows, with gaps, stale series, promotions and a few outliers) and optionally basket lines.
// Usage: bench_healthreport [--weeks N] [--basket-lines N] [--keep PATH]
#include "common/Error.h"
#include "data/HealthReport.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTextStream>
#include <cstdio>
#include <ctime>

using namespace mb::data;

namespace {

void generateSales(sqlite3* db, int weeks) {
    exec(db,
         "WITH RECURSIVE p(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM p WHERE i < 999) "
         "INSERT INTO products(product, category, regular_price) "
         "SELECT printf('P%05d', i), printf('C%02d', i % 40), "
         "CASE WHEN i % 7 = 0 THEN NULL ELSE 2 + i % 30 END FROM p");
    exec(db,
         "WITH RECURSIVE s(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM s WHERE j < 9) "
         "INSERT INTO stores(store, region) SELECT printf('S%03d', j), 'R' || (j % 3) FROM s");
    const std::string weekLimit = std::to_string(weeks - 1);
    exec(db,
         "WITH RECURSIVE p(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM p WHERE i < 999), "
         "s(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM s WHERE j < 9), "
         "w(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM w WHERE k < " +
             weekLimit +
             "), "
             "g AS (SELECT i, j, k, (2 + i % 30) * (CASE WHEN (i + j + k) % 1009 = 0 THEN 4 "
             "WHEN (k / 6) % 3 = 2 THEN 0.8 ELSE 1 END) AS price, "
             "CASE WHEN (i * 7 + j * 13 + k) % 4999 = 0 THEN -1 ELSE (i * 31 + j * 17 + k * 7) % "
             "20 END AS units FROM p, s, w "
             "WHERE (i * 7 + j * 13 + k) % 41 != 0 AND NOT (i % 50 = 0 AND k > " +
             std::to_string(weeks * 3 / 4) +
             ")) "
             "INSERT INTO sales(product, store, week, units, revenue, price, regular_price, "
             "feature, display, tpr) "
             "SELECT printf('P%05d', i), printf('S%03d', j), date('2022-01-03', printf('+%d days', "
             "k * 7)), units, CASE WHEN k % 97 = 0 THEN NULL ELSE units * price * "
             "(CASE WHEN (i + k) % 211 = 0 THEN 1.2 ELSE 1 END) END, "
             "CASE WHEN (i * j + k) % 3001 = 0 THEN 0 ELSE price END, NULL, "
             "(k / 6) % 3 = 2, NULL, (k / 6) % 3 = 2 FROM g");
}

void generateBasketLines(sqlite3* db, qint64 lines) {
    exec(db, "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < " +
                 std::to_string(lines - 1) +
                 ") "
                 "INSERT INTO basket_lines(basket, product, customer, quantity, value, time, "
                 "import_id) SELECT 'B' || (i / 5), printf('P%05d', (i * 7919) % 1003), "
                 "'K' || ((i / 5) % 20000), 1 + i % 3, (1 + i % 3) * 2.5, "
                 "datetime('2023-01-01', printf('+%d minutes', i / 5)), 1 + (i % 997 = 0) FROM n");
    // A few lines scanned twice.
    exec(db,
         "INSERT INTO basket_lines(basket, product, customer, quantity, value, time, import_id) "
         "SELECT basket, product, customer, quantity, value, time, import_id FROM basket_lines "
         "WHERE id % 10007 = 0");
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    auto option = [&](const char* name, const QString& fallback) {
        const auto index = args.indexOf(QString::fromLatin1(name));
        return index >= 0 && index + 1 < args.size() ? args[index + 1] : fallback;
    };
    const int weeks = option("--weeks", QStringLiteral("105")).toInt();
    const qint64 basketLines = option("--basket-lines", QStringLiteral("0")).toLongLong();
    QTemporaryDir dir;
    const QString path = option("--keep", dir.filePath(QStringLiteral("bench.merchbench")));
    QTextStream out(stdout);
    try {
        auto project = Project::open(path);
        QElapsedTimer timer;
        if (queryInt(project->db(), "SELECT count(*) FROM sales") == 0) {
            timer.start();
            Transaction transaction(project->db());
            generateSales(project->db(), weeks);
            if (basketLines > 0)
                generateBasketLines(project->db(), basketLines);
            transaction.commit();
            out << "generated in " << timer.elapsed() << " ms\n";
        }
        out << "sales rows: " << queryInt(project->db(), "SELECT count(*) FROM sales")
            << ", basket lines: " << queryInt(project->db(), "SELECT count(*) FROM basket_lines")
            << "\n";
        HealthReport report;
        for (int run = 1; run <= 3; ++run) {
            timer.start();
            const std::clock_t cpuStart = std::clock();
            report = checkHealth(*project);
            // CPU time too: on a busy machine the wall time mostly measures the other jobs.
            out << "checkHealth run " << run << ": " << timer.elapsed() << " ms wall, "
                << (std::clock() - cpuStart) * 1000 / CLOCKS_PER_SEC << " ms CPU\n";
        }
        const QJsonObject json = report.toJson();
        for (const char* kind : {"sales", "baskets"}) {
            const QJsonObject figures = json.value(QStringLiteral("kinds"))
                                            .toObject()
                                            .value(QLatin1String(kind))
                                            .toObject();
            out << kind << ": " << QJsonDocument(figures).toJson(QJsonDocument::Compact) << "\n";
        }
        out << QJsonDocument(json.value(QStringLiteral("summary")).toObject())
                   .toJson(QJsonDocument::Compact)
            << ", findings: " << report.findings.size() << "\n";
    } catch (const mb::Error& error) {
        std::fprintf(stderr, "%s\n", error.what());
        return 1;
    }
    return 0;
}
