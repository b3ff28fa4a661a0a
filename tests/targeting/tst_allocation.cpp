// Offer allocation against exhaustive enumeration, the LP relaxation's dual (Sinha & Zoltners
// 1979: the convex-hull greedy solves the multiple-choice knapsack LP), and its invariants:
// consent, eligibility, caps, and a seeded control group.
#include "common/Error.h"
#include "targeting/EligibilityRules.h"
#include "targeting/OfferAllocation.h"
#include "targeting/SeededRandom.h"
#include "targeting/TargetingPlan.h"

#include <QTest>
#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <set>

using namespace mb::targeting;

namespace {

AllocationProblem randomProblem(std::uint64_t seed, int customers, int offers, bool capacities,
                                int maxOffers, double budgetShare) {
    SeededRandom random(seed);
    AllocationProblem problem;
    problem.customerCount = customers;
    problem.offerCount = offers;
    problem.maxOffersPerCustomer = maxOffers;
    problem.consented.resize(static_cast<std::size_t>(customers));
    for (auto& consent : problem.consented)
        consent = random.uniform() < 0.85 ? 1 : 0;
    double totalCost = 0.0;
    for (int customer = 0; customer < customers; ++customer) {
        for (int offer = 0; offer < offers; ++offer) {
            if (random.uniform() < 0.15)
                continue;  // no row for this pair
            OfferOption option;
            option.customer = customer;
            option.offer = offer;
            option.cost = random.uniform() < 0.1 ? 0.0 : std::round(random.uniform() * 50.0) / 10.0;
            option.effect = std::round((random.uniform() * 12.0 - 2.0) * 10.0) / 10.0;
            option.eligible = random.uniform() < 0.85;
            totalCost += option.cost;
            problem.options.push_back(option);
        }
    }
    problem.budget = std::round(totalCost * budgetShare * 10.0) / 10.0;
    if (capacities) {
        problem.capacity.assign(static_cast<std::size_t>(offers), unlimited);
        for (auto& capacity : problem.capacity) {
            if (random.uniform() < 0.7)
                capacity = static_cast<double>(random.below(static_cast<std::uint64_t>(customers)));
        }
    }
    return problem;
}

bool allowed(const AllocationProblem& p, const OfferOption& option) {
    return option.eligible && option.effect > 0.0 &&
           (p.consented.empty() || p.consented[static_cast<std::size_t>(option.customer)]);
}

// Every assignment: customer by customer, each subset of its allowed options up to the cap.
double bruteForceBest(const AllocationProblem& p) {
    std::vector<std::vector<const OfferOption*>> byCustomer(
        static_cast<std::size_t>(p.customerCount));
    for (const OfferOption& option : p.options)
        if (allowed(p, option))
            byCustomer[static_cast<std::size_t>(option.customer)].push_back(&option);
    std::vector<double> used(static_cast<std::size_t>(p.offerCount), 0.0);
    double best = 0.0;
    std::function<void(std::size_t, double, double)> visit = [&](std::size_t customer, double cost,
                                                                 double effect) {
        if (customer == byCustomer.size()) {
            best = std::max(best, effect);
            return;
        }
        const auto& options = byCustomer[customer];
        const std::uint32_t subsets = 1U << options.size();
        for (std::uint32_t mask = 0; mask < subsets; ++mask) {
            if (std::popcount(mask) > p.maxOffersPerCustomer)
                continue;
            double extraCost = 0.0, extraEffect = 0.0;
            bool fits = true;
            for (std::size_t i = 0; i < options.size(); ++i) {
                if (!(mask & (1U << i)))
                    continue;
                const auto offer = static_cast<std::size_t>(options[i]->offer);
                used[offer] += 1.0;
                fits = fits && (p.capacity.empty() || used[offer] <= p.capacity[offer]);
                extraCost += options[i]->cost;
                extraEffect += options[i]->effect;
            }
            if (fits && cost + extraCost <= p.budget)
                visit(customer + 1, cost + extraCost, effect + extraEffect);
            for (std::size_t i = 0; i < options.size(); ++i)
                if (mask & (1U << i))
                    used[static_cast<std::size_t>(options[i]->offer)] -= 1.0;
        }
    };
    visit(0, 0.0, 0.0);
    return best;
}

// The LP relaxation's optimum through its dual, min over lambda >= 0 of
// lambda * budget + sum over customers of max(0, max_j effect_j - lambda * cost_j): a convex
// piecewise-linear function whose minimum lies at a breakpoint, all of which are enumerated.
double lpByDualBreakpoints(const AllocationProblem& p) {
    std::vector<std::vector<const OfferOption*>> byCustomer(
        static_cast<std::size_t>(p.customerCount));
    for (const OfferOption& option : p.options)
        if (allowed(p, option))
            byCustomer[static_cast<std::size_t>(option.customer)].push_back(&option);
    std::vector<double> breakpoints{0.0};
    for (const auto& options : byCustomer) {
        for (const OfferOption* a : options) {
            if (a->cost > 0)
                breakpoints.push_back(a->effect / a->cost);
            for (const OfferOption* b : options)
                if (a->cost != b->cost)
                    breakpoints.push_back((a->effect - b->effect) / (a->cost - b->cost));
        }
    }
    double best = std::numeric_limits<double>::infinity();
    for (const double lambda : breakpoints) {
        if (lambda < 0)
            continue;
        double dual = lambda * p.budget;
        for (const auto& options : byCustomer) {
            double top = 0.0;
            for (const OfferOption* option : options)
                top = std::max(top, option->effect - lambda * option->cost);
            dual += top;
        }
        best = std::min(best, dual);
    }
    return best;
}

void verifyFeasible(const AllocationProblem& p, const AllocationResult& result) {
    std::vector<int> perCustomer(static_cast<std::size_t>(p.customerCount), 0);
    std::vector<double> perOffer(static_cast<std::size_t>(p.offerCount), 0.0);
    std::set<std::int32_t> seen;
    double cost = 0.0, effect = 0.0;
    for (const std::int32_t row : result.chosen) {
        QVERIFY(seen.insert(row).second);
        const OfferOption& option = p.options[static_cast<std::size_t>(row)];
        QVERIFY(allowed(p, option));
        QVERIFY(!result.heldOut[static_cast<std::size_t>(option.customer)]);
        ++perCustomer[static_cast<std::size_t>(option.customer)];
        perOffer[static_cast<std::size_t>(option.offer)] += 1.0;
        cost += option.cost;
        effect += option.effect;
    }
    for (const int count : perCustomer)
        QVERIFY(count <= p.maxOffersPerCustomer);
    for (std::size_t offer = 0; offer < p.capacity.size(); ++offer)
        QVERIFY(perOffer[offer] <= p.capacity[offer]);
    QVERIFY(cost <= p.budget + 1e-9);
    QVERIFY(std::abs(cost - result.totalCost) < 1e-9);
    QVERIFY(std::abs(effect - result.totalEffect) < 1e-9);
}

}  // namespace

