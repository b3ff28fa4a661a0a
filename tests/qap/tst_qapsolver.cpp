// Quadratic assignment solver: the swap table against costs summed from scratch, the tabu search
// against exhaustive enumeration (n <= 8) and against QAPLIB's proven optima.
#include "Qaplib.h"
#include "RandomProblem.h"
#include "common/Error.h"
#include "common/Progress.h"
#include "layout/QapReader.h"
#include "layout/QapSolver.h"
#include "layout/QapSwapTable.h"

#include <QTest>
#include <algorithm>
#include <limits>
#include <numeric>
#include <random>
#include <set>

using namespace mb::layout;

Q_DECLARE_METATYPE(mb::layout::QapPlacementRules)

namespace {

bool satisfies(const std::vector<int>& permutation, const QapPlacementRules& rules) {
    for (const auto& [facility, location] : rules.fixed) {
        if (permutation[static_cast<std::size_t>(facility)] != location)
            return false;
    }
    for (const auto& [facility, location] : rules.forbidden) {
        if (permutation[static_cast<std::size_t>(facility)] == location)
            return false;
    }
    return true;
}

bool isPermutation(const std::vector<int>& permutation, int size) {
    std::vector<int> sorted = permutation;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> identity(static_cast<std::size_t>(size));
    std::iota(identity.begin(), identity.end(), 0);
    return sorted == identity;
}

// The independent answer: every one of the n! permutations.
double enumeratedOptimum(const QapProblem& problem, const QapPlacementRules& rules) {
    std::vector<int> permutation(static_cast<std::size_t>(problem.size));
    std::iota(permutation.begin(), permutation.end(), 0);
    double best = std::numeric_limits<double>::infinity();
    do {
        if (satisfies(permutation, rules))
            best = std::min(best, qapCost(problem, permutation));
    } while (std::next_permutation(permutation.begin(), permutation.end()));
    return best;
}

QapPlacementRules randomRules(int size, int fixedCount, int forbiddenCount, std::uint32_t seed) {
    std::mt19937 engine(seed);
    QapPlacementRules rules;
    std::vector<int> facilities(static_cast<std::size_t>(size));
    std::vector<int> locations(static_cast<std::size_t>(size));
    std::iota(facilities.begin(), facilities.end(), 0);
    std::iota(locations.begin(), locations.end(), 0);
    std::shuffle(facilities.begin(), facilities.end(), engine);
    std::shuffle(locations.begin(), locations.end(), engine);
    for (int k = 0; k < fixedCount; ++k)
        rules.fixed.emplace_back(facilities[static_cast<std::size_t>(k)],
                                 locations[static_cast<std::size_t>(k)]);
    while (static_cast<int>(rules.forbidden.size()) < forbiddenCount) {
        const int facility = static_cast<int>(engine() % static_cast<unsigned>(size));
        const int location = static_cast<int>(engine() % static_cast<unsigned>(size));
        const bool isFixed = std::find(rules.fixed.begin(), rules.fixed.end(),
                                       std::pair(facility, location)) != rules.fixed.end();
        if (!isFixed)
            rules.forbidden.emplace_back(facility, location);
    }
    return rules;
}

}  // namespace

