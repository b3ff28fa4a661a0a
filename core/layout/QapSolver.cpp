#include "QapSolver.h"

#include "QapRules.h"
#include "QapSwapTable.h"
#include "common/Error.h"
#include "common/Progress.h"
#include "common/SeededRandom.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace mb::layout {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Random allowed swaps of the best permutation: enough to leave its basin, few enough to keep
// most of its structure (the "iterated" part of iterated tabu search).
std::vector<int> perturbed(const std::vector<int>& best, const std::vector<int>& movable,
                           const QapRules& rules, SeededRandom& random) {
    std::vector<int> permutation = best;
    const int m = static_cast<int>(movable.size());
    const int swaps = random.between(std::max(2, m / 8), std::max(3, m / 4));
    for (int done = 0, attempts = 0; done < swaps && attempts < 20 * swaps; ++attempts) {
        const int r = movable[random.belowByThreshold(static_cast<std::uint64_t>(m))];
        const int s = movable[random.belowByThreshold(static_cast<std::uint64_t>(m))];
        const auto pr = permutation[static_cast<std::size_t>(r)];
        const auto ps = permutation[static_cast<std::size_t>(s)];
        if (r == s || !rules.allows(r, ps) || !rules.allows(s, pr))
            continue;
        std::swap(permutation[static_cast<std::size_t>(r)],
                  permutation[static_cast<std::size_t>(s)]);
        ++done;
    }
    return permutation;
}

}  // namespace