class TestAllocation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void againstBruteForce_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("capacities");
        QTest::addColumn<int>("maxOffers");
        QTest::addColumn<double>("budgetShare");
        for (quint64 seed = 1; seed <= 60; ++seed) {
            const bool capacities = seed % 3 != 0;
            const int maxOffers = seed % 4 == 0 ? 2 : 1;
            const double share = 0.1 + 0.15 * static_cast<double>(seed % 6);
            QTest::addRow("seed %llu capacities %d cap %d budget %.2f", seed, int(capacities),
                          maxOffers, share)
                << seed << capacities << maxOffers << share;
        }
    }
    void againstBruteForce() {
        QFETCH(quint64, seed);
        QFETCH(bool, capacities);
        QFETCH(int, maxOffers);
        QFETCH(double, budgetShare);
        const AllocationProblem p = randomProblem(seed, 5, 3, capacities, maxOffers, budgetShare);
        const AllocationResult result = allocateOffers(p);
        verifyFeasible(p, result);
        const double best = bruteForceBest(p);
        QVERIFY(result.totalEffect <= best + 1e-9);
        QVERIFY2(result.upperBound >= best - 1e-9,
                 qPrintable(
                     QStringLiteral("bound %1 below optimum %2").arg(result.upperBound).arg(best)));
        QVERIFY(std::abs(result.gap - (result.upperBound - result.totalEffect)) < 1e-9);
        const bool greedy = !capacities && maxOffers == 1;
        QCOMPARE(result.method,
                 greedy ? AllocationMethod::ConvexHullGreedy : AllocationMethod::Lagrangian);
        if (greedy) {
            const double lp = lpByDualBreakpoints(p);
            QVERIFY2(
                std::abs(result.upperBound - lp) < 1e-9,
                qPrintable(QStringLiteral("greedy %1 vs dual %2").arg(result.upperBound).arg(lp)));
        }
        if (greedy) {
            // Rounding down the LP loses at most the split step, worth at most one option.
            double largest = 0.0;
            for (const OfferOption& option : p.options)
                largest = std::max(largest, option.effect);
            QVERIFY2(result.gap <= largest + 1e-9,
                     qPrintable(QStringLiteral("gap %1, largest %2").arg(result.gap).arg(largest)));
        }
    }

    // Eligibility rules (segments, a feature's bounds, an unknown value) drop options the way
    // planTargeting does, by leaving them out; the allocation then is the one the eligible flag
    // gives, never uses a forbidden pair, and stays within the bounds of the brute-force optimum
    // over the eligible options alone.
    void eligibilityRulesKeepOptimum_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("capacities");
        QTest::addColumn<int>("maxOffers");
        for (quint64 seed = 1; seed <= 40; ++seed) {
            const bool capacities = seed % 2 == 0;
            const int maxOffers = seed % 5 == 0 ? 2 : 1;
            QTest::addRow("seed %llu capacities %d cap %d", seed, int(capacities), maxOffers)
                << seed << capacities << maxOffers;
        }
    }
    void eligibilityRulesKeepOptimum() {
        QFETCH(quint64, seed);
        QFETCH(bool, capacities);
        QFETCH(int, maxOffers);
        const int customerCount = 5;
        const int offerCount = 3;
        SeededRandom random(seed * 7919 + 3);
        const QStringList segments{QStringLiteral("premium"), QStringLiteral("regular"),
                                   QStringLiteral("deal_seeker")};
        std::vector<TargetingCustomer> customers(customerCount);
        CustomerFacts facts;
        facts.features = QStringList{QStringLiteral("recency_days")};
        facts.values.resize(customerCount, 1);
        for (int c = 0; c < customerCount; ++c) {
            customers[static_cast<std::size_t>(c)].customer = QStringLiteral("c%1").arg(c);
            // Every segment exists (a rule naming a missing one is refused), then at random.
            customers[static_cast<std::size_t>(c)].segment =
                segments.at(c < 3 ? c : static_cast<qsizetype>(random.below(3)));
            facts.values(c, 0) =
                random.uniform() < 0.2 ? std::nan("") : std::round(random.uniform() * 100.0);
        }
        std::vector<TargetingOffer> offers(offerCount);
        for (int o = 0; o < offerCount; ++o)
            offers[static_cast<std::size_t>(o)].offer = QStringLiteral("o%1").arg(o);
        std::vector<EligibilityRule> rules;
        const auto ruleCount = 1 + random.below(3);
        for (std::uint64_t r = 0; r < ruleCount; ++r) {
            EligibilityRule rule;
            rule.offer = random.uniform() < 0.3
                             ? kEveryOffer
                             : QStringLiteral("o%1").arg(random.below(offerCount));
            const auto kind = random.below(3);
            if (kind == 0) {
                rule.test = EligibilityRule::Test::Segment;
                for (const QString& segment : segments)
                    if (random.uniform() < 0.6)
                        rule.segments << segment;
                if (rule.segments.isEmpty())
                    rule.segments << segments.front();
            } else {
                rule.test =
                    kind == 1 ? EligibilityRule::Test::AtLeast : EligibilityRule::Test::AtMost;
                rule.feature = QStringLiteral("recency_days");
                rule.bound = std::round(random.uniform() * 100.0);
            }
            rules.push_back(rule);
        }
        applyEligibility(rules, {}, offers, facts, customers);
        // The rules read literally, one by one.
        auto oracle = [&](int c, int o) {
            for (const EligibilityRule& rule : rules) {
                if (rule.offer != kEveryOffer && rule.offer != offers[std::size_t(o)].offer)
                    continue;
                if (rule.test == EligibilityRule::Test::Segment) {
                    if (!rule.segments.contains(customers[std::size_t(c)].segment))
                        return false;
                    continue;
                }
                const double value = facts.values(c, 0);
                if (std::isnan(value))
                    return false;
                if (rule.test == EligibilityRule::Test::AtLeast && value < rule.bound)
                    return false;
                if (rule.test == EligibilityRule::Test::AtMost && value > rule.bound)
                    return false;
            }
            return true;
        };
        for (int c = 0; c < customerCount; ++c)
            for (int o = 0; o < offerCount; ++o)
                QCOMPARE(customers[std::size_t(c)].mayHave(o), oracle(c, o));

        AllocationProblem flagged =
            randomProblem(seed + 1000, customerCount, offerCount, capacities, maxOffers, 0.4);
        const double bestWithoutRules = [&] {
            AllocationProblem open = flagged;
            for (OfferOption& option : open.options)
                option.eligible = true;
            return bruteForceBest(open);
        }();
        for (OfferOption& option : flagged.options)
            option.eligible = oracle(option.customer, option.offer);
        AllocationProblem removed = flagged;
        removed.options.clear();
        for (OfferOption option : flagged.options) {
            if (!customers[std::size_t(option.customer)].mayHave(option.offer))
                continue;
            option.eligible = true;
            removed.options.push_back(option);
        }
        const AllocationResult byFlag = allocateOffers(flagged);
        const AllocationResult byRules = allocateOffers(removed);
        verifyFeasible(flagged, byFlag);
        verifyFeasible(removed, byRules);
        for (const std::int32_t row : byRules.chosen) {
            const OfferOption& option = removed.options[static_cast<std::size_t>(row)];
            QVERIFY(oracle(option.customer, option.offer));
        }
        QVERIFY(std::abs(byRules.totalEffect - byFlag.totalEffect) < 1e-9);
        QCOMPARE(byRules.eligibleCustomers, byFlag.eligibleCustomers);
        const double best = bruteForceBest(flagged);
        QVERIFY(best <= bestWithoutRules + 1e-9);
        QVERIFY(byRules.totalEffect <= best + 1e-9);
        QVERIFY2(byRules.upperBound >= best - 1e-9,
                 qPrintable(QStringLiteral("bound %1 below the optimum among eligible options %2")
                                .arg(byRules.upperBound)
                                .arg(best)));
        if (!capacities && maxOffers == 1) {
            // The greedy path: exact up to the one option the LP splits.
            double largest = 0.0;
            for (const OfferOption& option : removed.options)
                largest = std::max(largest, option.effect);
            QVERIFY(best - byRules.totalEffect <= largest + 1e-9);
        }
    }

    // Over many instances the Lagrangian allocation loses little against the optimum.
    void lagrangianQuality() {
        double found = 0.0, optimum = 0.0;
        int optimal = 0;
        for (quint64 seed = 100; seed < 160; ++seed) {
            const AllocationProblem p = randomProblem(seed, 6, 3, true, 1 + int(seed % 2), 0.3);
            const AllocationResult result = allocateOffers(p);
            const double best = bruteForceBest(p);
            found += result.totalEffect;
            optimum += best;
            optimal += std::abs(result.totalEffect - best) < 1e-9;
        }
        qInfo("Lagrangian: %.4f of the optimum in total, optimal in %d of 60", found / optimum,
              optimal);
        QVERIFY(found >= 0.97 * optimum);
    }

    // Worked by hand. Customer A: (cost 1, effect 3), (2, 4), (3, 4.5); its hull steps have
    // slopes 3, 1, 0.5. Customer B: (2, 4), slope 2. With budget 3.5 the greedy takes A's first
    // step (1), B (2), then half of A's second step: LP 3 + 4 + 0.5 * 1 = 7.5; integral 7.
    // With budget 2 the LP splits B (3 + 4 / 2 = 5) and A's second step still fits whole: 4.
    void handWorkedGreedy_data() {
        QTest::addColumn<double>("budget");
        QTest::addColumn<double>("bound");
        QTest::addColumn<double>("effect");
        QTest::addColumn<int>("fractional");
        QTest::newRow("3.5") << 3.5 << 7.5 << 7.0 << 0;
        QTest::newRow("3") << 3.0 << 7.0 << 7.0 << 0;
        QTest::newRow("0.5") << 0.5 << 1.5 << 0.0 << 0;
        QTest::newRow("5") << 5.0 << 8.5 << 8.5 << -1;
        QTest::newRow("100") << 100.0 << 8.5 << 8.5 << -1;
        QTest::newRow("2") << 2.0 << 5.0 << 4.0 << 1;
    }
    void handWorkedGreedy() {
        QFETCH(double, budget);
        QFETCH(double, bound);
        QFETCH(double, effect);
        QFETCH(int, fractional);
        AllocationProblem p;
        p.customerCount = 2;
        p.offerCount = 3;
        p.budget = budget;
        p.options = {{0, 0, 3.0, 1.0, true},
                     {0, 1, 4.0, 2.0, true},
                     {0, 2, 4.5, 3.0, true},
                     {1, 0, 4.0, 2.0, true}};
        const AllocationResult result = allocateOffers(p);
        QCOMPARE(result.upperBound, bound);
        QCOMPARE(result.totalEffect, effect);
        QCOMPARE(result.gap, bound - effect);
        QCOMPARE(result.fractionalCustomer, fractional);
    }

    void consentIsNeverOverridden_data() {
        QTest::addColumn<quint64>("seed");
        QTest::addColumn<bool>("capacities");
        QTest::addColumn<int>("maxOffers");
        QTest::addColumn<double>("holdout");
        for (quint64 seed = 1; seed <= 8; ++seed)
            QTest::addRow("seed %llu", seed)
                << seed << bool(seed % 2) << int(1 + seed % 3) << (seed % 4) * 0.1;
    }
    void consentIsNeverOverridden() {
        QFETCH(quint64, seed);
        QFETCH(bool, capacities);
        QFETCH(int, maxOffers);
        QFETCH(double, holdout);
        AllocationProblem p = randomProblem(seed, 300, 6, capacities, maxOffers, 10.0);
        p.holdoutFraction = holdout;
        p.seed = seed;
        // Customers without consent get the most attractive rows of all.
        for (OfferOption& option : p.options) {
            if (!p.consented[static_cast<std::size_t>(option.customer)]) {
                option.effect = 1000.0;
                option.cost = 0.0;
            }
        }
        const AllocationResult result = allocateOffers(p);
        int withoutConsent = 0;
        for (std::size_t customer = 0; customer < p.consented.size(); ++customer)
            withoutConsent += !p.consented[customer];
        QVERIFY(withoutConsent > 10);
        QVERIFY(!result.chosen.empty());
        for (const std::int32_t row : result.chosen)
            QVERIFY(p.consented[static_cast<std::size_t>(
                p.options[static_cast<std::size_t>(row)].customer)]);
        for (std::size_t customer = 0; customer < p.consented.size(); ++customer)
            QVERIFY(!(result.heldOut[customer] && !p.consented[customer]));
        verifyFeasible(p, result);
    }

    void controlGroupIsSeeded_data() {
        QTest::addColumn<double>("fraction");
        QTest::newRow("10%") << 0.1;
        QTest::newRow("25%") << 0.25;
        QTest::newRow("none") << 0.0;
    }
    void controlGroupIsSeeded() {
        QFETCH(double, fraction);
        std::vector<std::uint8_t> eligible(2000);
        SeededRandom random(9);
        for (auto& flag : eligible)
            flag = random.uniform() < 0.8;
        const long count = std::count(eligible.begin(), eligible.end(), 1);
        const auto first = drawControlGroup(eligible, fraction, 42);
        const auto again = drawControlGroup(eligible, fraction, 42);
        const auto other = drawControlGroup(eligible, fraction, 43);
        QVERIFY(first == again);
        QCOMPARE(std::count(first.begin(), first.end(), 1), std::lround(fraction * count));
        if (fraction > 0)
            QVERIFY(first != other);
        for (std::size_t customer = 0; customer < eligible.size(); ++customer)
            QVERIFY(eligible[customer] || !first[customer]);
    }

    void heldOutCustomersGetNothing() {
        AllocationProblem p = randomProblem(77, 400, 4, false, 1, 10.0);
        p.holdoutFraction = 0.2;
        p.seed = 3;
        const AllocationResult result = allocateOffers(p);
        QVERIFY(result.heldOutCustomers > 40);
        QCOMPARE(result.heldOutCustomers, std::lround(0.2 * result.eligibleCustomers));
        verifyFeasible(p, result);
        const AllocationResult again = allocateOffers(p);
        QVERIFY(result.heldOut == again.heldOut);
        QVERIFY(result.chosen == again.chosen);
    }

    void malformedProblemsThrow_data() {
        QTest::addColumn<int>("which");
        QTest::newRow("negative cost") << 0;
        QTest::newRow("customer out of range") << 1;
        QTest::newRow("nan effect") << 2;
        QTest::newRow("negative budget") << 3;
        QTest::newRow("no contact allowed") << 4;
    }
    void malformedProblemsThrow() {
        QFETCH(int, which);
        AllocationProblem p;
        p.customerCount = 1;
        p.offerCount = 1;
        p.options = {{0, 0, 1.0, 1.0, true}};
        if (which == 0)
            p.options[0].cost = -1.0;
        if (which == 1)
            p.options[0].customer = 1;
        if (which == 2)
            p.options[0].effect = std::nan("");
        if (which == 3)
            p.budget = -1.0;
        if (which == 4)
            p.maxOffersPerCustomer = 0;
        QVERIFY_THROWS_EXCEPTION(mb::Error, allocateOffers(p));
    }

    void freeOffersNeedNoBudget() {
        AllocationProblem p;
        p.customerCount = 2;
        p.offerCount = 2;
        p.budget = 0.0;
        p.options = {{0, 0, 2.0, 0.0, true}, {0, 1, 5.0, 1.0, true}, {1, 1, -1.0, 0.0, true}};
        const AllocationResult result = allocateOffers(p);
        QCOMPARE(result.chosen, std::vector<std::int32_t>{0});
        QCOMPARE(result.totalEffect, 2.0);
    }
};

QTEST_GUILESS_MAIN(TestAllocation)
#include "tst_allocation.moc"