class TestQapSolver : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void swapTableMatchesRecomputedCosts_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("symmetric");
        QTest::addColumn<int>("fixedCount");
        for (int size : {2, 3, 5, 9, 16}) {
            for (bool symmetric : {true, false}) {
                for (int fixedCount : {0, size / 3}) {
                    QTest::addRow("n=%d %s fixed=%d", size, symmetric ? "symmetric" : "asymmetric",
                                  fixedCount)
                        << size << symmetric << fixedCount;
                }
            }
        }
    }

    // Every O(1) update is checked against two costs summed from scratch, after every move.
    void swapTableMatchesRecomputedCosts() {
        QFETCH(int, size);
        QFETCH(bool, symmetric);
        QFETCH(int, fixedCount);
        const auto seed = static_cast<std::uint32_t>(size * 100 + fixedCount * 2 + symmetric);
        const QapProblem problem = testing::randomProblem(size, symmetric, seed);
        std::mt19937 engine(seed);
        std::vector<int> permutation(static_cast<std::size_t>(size));
        std::iota(permutation.begin(), permutation.end(), 0);
        std::shuffle(permutation.begin(), permutation.end(), engine);
        std::vector<int> movable(permutation.size());
        std::iota(movable.begin(), movable.end(), 0);
        std::shuffle(movable.begin(), movable.end(), engine);
        movable.resize(movable.size() - static_cast<std::size_t>(fixedCount));

        QapSwapTable table(problem, movable);
        table.reset(permutation);
        const int m = table.movableCount();
        QCOMPARE(m, size - fixedCount);
        for (int move = 0; move < 60 && m >= 2; ++move) {
            const double cost = qapCost(problem, table.permutation());
            QCOMPARE(table.cost(), cost);
            for (int a = 0; a < m; ++a) {
                for (int b = a + 1; b < m; ++b) {
                    std::vector<int> swapped = table.permutation();
                    std::swap(swapped[static_cast<std::size_t>(table.facility(a))],
                              swapped[static_cast<std::size_t>(table.facility(b))]);
                    const double expected = qapCost(problem, swapped) - cost;
                    QVERIFY2(table.delta(a, b) == expected,
                             qPrintable(QStringLiteral("move %1, pair (%2, %3): table %4, "
                                                       "recomputed %5")
                                            .arg(move)
                                            .arg(a)
                                            .arg(b)
                                            .arg(table.delta(a, b))
                                            .arg(expected)));
                    QCOMPARE(QapSwapTable::swapDelta(problem, table.permutation(),
                                                     table.facility(a), table.facility(b)),
                             expected);
                }
            }
            const int a = static_cast<int>(engine() % static_cast<unsigned>(m));
            int b = static_cast<int>(engine() % static_cast<unsigned>(m - 1));
            b += b >= a ? 1 : 0;
            table.swap(a, b);
        }
        QCOMPARE(table.cost(), qapCost(problem, table.permutation()));
    }

    void matchesExhaustiveEnumeration_data() {
        QTest::addColumn<int>("size");
        QTest::addColumn<bool>("symmetric");
        QTest::addColumn<QapPlacementRules>("rules");
        QTest::addColumn<quint64>("seed");
        for (int size = 3; size <= 8; ++size) {
            for (bool symmetric : {true, false}) {
                const auto base = static_cast<std::uint32_t>(size * 10 + symmetric);
                const char* kind = symmetric ? "symmetric" : "asymmetric";
                QTest::addRow("n=%d %s free", size, kind)
                    << size << symmetric << QapPlacementRules{} << quint64(base);
                QTest::addRow("n=%d %s fixed", size, kind)
                    << size << symmetric << randomRules(size, 2, 0, base) << quint64(base + 1);
                QTest::addRow("n=%d %s forbidden", size, kind)
                    << size << symmetric << randomRules(size, 0, size, base) << quint64(base + 2);
                QTest::addRow("n=%d %s fixed and forbidden", size, kind)
                    << size << symmetric << randomRules(size, 1, size / 2, base)
                    << quint64(base + 3);
            }
        }
    }

    void matchesExhaustiveEnumeration() {
        QFETCH(int, size);
        QFETCH(bool, symmetric);
        QFETCH(QapPlacementRules, rules);
        QFETCH(quint64, seed);
        const QapProblem problem =
            testing::randomProblem(size, symmetric, static_cast<std::uint32_t>(seed * 7919));
        const double optimum = enumeratedOptimum(problem, rules);
        if (optimum == std::numeric_limits<double>::infinity()) {
            QapSearchOptions options;
            options.rules = rules;
            QVERIFY_THROWS_EXCEPTION(mb::Error, solveQap(problem, options));
            return;
        }
        QapSearchOptions options;
        options.seed = seed;
        options.iterationLimit = 3000;
        options.rules = rules;
        const QapSearchResult result = solveQap(problem, options);
        QVERIFY(isPermutation(result.permutation, size));
        QVERIFY(satisfies(result.permutation, rules));
        QCOMPARE(qapCost(problem, result.permutation), result.cost);
        QCOMPARE(result.cost, optimum);
        QVERIFY(result.iterationsToBest <= result.iterations);
    }

    void rejectsImpossibleRules_data() {
        QTest::addColumn<QapPlacementRules>("rules");
        QTest::newRow("fixed facility out of range") << QapPlacementRules{{{5, 0}}, {}};
        QTest::newRow("fixed location negative") << QapPlacementRules{{{0, -1}}, {}};
        QTest::newRow("forbidden out of range") << QapPlacementRules{{}, {{0, 9}}};
        QTest::newRow("one facility fixed twice") << QapPlacementRules{{{0, 1}, {0, 2}}, {}};
        QTest::newRow("one location fixed twice") << QapPlacementRules{{{0, 1}, {2, 1}}, {}};
        QTest::newRow("fixed and forbidden") << QapPlacementRules{{{3, 3}}, {{3, 3}}};
        QTest::newRow("nowhere to go")
            << QapPlacementRules{{}, {{2, 0}, {2, 1}, {2, 2}, {2, 3}, {2, 4}}};
        QTest::newRow("three facilities, two places") << QapPlacementRules{
            {}, {{0, 0}, {0, 1}, {0, 2}, {1, 0}, {1, 1}, {1, 2}, {2, 0}, {2, 1}, {2, 2}}};
    }

    void rejectsImpossibleRules() {
        QFETCH(QapPlacementRules, rules);
        const QapProblem problem = testing::randomProblem(5, true, 3);
        QapSearchOptions options;
        options.iterationLimit = 10;
        options.rules = rules;
        QVERIFY_THROWS_EXCEPTION(mb::Error, solveQap(problem, options));
    }

    void rulesHoldOnALargerInstance() {
        const int size = 40;
        const QapProblem problem = testing::randomProblem(size, false, 99);
        QapSearchOptions options;
        options.iterationLimit = 2000;
        options.rules = randomRules(size, 8, 300, 5);
        const QapSearchResult result = solveQap(problem, options);
        QVERIFY(isPermutation(result.permutation, size));
        QVERIFY(satisfies(result.permutation, options.rules));
        QCOMPARE(qapCost(problem, result.permutation), result.cost);
    }

    void sameSeedSameAnswer_data() {
        QTest::addColumn<quint64>("seed");
        QTest::newRow("seed 1") << quint64(1);
        QTest::newRow("seed 2^63") << (quint64(1) << 63);
    }

    void sameSeedSameAnswer() {
        QFETCH(quint64, seed);
        const QapProblem problem = testing::randomProblem(30, true, 4);
        QapSearchOptions options;
        options.seed = seed;
        options.iterationLimit = 3000;
        options.stallIterations = 300;  // so restarts, and their random swaps, happen too
        const QapSearchResult first = solveQap(problem, options);
        const QapSearchResult second = solveQap(problem, options);
        QVERIFY(first.restarts > 0);
        QCOMPARE(first.permutation, second.permutation);
        QCOMPARE(first.iterationsToBest, second.iterationsToBest);
        QCOMPARE(first.iterations, options.iterationLimit);
    }

    void stopsAtTheTimeLimit() {
        const QapProblem problem = testing::randomProblem(60, false, 8);
        QapSearchOptions options;
        options.secondsLimit = 0.3;
        const QapSearchResult result = solveQap(problem, options);
        QVERIFY2(result.seconds >= 0.3 && result.seconds < 2.0,
                 qPrintable(QString::number(result.seconds)));
        QVERIFY(result.iterations > 0);
        QCOMPARE(qapCost(problem, result.permutation), result.cost);
    }

    void cancelReturnsTheBestSoFar() {
        const QapProblem problem = testing::randomProblem(50, true, 11);
        std::vector<double> reported;
        mb::ProgressToken token;
        token.setListener([&](double fraction) {
            reported.push_back(fraction);
            if (fraction >= 0.02)
                token.cancel();
        });
        QapSearchOptions options;
        options.secondsLimit = 30.0;  // far more than the cancel lets it run
        const QapSearchResult result = solveQap(problem, options, &token);
        QVERIFY(result.cancelled);
        QVERIFY2(result.seconds < 5.0, qPrintable(QString::number(result.seconds)));
        QVERIFY(isPermutation(result.permutation, 50));
        QCOMPARE(qapCost(problem, result.permutation), result.cost);
        QVERIFY(!reported.empty());
        QVERIFY(std::is_sorted(reported.begin(), reported.end()));
        QVERIFY(reported.front() >= 0.0 && reported.back() <= 1.0);
    }

    void tinyProblems_data() {
        QTest::addColumn<int>("size");
        QTest::newRow("one facility") << 1;
        QTest::newRow("two facilities") << 2;
    }

    void tinyProblems() {
        QFETCH(int, size);
        const QapProblem problem = testing::randomProblem(size, false, 2);
        const QapSearchResult result = solveQap(problem, QapSearchOptions{});
        QVERIFY(isPermutation(result.permutation, size));
        QCOMPARE(result.cost, enumeratedOptimum(problem, {}));
    }

    void reachesQaplibOptima_data() {
        QTest::addColumn<QString>("name");
        // Proven optima the search reaches in under a second on a Release build; chr25a takes
        // 5-10 s, so only the benchmark runs it.
        for (const char* name : {"nug12", "had20", "els19", "nug20", "tai20a", "bur26a"})
            QTest::newRow(name) << QString::fromLatin1(name);
    }

    void reachesQaplibOptima() {
        QFETCH(QString, name);
        if (!QDir(qaplib::folder()).exists())
            QSKIP(qPrintable(QStringLiteral("QAPLIB instances absent: %1").arg(qaplib::folder())));
        if (qEnvironmentVariableIntValue("MERCHBENCH_QUICK") == 1 &&
            name != QStringLiteral("nug12"))
            QSKIP("MERCHBENCH_QUICK=1: only nug12");
        const auto all = qaplib::instances(qaplib::folder());
        const auto it = std::find_if(all.begin(), all.end(),
                                     [&](const auto& instance) { return instance.name == name; });
        if (it == all.end())
            QSKIP(qPrintable(QStringLiteral("%1 absent from %2").arg(name, qaplib::folder())));
        QVERIFY2(it->proven(), "expected a proven optimum in the .qap header");
        const QapProblem problem = readQapFile(it->dataPath);
        QCOMPARE(problem.size, it->size);
        QapSearchOptions options;
        options.seed = 2;
        options.secondsLimit = 8.0;
        options.targetCost = it->optimum;
        const QapSearchResult result = solveQap(problem, options);
        qInfo("%s: cost %.0f (optimum %.0f) after %lld iterations, %.3f s", qPrintable(name),
              result.cost, it->optimum, static_cast<long long>(result.iterations), result.seconds);
        QVERIFY(isPermutation(result.permutation, problem.size));
        QCOMPARE(qapCost(problem, result.permutation), it->optimum);
        QCOMPARE(result.cost, it->optimum);
    }
};

QTEST_GUILESS_MAIN(TestQapSolver)
#include "tst_qapsolver.moc"
