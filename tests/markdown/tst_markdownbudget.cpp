// The markdown budget against enumeration: on small deterministic portfolios, every combination
// of every item's schedules is evaluated exactly, and the Lagrangian solver's plan must fit the
// budget, be no better than the best combination within it, and be within its gap_bound of it.
// Plus: the spend price changes the policy but not the reported figures, and bad budgets are named.
#include "common/Error.h"
#include "common/Progress.h"
#include "markdown/MarkdownBaselines.h"
#include "markdown/MarkdownBudget.h"
#include "markdown/MarkdownPortfolio.h"
#include "markdown/MarkdownSolveJob.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

using namespace mb::markdown;

namespace {

// One item of a small portfolio: 3 steps, deterministic demand falling over the weeks, stock of
// 1 to 2.5 times what full price sells, so some items want markdowns and some do not.
MarkdownProblem smallItem(std::mt19937& random, int weeks) {
    MarkdownProblem problem;
    problem.weeks = weeks;
    problem.regularPrice = std::uniform_int_distribution<int>(8, 40)(random);
    problem.unitCost = 0.4 * problem.regularPrice;
    problem.salvageValue =
        std::uniform_real_distribution<double>(0.0, 0.2)(random) * problem.regularPrice;
    problem.ladder = {1.0, 0.75, 0.5};
    problem.objective = random() % 2 ? MarkdownObjective::Revenue : MarkdownObjective::Margin;
    problem.demand.distribution = DemandDistribution::Deterministic;
    const double elasticity = std::uniform_real_distribution<double>(1.2, 3.0)(random);
    const double level = std::uniform_real_distribution<double>(2.0, 6.0)(random);
    double fullPrice = 0.0;
    for (int t = 0; t < weeks; ++t) {
        std::vector<double> means;
        for (double ratio : problem.ladder)
            means.push_back(level * std::exp(-0.15 * t) * std::pow(ratio, -elasticity));
        fullPrice += means.front();
        problem.demand.mean.push_back(means);
    }
    problem.inventory = int(fullPrice * std::uniform_real_distribution<double>(1.0, 2.5)(random));
    return problem;
}

// Every schedule the rules allow: monotone step sequences, or all of them when not monotone.
std::vector<std::vector<int>> schedules(int weeks, int steps, bool monotone) {
    std::vector<std::vector<int>> out{{}};
    for (int t = 0; t < weeks; ++t) {
        std::vector<std::vector<int>> longer;
        for (const std::vector<int>& start : out)
            for (int k = monotone && !start.empty() ? start.back() : 0; k < steps; ++k) {
                longer.push_back(start);
                longer.back().push_back(k);
            }
        out = std::move(longer);
    }
    return out;
}

struct Choice {
    double objective = 0.0;
    double spend = 0.0;
};

// Each item's (objective, spend) under every schedule, evaluated exactly.
std::vector<std::vector<Choice>> everyChoice(const std::vector<MarkdownProblem>& items) {
    std::vector<std::vector<Choice>> out;
    for (const MarkdownProblem& item : items) {
        std::vector<Choice> choices;
        for (const std::vector<int>& steps :
             schedules(item.weeks, int(item.ladder.size()), item.rules.monotone)) {
            const MarkdownPlan plan = evaluateSchedule(item, {QStringLiteral("enumerated"), steps});
            choices.push_back({plan.expectedObjective, expectedMarkdownSpend(plan)});
        }
        out.push_back(std::move(choices));
    }
    return out;
}

// The best total objective over every combination of schedules whose total spend fits.
double bestWithin(const std::vector<std::vector<Choice>>& choices, double budget, size_t item = 0,
                  double objective = 0.0, double spend = 0.0) {
    if (spend > budget + 1e-9)
        return -std::numeric_limits<double>::infinity();
    if (item == choices.size())
        return objective;
    double best = -std::numeric_limits<double>::infinity();
    for (const Choice& choice : choices[item])
        best = std::max(best, bestWithin(choices, budget, item + 1, objective + choice.objective,
                                         spend + choice.spend));
    return best;
}

BudgetAllocation allocate(const std::vector<MarkdownProblem>& items, double budget) {
    return allocateMarkdownBudget(
        int(items.size()), budget, [&](int i, double price) -> std::optional<BudgetOutcome> {
            const MarkdownPlan plan = optimiseAtSpendPrice(items[size_t(i)], price);
            return BudgetOutcome{plan.expectedObjective, expectedMarkdownSpend(plan)};
        });
}

QJsonObject instanceJson(const MarkdownProblem& problem) {
    QJsonArray ladder, mean;
    for (double step : problem.ladder)
        ladder.append(step);
    for (const std::vector<double>& week : problem.demand.mean) {
        QJsonArray row;
        for (double value : week)
            row.append(value);
        mean.append(row);
    }
    return QJsonObject{{QStringLiteral("weeks"), problem.weeks},
                       {QStringLiteral("inventory"), problem.inventory},
                       {QStringLiteral("regular_price"), problem.regularPrice},
                       {QStringLiteral("unit_cost"), problem.unitCost},
                       {QStringLiteral("salvage_value"), problem.salvageValue},
                       {QStringLiteral("ladder"), ladder},
                       {QStringLiteral("objective"), problem.objective == MarkdownObjective::Revenue
                                                         ? QStringLiteral("revenue")
                                                         : QStringLiteral("margin")},
                       {QStringLiteral("simulations"), 50},
                       {QStringLiteral("demand"), QJsonObject{{QStringLiteral("distribution"),
                                                               QStringLiteral("deterministic")},
                                                              {QStringLiteral("mean"), mean}}}};
}

// The parts' exchange in memory: each step waits until every part has given its share.
class MemoryExchange {
public:
    explicit MemoryExchange(int parts) : parts_(parts) {}
    // Part `part`'s share of step `step`; returns every part's once all have given theirs.
    template <typename Share>
    std::vector<Share> all(int step, int part, Share share) {
        std::unique_lock lock(mutex_);
        auto& given = steps_[step];
        given.resize(size_t(parts_));
        given[size_t(part)] = std::make_shared<Share>(std::move(share));
        changed_.notify_all();
        changed_.wait(lock, [&] {
            return std::all_of(given.begin(), given.end(),
                               [](const auto& g) { return g != nullptr; });
        });
        std::vector<Share> out;
        for (const auto& g : given)
            out.push_back(*std::static_pointer_cast<Share>(g));
        return out;
    }

private:
    int parts_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::map<int, std::vector<std::shared_ptr<void>>> steps_;
};

// A part's view of the others: its groups' sums by their whole numbers, its moves by whole item.
class PartShares : public BudgetShares {
public:
    PartShares(MemoryExchange& exchange, int part, std::vector<int> groups, std::vector<int> items)
        : exchange_(exchange), part_(part), groups_(std::move(groups)), items_(std::move(items)) {}
    std::vector<double> sum(const std::vector<std::vector<double>>& perGroup, double) override {
        std::map<int, std::vector<double>> mine;
        for (std::size_t g = 0; g < perGroup.size(); ++g)
            mine[groups_[g]] = perGroup[g];
        std::map<int, std::vector<double>> whole;
        for (const auto& part : exchange_.all(step_++, part_, mine))
            whole.insert(part.begin(), part.end());
        std::vector<double> total(perGroup.front().size(), 0.0);
        for (const auto& [group, sums] : whole)  // in the whole's group order
            for (std::size_t k = 0; k < total.size(); ++k)
                total[k] += sums[k];
        return total;
    }
    std::vector<BudgetMove> moves(const std::vector<BudgetMove>& mine) override {
        std::map<int, BudgetMove> wholeMoves;  // by whole item
        std::vector<std::pair<int, BudgetMove>> given;
        for (const BudgetMove& move : mine)
            given.push_back({items_[size_t(move.item)], move});
        for (const auto& part : exchange_.all(step_++, part_, given))
            for (auto [item, move] : part) {
                const auto local = std::find(items_.begin(), items_.end(), item);
                move.item = local == items_.end() ? -1 : int(local - items_.begin());
                wholeMoves[item] = move;
            }
        std::vector<BudgetMove> out;
        for (const auto& [item, move] : wholeMoves)
            out.push_back(move);
        return out;
    }

private:
    MemoryExchange& exchange_;
    int part_;
    std::vector<int> groups_;
    std::vector<int> items_;
    int step_ = 0;
};

}  // namespace

