// Runs the quadratic assignment solver on every QAPLIB instance in ../shared/datasets/qaplib
// with a few seeds and prints cost, best known value, gap and time to the best permutation.
// Each run stops at --seconds or as soon as it reaches the best known value.
// Usage: bench_qap [--seconds S (10)] [--seeds K (3)] [--folder PATH] [--only NAME[,NAME]]
#include "../qap/Qaplib.h"
#include "common/Error.h"
#include "layout/QapReader.h"
#include "layout/QapSolver.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>
#include <cstdio>

using namespace mb::layout;

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    const auto valueOf = [&](const char* name, const QString& fallback) {
        const auto index = arguments.indexOf(QLatin1String(name));
        return index >= 0 && index + 1 < arguments.size() ? arguments[index + 1] : fallback;
    };
    const double seconds = valueOf("--seconds", QStringLiteral("10")).toDouble();
    const int seeds = valueOf("--seeds", QStringLiteral("3")).toInt();
    const QString folder = valueOf("--folder", qaplib::folder());
    const QStringList only =
        valueOf("--only", QString()).split(QLatin1Char(','), Qt::SkipEmptyParts);
    const auto instances = qaplib::instances(folder);
    if (instances.empty() || seconds <= 0 || seeds < 1) {
        std::fprintf(stderr, "no QAPLIB instances in %s (or a bad --seconds/--seeds)\n",
                     qPrintable(folder));
        return 1;
    }

    std::printf("%-8s %4s %5s %10s %10s %7s %9s %8s %11s %8s\n", "instance", "n", "seed", "cost",
                "best", "gap %", "to best s", "total s", "iterations", "restarts");
    bool allWithinOnePercent = true;
    for (const auto& instance : instances) {
        if (!only.isEmpty() && !only.contains(instance.name))
            continue;
        QapProblem problem;
        try {
            problem = readQapFile(instance.dataPath);
        } catch (const mb::Error& error) {
            std::fprintf(stderr, "%s\n", qPrintable(error.message()));
            return 2;
        }
        double worstGap = 0;
        double meanGap = 0;
        int hits = 0;
        for (int seed = 1; seed <= seeds; ++seed) {
            QapSearchOptions options;
            options.seed = static_cast<std::uint64_t>(seed);
            options.secondsLimit = seconds;
            options.targetCost = instance.bestKnown;
            const QapSearchResult result = solveQap(problem, options);
            const double gap = 100.0 * (result.cost - instance.bestKnown) / instance.bestKnown;
            worstGap = std::max(worstGap, gap);
            meanGap += gap / seeds;
            hits += result.cost <= instance.bestKnown ? 1 : 0;
            std::printf("%-8s %4d %5d %10.0f %10.0f %7.3f %9.3f %8.3f %11lld %8d\n",
                        qPrintable(instance.name), problem.size, seed, result.cost,
                        instance.bestKnown, gap, result.secondsToBest, result.seconds,
                        static_cast<long long>(result.iterations), result.restarts);
            std::fflush(stdout);
        }
        std::printf(
            "%-8s summary: best known reached in %d of %d runs, mean gap %.3f %%, worst "
            "gap %.3f %% (%s optimum)\n\n",
            qPrintable(instance.name), hits, seeds, meanGap, worstGap,
            instance.proven() ? "proven" : "unproven");
        allWithinOnePercent = allWithinOnePercent && worstGap <= 1.0;
    }
    std::printf("every run within 1 %% of the best known value: %s\n",
                allWithinOnePercent ? "yes" : "no");
    return 0;
}
