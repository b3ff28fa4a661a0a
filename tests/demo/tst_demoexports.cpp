// `merchbench-cli demo` as a new user runs it: every export it lists exists, and on the demo's
// planted truth (datasets/demo/truth.json) each job finds what was planted: the markdown plan
// beats the best fixed rule, uplift ranks the segments as planted, the planted category pairs
// have the highest lift.
#include "CliRun.h"
#include "CsvRows.h"

#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

namespace {

QJsonObject truth() {
    QFile file(QStringLiteral(MERCHBENCH_SOURCE_DIR "/datasets/demo/truth.json"));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

}  // namespace

class TestDemoExports : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString exports_;

private Q_SLOTS:
    void initTestCase() {
        const mbtest::CliRun run = mbtest::runCli({QStringLiteral("demo"), dir_.path()});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        exports_ = dir_.filePath(QStringLiteral("exports"));
        // Every path the demo lists under "Exports:" is there and not empty.
        const QString said = QString::fromUtf8(run.out);
        const QStringList lines = said.split(u'\n');
        const int from = lines.indexOf(QStringLiteral("Exports:"));
        QVERIFY(from >= 0);
        int listed = 0;
        for (int i = from + 1; i < lines.size() && lines[i].startsWith(QStringLiteral("  ")); ++i) {
            const QFileInfo info(lines[i].trimmed());
            QVERIFY2(info.exists(), qPrintable(lines[i]));
            QVERIFY2(info.isDir() || info.size() > 0, qPrintable(lines[i]));
            ++listed;
        }
        QVERIFY(listed >= 8);
    }

    void markdownPlanBeatsTheBestFixedRule() {
        const auto items = mbtest::readCsvRows(exports_ + QStringLiteral("/markdown-items.csv"));
        QVERIFY(!items.isEmpty());
        double plan = 0, fixed = 0, none = 0;
        for (const auto& item : items) {
            QCOMPARE(item[QStringLiteral("status")], QStringLiteral("planned"));
            plan += item[QStringLiteral("expected_objective")].toDouble();
            fixed += item[QStringLiteral("fixed_rule_objective")].toDouble();
            none += item[QStringLiteral("no_markdown_objective")].toDouble();
        }
        qInfo("demo markdown: plan %.0f, best fixed rule %.0f (+%.2f%%), no markdown %.0f", plan,
              fixed, 100.0 * (plan - fixed) / fixed, none);
        QVERIFY(plan > fixed);
        QVERIFY(plan >= none);
        QVERIFY(QFile::exists(exports_ + QStringLiteral("/markdown-plan.csv")));
    }

    // The demo's clearance is overstocked as real ones are, and its plan shows what markdowns
    // are for: the planted stock covers 1.3-2.2 times the full-price demand of the clearance
    // weeks (truth.json), so no markdown leaves much of it to the jobber. A plan within a few per
    // cent of no markdown would show a season that did not need markdowns.
    void demoSeasonNeedsMarkdowns() {
        const QJsonObject inventory = truth()[QStringLiteral("inventory")].toObject();
        QVERIFY(inventory[QStringLiteral("cover_low")].toDouble() > 1.0);
        const auto items = mbtest::readCsvRows(exports_ + QStringLiteral("/markdown-items.csv"));
        QVERIFY(!items.isEmpty());
        double plan = 0, none = 0, onHand = 0, sold = 0;
        int markedDown = 0;
        for (const auto& item : items) {
            plan += item[QStringLiteral("expected_objective")].toDouble();
            none += item[QStringLiteral("no_markdown_objective")].toDouble();
            onHand += item[QStringLiteral("on_hand")].toDouble();
            sold += item[QStringLiteral("expected_units")].toDouble();
            if (item[QStringLiteral("markdowns")].toInt() > 0)
                ++markedDown;
        }
        qInfo(
            "demo markdown: +%.1f%% over no markdown, %d of %lld items marked down, "
            "sell-through %.1f%%",
            100.0 * (plan - none) / none, markedDown, static_cast<long long>(items.size()),
            100.0 * sold / onHand);
        QVERIFY(plan > 1.10 * none);
        QVERIFY(markedDown * 2 > items.size());
    }

    void upliftRanksSegmentsAsPlanted() {
        const auto scores = mbtest::readCsvRows(exports_ + QStringLiteral("/uplift-scores.csv"));
        QVERIFY(!scores.isEmpty());
        const auto project =
            mb::data::Project::open(dir_.filePath(QStringLiteral("demo.merchbench")));
        QHash<QString, QString> segment;
        mb::data::Statement select(project->db(), "SELECT customer, segment FROM customers");
        while (select.step())
            segment.insert(select.text(0), select.text(1));
        const QJsonObject planted = truth()[QStringLiteral("campaign")]
                                        .toObject()[QStringLiteral("purchase_uplift")]
                                        .toObject();
        for (const QString& offer : {QStringLiteral("offer_a"), QStringLiteral("offer_b")}) {
            QHash<QString, double> sum;
            QHash<QString, int> count;
            for (const auto& row : scores) {
                const QString s = segment.value(row[QStringLiteral("customer")]);
                sum[s] += row[QStringLiteral("uplift_") + offer].toDouble();
                ++count[s];
            }
            QStringList byPlanted = planted.keys();
            std::sort(byPlanted.begin(), byPlanted.end(), [&](const QString& a, const QString& b) {
                return planted[a].toObject()[offer].toDouble() >
                       planted[b].toObject()[offer].toDouble();
            });
            QStringList byModel = byPlanted;
            std::sort(byModel.begin(), byModel.end(), [&](const QString& a, const QString& b) {
                return sum[a] / count[a] > sum[b] / count[b];
            });
            for (const QString& s : byPlanted)
                qInfo("demo uplift %s %s: planted %.2f, model %.3f", qPrintable(offer),
                      qPrintable(s), planted[s].toObject()[offer].toDouble(), sum[s] / count[s]);
            QCOMPARE(byModel, byPlanted);
        }
    }

    void plantedPairsHaveTheHighestLift() {
        const auto pairs = mbtest::readCsvRows(exports_ + QStringLiteral("/category-affinity.csv"));
        QVERIFY(pairs.size() >= 3);
        QSet<QString> planted;
        for (const QJsonValue& pair :
             truth()[QStringLiteral("baskets")].toObject()[QStringLiteral("pairs")].toArray()) {
            QStringList names{pair[QStringLiteral("category_a")].toString(),
                              pair[QStringLiteral("category_b")].toString()};
            names.sort();
            planted.insert(names.join(u'+'));
        }
        auto sorted = pairs;
        std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
            return a[QStringLiteral("lift")].toDouble() > b[QStringLiteral("lift")].toDouble();
        });
        QSet<QString> top;
        for (int i = 0; i < planted.size(); ++i) {
            QStringList names{sorted[i][QStringLiteral("item_a")],
                              sorted[i][QStringLiteral("item_b")]};
            names.sort();
            top.insert(names.join(u'+'));
        }
        QCOMPARE(top, planted);
    }

    void layoutScenarioKeepsTheFixedCategory() {
        const auto rows = mbtest::readCsvRows(exports_ + QStringLiteral("/layout-scenario.csv"));
        QVERIFY(!rows.isEmpty());
        bool produce = false;
        for (const auto& row : rows) {
            if (row[QStringLiteral("category")] == QStringLiteral("produce")) {
                produce = true;
                QCOMPARE(row[QStringLiteral("proposed_zone")], QStringLiteral("Z01"));
            }
        }
        QVERIFY(produce);
    }
};

QTEST_GUILESS_MAIN(TestDemoExports)
#include "tst_demoexports.moc"