class TestMarkdownBudget : public QObject {
    Q_OBJECT

private slots:
    void matchesEnumeration_data() {
        QTest::addColumn<int>("items");
        QTest::addColumn<int>("weeks");
        QTest::addColumn<bool>("monotone");
        QTest::addColumn<unsigned>("seed");
        for (unsigned seed = 1; seed <= 6; ++seed) {
            QTest::addRow("2 items x 5 weeks, seed %u", seed) << 2 << 5 << true << seed;
            QTest::addRow("3 items x 4 weeks, seed %u", seed) << 3 << 4 << true << seed;
            QTest::addRow("4 items x 3 weeks, seed %u", seed) << 4 << 3 << true << seed;
            QTest::addRow("2 items x 3 weeks, prices may rise, seed %u", seed)
                << 2 << 3 << false << seed;
        }
    }

    void matchesEnumeration() {
        QFETCH(int, items);
        QFETCH(int, weeks);
        QFETCH(bool, monotone);
        QFETCH(unsigned, seed);
        std::mt19937 random(seed);
        std::vector<MarkdownProblem> portfolio;
        for (int i = 0; i < items; ++i) {
            portfolio.push_back(smallItem(random, weeks));
            portfolio.back().rules.monotone = monotone;
        }
        const std::vector<std::vector<Choice>> choices = everyChoice(portfolio);
        double freeSpend = 0.0, freeObjective = 0.0;
        for (const MarkdownProblem& item : portfolio) {
            const MarkdownPlan plan = optimiseMarkdown(item);
            freeSpend += expectedMarkdownSpend(plan);
            freeObjective += plan.expectedObjective;
        }
        QVERIFY2(freeSpend > 0.0, "the portfolio should want some markdown");
        // The enumeration finds the same unbudgeted optimum as the optimiser.
        QVERIFY(std::abs(bestWithin(choices, 1e18) - freeObjective) <= 1e-6 * freeObjective);
        for (double share : {0.0, 0.1, 0.3, 0.5, 0.8, 0.999, 1.0, 2.0}) {
            const double budget = share * freeSpend;
            const BudgetAllocation allocation = allocate(portfolio, budget);
            const double best = bestWithin(choices, budget);
            const double tolerance = 1e-7 * (1.0 + std::abs(best));
            QVERIFY2(
                allocation.spend <= budget + tolerance,
                qPrintable(
                    QStringLiteral("spend %1 over budget %2").arg(allocation.spend).arg(budget)));
            QVERIFY2(allocation.objective <= best + tolerance,
                     qPrintable(QStringLiteral("objective %1 above the enumerated best %2")
                                    .arg(allocation.objective)
                                    .arg(best)));
            QVERIFY2(best - allocation.objective <= allocation.gapBound + tolerance,
                     qPrintable(QStringLiteral("budget %1: best %2 - objective %3 exceeds "
                                               "gap_bound %4")
                                    .arg(budget)
                                    .arg(best)
                                    .arg(allocation.objective)
                                    .arg(allocation.gapBound)));
            QCOMPARE(allocation.binds, freeSpend > budget);
            if (!allocation.binds) {
                QCOMPARE(allocation.gapBound, 0.0);
                QCOMPARE(allocation.lambda, 0.0);
                QVERIFY(std::abs(allocation.objective - freeObjective) <= tolerance);
            }
            // The spend prices reproduce the plans the allocation counted.
            double spend = 0.0, objective = 0.0;
            for (size_t i = 0; i < portfolio.size(); ++i) {
                const MarkdownPlan plan =
                    optimiseAtSpendPrice(portfolio[i], allocation.spendPrices[i]);
                spend += expectedMarkdownSpend(plan);
                objective += plan.expectedObjective;
            }
            QVERIFY(std::abs(spend - allocation.spend) <= tolerance);
            QVERIFY(std::abs(objective - allocation.objective) <= tolerance);
        }
    }

