// mb::parallelFor: the answer does not depend on the thread count, and a worker's exception
// reaches the caller instead of ending the program.
#include "common/Error.h"
#include "common/ParallelFor.h"

#include <QtTest>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <vector>

namespace {

// Uneven work per index, so threads finish out of order.
std::vector<double> squaresOfRoots(int count, int threads) {
    std::vector<double> out(static_cast<std::size_t>(count));
    mb::parallelFor(count, threads, [&](int i) {
        double sum = 0.0;
        for (int k = 0; k <= i % 97; ++k)
            sum += std::sqrt(static_cast<double>(i + k));
        out[static_cast<std::size_t>(i)] = sum * sum;
    });
    return out;
}

}  // namespace

class ParallelForTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void resultIndependentOfThreads() {
        const std::vector<double> one = squaresOfRoots(5000, 1);
        for (int threads : {2, 3, 8, 0}) {
            const std::vector<double> many = squaresOfRoots(5000, threads);
            QVERIFY2(many == one, qPrintable(QStringLiteral("%1 threads").arg(threads)));
        }
        QVERIFY(one[4999] > 0.0);
    }

    void everyIndexRunsOnce() {
        std::vector<std::atomic<int>> visits(1000);
        mb::parallelFor(1000, 4, [&](int i) { ++visits[static_cast<std::size_t>(i)]; });
        for (const auto& count : visits)
            QCOMPARE(count.load(), 1);
        mb::parallelFor(0, 4, [&](int) { QFAIL("no index to run"); });
    }

    void exceptionIsRethrown_data() {
        QTest::addColumn<int>("threads");
        QTest::newRow("one thread") << 1;
        QTest::newRow("four threads") << 4;
    }
    void exceptionIsRethrown() {
        QFETCH(int, threads);
        std::atomic<int> ran{0};
        std::atomic<bool> thrown{false};
        bool caught = false;
        try {
            mb::parallelFor(10000, threads, [&](int i) {
                ++ran;
                if (i == 137) {
                    thrown = true;
                    throw mb::Error(QStringLiteral("series 137 has no weeks"));
                }
                // Work after the failure takes a while, as real series do: the other threads
                // must not outrun the failing one even when it is descheduled under load.
                if (thrown)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
            });
        } catch (const mb::Error& error) {
            caught = true;
            QCOMPARE(error.message(), QStringLiteral("series 137 has no weeks"));
        }
        QVERIFY(caught);
        // Handing out stops at the failure: far fewer than all indices ran.
        QVERIFY2(ran.load() < 10000, qPrintable(QString::number(ran.load())));
    }
};

QTEST_GUILESS_MAIN(ParallelForTest)
#include "tst_parallelfor.moc"
