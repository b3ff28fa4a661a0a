// Times allocateOffers on 1M customers x 10 offers under a budget (target: under 2 s in a
// Release build on 2 cores). Usage: bench_allocate [customers] [offers]
#include "targeting/OfferAllocation.h"
#include "targeting/SeededRandom.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

using namespace mb::targeting;

int main(int argc, char** argv) {
    const int customers = argc > 1 ? std::atoi(argv[1]) : 1000000;
    const int offers = argc > 2 ? std::atoi(argv[2]) : 10;
    AllocationProblem problem;
    problem.customerCount = customers;
    problem.offerCount = offers;
    problem.options.reserve(static_cast<std::size_t>(customers) * offers);
    problem.consented.assign(static_cast<std::size_t>(customers), 1);
    SeededRandom random(2024);
    double totalCost = 0.0;
    for (int customer = 0; customer < customers; ++customer) {
        if (random.uniform() < 0.05)
            problem.consented[static_cast<std::size_t>(customer)] = 0;
        for (int offer = 0; offer < offers; ++offer) {
            const double cost = 1.0 + offer + random.uniform();
            const double uplift = 0.02 + 0.1 * random.uniform();
            const double effect = uplift * (20.0 + 10.0 * offer) - cost * 0.3;
            problem.options.push_back(OfferOption{customer, offer, effect, cost, true});
            totalCost += cost;
        }
    }
    problem.budget = totalCost / offers * 0.3;
    problem.holdoutFraction = 0.1;
    problem.seed = 7;

    const auto start = std::chrono::steady_clock::now();
    const AllocationResult result = allocateOffers(problem);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("allocate: %d customers x %d offers, budget %.0f: %.3f s\n", customers, offers,
                problem.budget, seconds);
    std::printf("  assigned %lld, held out %lld, cost %.1f, effect %.1f, LP bound %.1f, gap %.4g\n",
                static_cast<long long>(result.assignedCustomers),
                static_cast<long long>(result.heldOutCustomers), result.totalCost,
                result.totalEffect, result.upperBound, result.gap);
    return seconds < 2.0 ? 0 : 1;
}