    // A tighter budget never spends more, and the result never gains from it.
    void tighterBudgetNeverSpendsMore() {
        std::mt19937 random(11);
        std::vector<MarkdownProblem> portfolio;
        for (int i = 0; i < 6; ++i)
            portfolio.push_back(smallItem(random, 8));
        double previousSpend = std::numeric_limits<double>::infinity();
        double previousBound = std::numeric_limits<double>::infinity();
        for (double budget : {1e9, 400.0, 200.0, 100.0, 50.0, 10.0, 0.0}) {
            const BudgetAllocation allocation = allocate(portfolio, budget);
            QVERIFY(allocation.spend <= budget + 1e-7);
            QVERIFY(allocation.spend <= previousSpend + 1e-7);
            // The dual bound is the best plan within the budget or more: it cannot rise as the
            // budget tightens (it may stay, being a bound).
            QVERIFY(allocation.objective <= previousBound + 1e-7);
            previousSpend = allocation.spend;
            previousBound = allocation.dualBound;
        }
    }

    // A chain's slices each hold whole categories, plan only their own items and share only
    // the categories' sums and the last step's moves: run as parts on threads, exchanging in
    // memory, they reach the allocation of one process over every item, bit for bit.
    void partsHoldingWholeGroupsReachTheWholeAllocation() {
        std::mt19937 random(23);
        std::vector<MarkdownProblem> portfolio;
        for (int i = 0; i < 9; ++i)
            portfolio.push_back(smallItem(random, 8));
        const auto outcome = [&](int i, double price) -> std::optional<BudgetOutcome> {
            const MarkdownPlan plan = optimiseAtSpendPrice(portfolio[size_t(i)], price);
            return BudgetOutcome{plan.expectedObjective, expectedMarkdownSpend(plan)};
        };
        // Categories interleave in the items' order, as products of several categories do.
        const BudgetGroups whole{{0, 1, 0, 2, 1, 2, 0, 1, 2}, 3};
        const double budget = allocate(portfolio, 1e9).unbudgetedSpend / 2.0;
        const BudgetAllocation one =
            allocateMarkdownBudget(int(portfolio.size()), budget, parallelRound(outcome, 1), whole);
        QVERIFY(one.binds);
        QVERIFY(one.lambdasTried >= 3);
        // Two parts: categories 0 and 2, and category 1.
        const std::vector<std::vector<int>> partGroups{{0, 2}, {1}};
        MemoryExchange exchange(int(partGroups.size()));
        std::vector<BudgetAllocation> parts(partGroups.size());
        std::vector<std::vector<int>> partItems(partGroups.size());
        std::vector<std::thread> threads;
        for (std::size_t p = 0; p < partGroups.size(); ++p) {
            for (int i = 0; i < int(whole.of.size()); ++i)
                if (std::count(partGroups[p].begin(), partGroups[p].end(), whole.of[size_t(i)]))
                    partItems[p].push_back(i);
            threads.emplace_back([&, p] {
                const std::vector<int>& items = partItems[p];
                BudgetGroups local{{}, int(partGroups[p].size())};
                for (const int i : items)
                    local.of.push_back(int(
                        std::find(partGroups[p].begin(), partGroups[p].end(), whole.of[size_t(i)]) -
                        partGroups[p].begin()));
                PartShares shares(exchange, int(p), partGroups[p], items);
                parts[p] = allocateMarkdownBudget(
                    int(items.size()), budget,
                    parallelRound(
                        [&](int i, double price) { return outcome(items[size_t(i)], price); }, 1),
                    local, &shares);
            });
        }
        for (std::thread& thread : threads)
            thread.join();
        for (std::size_t p = 0; p < parts.size(); ++p) {
            QCOMPARE(parts[p].lambda, one.lambda);
            QCOMPARE(parts[p].objective, one.objective);
            QCOMPARE(parts[p].spend, one.spend);
            QCOMPARE(parts[p].dualBound, one.dualBound);
            QCOMPARE(parts[p].unbudgetedSpend, one.unbudgetedSpend);
            QCOMPARE(parts[p].lambdasTried, one.lambdasTried);
            for (std::size_t k = 0; k < partItems[p].size(); ++k)
                QCOMPARE(parts[p].spendPrices[k], one.spendPrices[size_t(partItems[p][k])]);
        }
        // A round that answers for fewer items than it was asked is refused, not misread.
        bool refused = false;
        try {
            allocateMarkdownBudget(
                int(portfolio.size()), budget,
                [](const std::vector<int>&, double) {
                    return std::vector<std::optional<BudgetOutcome>>{};
                },
                whole);
        } catch (const mb::Error& error) {
            refused = error.message().contains(QStringLiteral("of 9 items"));
        }
        QVERIFY(refused);
    }