QapSearchResult solveQap(const QapProblem& problem, const QapSearchOptions& options,
                         ProgressToken* progress) {
    const Clock::time_point start = Clock::now();
    const int n = problem.size;
    const auto cells =
        static_cast<std::size_t>(std::max(n, 0)) * static_cast<std::size_t>(std::max(n, 0));
    if (n < 0 || problem.flow.size() != cells || problem.distance.size() != cells)
        throw Error(
            QStringLiteral("quadratic assignment: matrices do not match the size %1").arg(n));
    const QapRules rules(n, options.rules);
    SeededRandom random(options.seed);
    const std::vector<int>& movable = rules.movable();
    const int m = static_cast<int>(movable.size());

    QapSwapTable table(problem, movable);
    table.reset(rules.randomPermutation(random));
    QapSearchResult result;
    result.permutation = table.permutation();
    result.cost = table.cost();
    const auto finish = [&]() {
        result.seconds = secondsSince(start);
        if (progress)
            progress->report(1.0);
        return result;
    };
    if (options.targetCost && result.cost <= *options.targetCost) {
        result.reachedTarget = true;
        return finish();
    }
    if (m < 2)
        return finish();

    const std::int64_t iterationLimit = options.iterationLimit > 0 ? options.iterationLimit
                                        : options.secondsLimit > 0
                                            ? std::numeric_limits<std::int64_t>::max()
                                            : 2000 * static_cast<std::int64_t>(m);
    const std::int64_t stallLimit =
        options.stallIterations > 0 ? options.stallIterations : 200 * static_cast<std::int64_t>(m);
    // Taillard's aspiration: a move unused for this long is made even when tabu, which keeps
    // the search from circling in one region.
    const std::int64_t aspiration = 5 * static_cast<std::int64_t>(m) * m;
    const int tenureMin = std::max(1, static_cast<int>(std::floor(options.tenureLow * m)));
    const int tenureMax = std::max(tenureMin, static_cast<int>(std::ceil(options.tenureHigh * m)));
    int tenure = random.between(tenureMin, tenureMax);
    std::int64_t nextTenureDraw = 2 * static_cast<std::int64_t>(tenureMax);

    // tabu[position * n + location]: until which iteration that facility may not go back there.
    const auto un = static_cast<std::size_t>(n);
    std::vector<std::int64_t> tabu(static_cast<std::size_t>(m) * un, 0);
    double runBest = result.cost;
    std::int64_t runBestIteration = 0;
    const bool checkRules = rules.hasForbidden();
    const int checkEvery = m >= 64 ? 1 : 16;
    double lastReported = -1.0;

    std::int64_t iteration = 0;
    while (iteration < iterationLimit) {
        ++iteration;
        if (iteration - runBestIteration > stallLimit) {
            table.reset(perturbed(result.permutation, movable, rules, random));
            std::fill(tabu.begin(), tabu.end(), iteration);
            runBest = table.cost();
            runBestIteration = iteration;
            ++result.restarts;
        }
        if (iteration >= nextTenureDraw) {
            tenure = random.between(tenureMin, tenureMax);
            nextTenureDraw = iteration + 2 * static_cast<std::int64_t>(tenureMax);
        }

        const std::vector<int>& permutation = table.permutation();
        const double cost = table.cost();
        int chosenA = -1, chosenB = -1;
        double chosenDelta = std::numeric_limits<double>::infinity();
        bool chosenAspired = false;
        for (int a = 0; a < m; ++a) {
            const int r = movable[static_cast<std::size_t>(a)];
            const auto pr = static_cast<std::size_t>(permutation[static_cast<std::size_t>(r)]);
            const std::int64_t* tabuA = tabu.data() + static_cast<std::size_t>(a) * un;
            for (int b = a + 1; b < m; ++b) {
                const int s = movable[static_cast<std::size_t>(b)];
                const auto ps = static_cast<std::size_t>(permutation[static_cast<std::size_t>(s)]);
                if (checkRules && (!rules.allows(r, static_cast<int>(ps)) ||
                                   !rules.allows(s, static_cast<int>(pr))))
                    continue;
                const double delta = table.delta(a, b);
                const std::int64_t tabuR = tabuA[ps];
                const std::int64_t tabuS = tabu[static_cast<std::size_t>(b) * un + pr];
                const bool authorised = tabuR < iteration || tabuS < iteration;
                const bool aspired =
                    (tabuR < iteration - aspiration && tabuS < iteration - aspiration) ||
                    cost + delta < result.cost;
                if ((aspired && (!chosenAspired || delta < chosenDelta)) ||
                    (!chosenAspired && authorised && delta < chosenDelta)) {
                    chosenA = a;
                    chosenB = b;
                    chosenDelta = delta;
                    chosenAspired = chosenAspired || aspired;
                }
            }
        }

        if (chosenA >= 0) {
            const int r = movable[static_cast<std::size_t>(chosenA)];
            const int s = movable[static_cast<std::size_t>(chosenB)];
            tabu[static_cast<std::size_t>(chosenA) * un +
                 static_cast<std::size_t>(permutation[static_cast<std::size_t>(r)])] =
                iteration + tenure;
            tabu[static_cast<std::size_t>(chosenB) * un +
                 static_cast<std::size_t>(permutation[static_cast<std::size_t>(s)])] =
                iteration + tenure;
            table.swap(chosenA, chosenB);
            if (table.cost() < runBest) {
                runBest = table.cost();
                runBestIteration = iteration;
            }
            if (table.cost() < result.cost) {
                result.cost = table.cost();
                result.permutation = table.permutation();
                result.iterationsToBest = iteration;
                result.secondsToBest = secondsSince(start);
                if (options.targetCost && result.cost <= *options.targetCost) {
                    result.reachedTarget = true;
                    break;
                }
            }
        }

        if (iteration % checkEvery == 0) {
            if (progress && progress->isCancelled()) {
                result.cancelled = true;
                break;
            }
            const double elapsed = secondsSince(start);
            if (options.secondsLimit > 0 && elapsed >= options.secondsLimit)
                break;
            if (progress) {
                double fraction =
                    static_cast<double>(iteration) / static_cast<double>(iterationLimit);
                if (options.secondsLimit > 0)
                    fraction = std::max(fraction, elapsed / options.secondsLimit);
                if (fraction - lastReported >= 0.01) {
                    lastReported = fraction;
                    progress->report(std::min(fraction, 1.0));
                }
            }
        }
    }
    result.iterations = iteration;
    // The running cost drifts by rounding on non-integer data; report the exact one.
    result.cost = qapCost(problem, result.permutation);
    return finish();
}

}  // namespace mb::layout