    // The spend price steers the policy; the plan's figures stay the true ones.
    void spendPriceKeepsTrueFigures() {
        std::mt19937 random(5);
        const MarkdownProblem problem = smallItem(random, 6);
        const MarkdownPlan free = optimiseMarkdown(problem);
        QCOMPARE(optimiseAtSpendPrice(problem, 0.0).expectedObjective, free.expectedObjective);
        for (double price : {0.3, 1.0, 5.0}) {
            const MarkdownPlan priced = optimiseAtSpendPrice(problem, price);
            std::vector<int> steps;
            for (const PlannedWeek& week : priced.schedule)
                steps.push_back(week.step);
            // Deterministic demand: the plan is its path; evaluated without any price.
            const MarkdownPlan path =
                evaluateSchedule(problem, {QStringLiteral("priced path"), steps});
            QVERIFY(std::abs(priced.expectedObjective - path.expectedObjective) <= 1e-9 * 1e4);
            QVERIFY(std::abs(priced.expectedRevenue - path.expectedRevenue) <= 1e-9 * 1e4);
            QVERIFY(priced.expectedObjective <= free.expectedObjective + 1e-9);
            QVERIFY(expectedMarkdownSpend(priced) <= expectedMarkdownSpend(free) + 1e-9);
        }
        // A price high enough makes any discount a loss: no spend at all.
        QCOMPARE(expectedMarkdownSpend(optimiseAtSpendPrice(problem, 1e6)), 0.0);
    }

    void budgetBelowForcedSpendIsNamed() {
        std::mt19937 random(2);
        std::vector<MarkdownProblem> portfolio{smallItem(random, 4), smallItem(random, 4)};
        portfolio[1].rules.startStep = 1;  // starts marked down: spends without choice
        try {
            allocate(portfolio, 0.5);
            QFAIL("a budget below the forced spend was accepted");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().contains(QStringLiteral("markdown_budget 0.50")),
                     qPrintable(error.message()));
        }
        QVERIFY_THROWS_EXCEPTION(mb::Error, allocate(portfolio, -1.0));
    }

    void portfolioFileRoundTrips() {
        std::mt19937 random(9);
        QJsonArray items;
        std::vector<MarkdownProblem> portfolio;
        for (int i = 0; i < 3; ++i) {
            portfolio.push_back(smallItem(random, 4));
            items.append(instanceJson(portfolio.back()));
        }
        const QJsonObject file{{QStringLiteral("items"), items},
                               {QStringLiteral("markdown_budget"), 15.0}};
        const MarkdownSolveRequest request = MarkdownSolveRequest::fromInstanceFile(
            QJsonDocument(file).toJson(), QStringLiteral("portfolio.json"));
        QCOMPARE(MarkdownSolveRequest::fromJson(request.toJson()), request);
        mb::ProgressToken progress;
        const MarkdownSolveResult result = computeMarkdownSolve(request, progress);
        QVERIFY(result.portfolio.has_value());
        const QJsonObject summary = markdownSolveSummary(result);
        const BudgetAllocation expected = allocate(portfolio, 15.0);
        QVERIFY(std::abs(summary[QStringLiteral("expected_objective")].toDouble() -
                         expected.objective) <= 1e-7 * (1.0 + expected.objective));
        QVERIFY(summary[QStringLiteral("markdown_spend")].toDouble() <= 15.0 + 1e-7);
        QCOMPARE(summary[QStringLiteral("gap_bound")].toDouble() >= 0.0, true);
        QCOMPARE(summary[QStringLiteral("items")].toArray().size(), 3);
        double spend = 0.0;
        for (const QJsonValue& item : summary[QStringLiteral("items")].toArray()) {
            QVERIFY(item.toObject().contains(QStringLiteral("schedule")));
            spend += item.toObject()[QStringLiteral("markdown_spend")].toDouble();
        }
        QVERIFY(std::abs(spend - summary[QStringLiteral("markdown_spend")].toDouble()) <= 1e-9);
    }

    void badPortfolioIsNamed_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        const QByteArray item =
            R"({"weeks": 2, "inventory": 5, "regular_price": 10, "ladder": [1, 0.5],
                "demand": {"distribution": "poisson", "mean": [[1, 2], [1, 2]]}})";
        QTest::newRow("negative budget")
            << QByteArray(R"({"items": [)" + item + R"(], "markdown_budget": -5})")
            << QStringLiteral("p.json: markdown_budget: expected a number from 0");
        QTest::newRow("no budget") << QByteArray(R"({"items": [)" + item + R"(]})")
                                   << QStringLiteral("p.json: markdown_budget: expected a value");
        QTest::newRow("empty items") << QByteArray(R"({"items": [], "markdown_budget": 5})")
                                     << QStringLiteral("p.json: items: expected an array");
        QTest::newRow("unknown key")
            << QByteArray(R"({"items": [)" + item + R"(], "markdown_budget": 5, "budget": 1})")
            << QStringLiteral("p.json: budget: expected one of items, markdown_budget");
        QByteArray bad = item;
        bad.replace("\"weeks\": 2", "\"weeks\": 0");
        QTest::newRow("bad item key")
            << QByteArray(R"({"items": [)" + item + "," + bad + R"(], "markdown_budget": 5})")
            << QStringLiteral("p.json: items[1]: weeks: expected a whole number");
        QTest::newRow("item not an object")
            << QByteArray(R"({"items": [)" + item + R"(, 3], "markdown_budget": 5})")
            << QStringLiteral("p.json: items[1]: expected an object (got 3)");
    }

    void badPortfolioIsNamed() {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        try {
            MarkdownSolveRequest::fromInstanceFile(json, QStringLiteral("p.json"));
            QFAIL("a bad portfolio was accepted");
        } catch (const mb::Error& error) {
            QVERIFY2(error.message().startsWith(expected), qPrintable(error.message()));
        }
    }
};

QTEST_GUILESS_MAIN(TestMarkdownBudget)
#include "tst_markdownbudget.moc"
