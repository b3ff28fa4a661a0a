#include "layout/LayoutOptimiser.h"

#include "common/Error.h"
#include "common/Progress.h"
#include "layout/LayoutMoveLimit.h"
#include "layout/QapSolver.h"

#include <algorithm>
#include <chrono>

namespace mb::layout {

namespace {

using Clock = std::chrono::steady_clock;

// The search holds two slots x slots matrices: 3000 places is 144 MB.
constexpr std::int64_t kMaxSlots = 3000;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// Categories the optimiser places: those placed now and those a rule pins.
std::vector<int> placedCategories(const LayoutModel& model, const std::vector<int>& current,
                                  const LayoutRules& rules) {
    std::vector<std::uint8_t> placed(static_cast<std::size_t>(model.categoryCount()), 0);
    for (std::size_t c = 0; c < current.size(); ++c)
        placed[c] = current[c] >= 0;
    for (const auto& [category, zone] : rules.fixed)
        placed[static_cast<std::size_t>(category)] = 1;
    std::vector<int> result;
    for (std::size_t c = 0; c < placed.size(); ++c)
        if (placed[c])
            result.push_back(static_cast<int>(c));
    return result;
}

void checkRules(const LayoutModel& model, const std::vector<int>& current,
                const LayoutRules& rules) {
    if (current.size() != static_cast<std::size_t>(model.categoryCount()))
        throw Error(QStringLiteral("layout has %1 categories, the model %2")
                        .arg(current.size())
                        .arg(model.categoryCount()));
    if (rules.zoneCapacity < 1)
        throw Error(QStringLiteral("zone capacity must be 1 or more (%1)").arg(rules.zoneCapacity));
    const auto inRange = [&](const std::pair<int, int>& rule) {
        return rule.first >= 0 && rule.first < model.categoryCount() && rule.second >= 0 &&
               rule.second < model.zoneCount();
    };
    for (const auto& rule : rules.fixed)
        if (!inRange(rule))
            throw Error(QStringLiteral("fixed rule out of range (%1, %2)")
                            .arg(rule.first)
                            .arg(rule.second));
    for (const auto& rule : rules.forbidden)
        if (!inRange(rule))
            throw Error(QStringLiteral("forbidden rule out of range (%1, %2)")
                            .arg(rule.first)
                            .arg(rule.second));
    for (const int zone : rules.candidateZones)
        if (zone < 0 || zone >= model.zoneCount())
            throw Error(QStringLiteral("candidate zone out of range (%1)").arg(zone));
}

}  // namespace

std::vector<int> layoutCandidateZones(const LayoutModel& model, const std::vector<int>& current,
                                      const LayoutRules& rules) {
    std::vector<int> zones = rules.candidateZones;
    if (zones.empty()) {
        for (int zone = 0; zone < model.zoneCount(); ++zone)
            if (model.zoneTypes[static_cast<std::size_t>(zone)] == ZoneType::Department)
                zones.push_back(zone);
        for (const int zone : current)
            if (zone >= 0)
                zones.push_back(zone);
    }
    for (const auto& [category, zone] : rules.fixed)
        zones.push_back(zone);
    std::sort(zones.begin(), zones.end());
    zones.erase(std::unique(zones.begin(), zones.end()), zones.end());
    return zones;
}

bool layoutKeepsRules(const LayoutModel& model, const std::vector<int>& current,
                      const std::vector<int>& assignment, const LayoutRules& rules) {
    if (assignment.size() != static_cast<std::size_t>(model.categoryCount()))
        return false;
    const std::vector<int> candidates = layoutCandidateZones(model, current, rules);
    const std::vector<int> placed = placedCategories(model, current, rules);
    std::vector<int> used(static_cast<std::size_t>(model.zoneCount()), 0);
    for (int c = 0; c < model.categoryCount(); ++c) {
        const int zone = assignment[static_cast<std::size_t>(c)];
        const bool shouldPlace = std::binary_search(placed.begin(), placed.end(), c);
        if (!shouldPlace) {
            if (zone >= 0)
                return false;
            continue;
        }
        if (zone < 0 || !std::binary_search(candidates.begin(), candidates.end(), zone))
            return false;
        if (++used[static_cast<std::size_t>(zone)] > rules.zoneCapacity)
            return false;
    }
    for (const auto& [category, zone] : rules.fixed)
        if (assignment[static_cast<std::size_t>(category)] != zone)
            return false;
    for (const auto& [category, zone] : rules.forbidden)
        if (assignment[static_cast<std::size_t>(category)] == zone)
            return false;
    return true;
}

LayoutProposal optimiseLayout(const LayoutModel& model, const std::vector<int>& current,
                              const LayoutOptimiserOptions& options, ProgressToken* progress) {
    const Clock::time_point start = Clock::now();
    const LayoutRules& rules = options.rules;
    checkRules(model, current, rules);
    if (options.maxMoves < 0)
        throw Error(
            QStringLiteral("max moves must be 0 (no limit) or more (%1)").arg(options.maxMoves));
    LayoutProposal proposal;
    proposal.current = current;
    proposal.before = scoreLayout(model, current);
    proposal.candidateZones = layoutCandidateZones(model, current, rules);
    const std::vector<int>& zones = proposal.candidateZones;
    const std::vector<int> placed = placedCategories(model, current, rules);
    const int p = static_cast<int>(placed.size());
    // A capacity above the number of categories allows nothing more, so slots stay few.
    const int cap = std::min(rules.zoneCapacity, std::max(1, p));
    const std::int64_t wanted =
        static_cast<std::int64_t>(cap) * static_cast<std::int64_t>(zones.size());
    if (wanted > kMaxSlots)
        throw Error(QStringLiteral("%1 zones x capacity %2 is too large for the layout search "
                                   "(at most %3 places); lower the capacity or the zones")
                        .arg(zones.size())
                        .arg(cap)
                        .arg(kMaxSlots));
    const int slotCount = static_cast<int>(wanted);
    if (p > slotCount)
        throw Error(
            QStringLiteral("%1 categories to place but room for %2 (%3 zones x capacity %4)")
                .arg(p)
                .arg(slotCount)
                .arg(zones.size())
                .arg(cap));

    // Facilities: placed categories 0..p-1, empty fillers p..slotCount-1, then the exposure and
    // detour dummies. Locations: slot k is in zone zones[k / cap]; then the two dummy locations.
    const int size = slotCount + 2;
    const int exposureDummy = slotCount, detourDummy = slotCount + 1;
    QapProblem problem;
    problem.size = size;
    problem.flow.assign(static_cast<std::size_t>(size) * size, 0.0);
    problem.distance.assign(static_cast<std::size_t>(size) * size, 0.0);
    const auto zoneOfSlot = [&](int slot) { return zones[static_cast<std::size_t>(slot / cap)]; };
    double meanCategories = 0.0;
    for (const std::vector<int>& basket : model.baskets)
        meanCategories += static_cast<double>(basket.size());
    meanCategories =
        model.baskets.empty()
            ? 1.0
            : std::max(1.0, meanCategories / static_cast<double>(model.baskets.size()));
    for (int i = 0; i < p; ++i) {
        const int ci = placed[static_cast<std::size_t>(i)];
        for (int j = 0; j < p; ++j)
            if (i != j)
                problem.flow[problem.index(i, j)] =
                    -model.weights.adjacency *
                    model.affinityAt(ci, placed[static_cast<std::size_t>(j)]) / 2.0;
        problem.flow[problem.index(i, exposureDummy)] =
            model.impulse[static_cast<std::size_t>(ci)] ? 1.0 : 0.0;
        problem.flow[problem.index(i, detourDummy)] =
            model.baskets.empty()
                ? 0.0
                : static_cast<double>(
                      model.basketsWithCategory[static_cast<std::size_t>(ci)].size()) /
                      static_cast<double>(model.baskets.size()) / meanCategories;
    }
    const bool walks = model.entrance >= 0 && model.checkout >= 0;
    for (int k = 0; k < slotCount; ++k) {
        const int zk = zoneOfSlot(k);
        for (int l = 0; l < slotCount; ++l)
            problem.distance[problem.index(k, l)] = model.closeness(zk, zoneOfSlot(l));
        problem.distance[problem.index(k, exposureDummy)] =
            -model.weights.exposure * model.visitShare[static_cast<std::size_t>(zk)];
        const double detour = walks ? model.metresAt(model.entrance, zk) +
                                          model.metresAt(zk, model.checkout) -
                                          model.metresAt(model.entrance, model.checkout)
                                    : 0.0;
        problem.distance[problem.index(k, detourDummy)] =
            model.weights.distance * detour / model.directWalkMetres;
    }

    QapSearchOptions search;
    search.seed = options.seed;
    // The search gets most of the time; the exact polish the rest.
    search.secondsLimit = options.seconds * 0.7;
    search.iterationLimit = options.iterations;
    search.rules.fixed = {{exposureDummy, exposureDummy}, {detourDummy, detourDummy}};
    std::vector<int> slotsUsed(zones.size(), 0);
    std::vector<int> fixedZone(static_cast<std::size_t>(model.categoryCount()), -1);
    for (const auto& [category, zone] : rules.fixed) {
        int& earlier = fixedZone[static_cast<std::size_t>(category)];
        if (earlier >= 0 && earlier != zone)
            throw Error(
                QStringLiteral("%1 is fixed to two zones (%2, %3)")
                    .arg(model.categories[category], model.zones[earlier], model.zones[zone]));
        if (earlier == zone)
            continue;
        earlier = zone;
        const auto z = static_cast<std::size_t>(std::lower_bound(zones.begin(), zones.end(), zone) -
                                                zones.begin());
        if (slotsUsed[z] >= cap)
            throw Error(QStringLiteral("more categories fixed to %1 than its capacity %2")
                            .arg(model.zones[zone])
                            .arg(cap));
        const int facility = static_cast<int>(
            std::lower_bound(placed.begin(), placed.end(), category) - placed.begin());
        search.rules.fixed.emplace_back(facility, static_cast<int>(z) * cap + slotsUsed[z]++);
    }
    for (const auto& [category, zone] : rules.forbidden) {
        const auto found = std::lower_bound(zones.begin(), zones.end(), zone);
        if (found == zones.end() || *found != zone)
            continue;
        if (fixedZone[static_cast<std::size_t>(category)] == zone)
            throw Error(QStringLiteral("%1 is both fixed to and kept out of %2")
                            .arg(model.categories[category], model.zones[zone]));
        const int facility = static_cast<int>(
            std::lower_bound(placed.begin(), placed.end(), category) - placed.begin());
        const int z = static_cast<int>(found - zones.begin());
        for (int s = 0; s < cap; ++s)
            search.rules.forbidden.emplace_back(facility, z * cap + s);
    }
    const QapSearchResult result = solveQap(problem, search, progress);
    proposal.iterations = result.iterations;
    proposal.cancelled = result.cancelled;

    std::vector<int> proposed(current.size(), -1);
    for (int i = 0; i < p; ++i)
        proposed[static_cast<std::size_t>(placed[static_cast<std::size_t>(i)])] =
            zoneOfSlot(result.permutation[static_cast<std::size_t>(i)]);

    // Polish on the exact score, from the search's layout or the current one if that scores
    // better and keeps the rules: improving moves into zones with room, then improving swaps.
    const bool currentKeepsRules = layoutKeepsRules(model, current, current, rules);
    if (currentKeepsRules && scoreLayout(model, proposed).total < proposal.before.total)
        proposed = current;
    LayoutScorer scorer(model, proposed);
    std::vector<int> used(static_cast<std::size_t>(model.zoneCount()), 0);
    for (const int zone : proposed)
        if (zone >= 0)
            ++used[static_cast<std::size_t>(zone)];
    const auto allowed = [&](int category, int zone) {
        return std::find(rules.forbidden.begin(), rules.forbidden.end(),
                         std::make_pair(category, zone)) == rules.forbidden.end();
    };
    std::vector<int> movable;
    for (const int c : placed)
        if (fixedZone[static_cast<std::size_t>(c)] < 0)
            movable.push_back(c);
    // Without a time limit the polish runs until no move or swap improves (a local optimum).
    const double polishSeconds =
        options.seconds > 0 ? std::max(0.2, options.seconds - secondsSince(start)) : 0.0;
    const Clock::time_point polishStart = Clock::now();
    bool stopped = proposal.cancelled;
    std::int64_t evaluations = 0;
    const auto goOn = [&]() {
        if (!stopped && ++evaluations % 32 == 0)
            stopped = (progress && progress->isCancelled()) ||
                      (polishSeconds > 0 && secondsSince(polishStart) >= polishSeconds);
        return !stopped;
    };
    constexpr double kGain = 1e-12;
    for (bool improved = !stopped; improved && !stopped;) {
        improved = false;
        for (std::size_t a = 0; a < movable.size() && goOn(); ++a) {
            const int c = movable[a];
            for (std::size_t z = 0; z < zones.size() && goOn(); ++z) {
                const int zone = zones[z];
                if (zone == scorer.zoneOf(c) || used[static_cast<std::size_t>(zone)] >= cap ||
                    !allowed(c, zone))
                    continue;
                if (scorer.moveChange(c, zone).total > kGain) {
                    --used[static_cast<std::size_t>(scorer.zoneOf(c))];
                    ++used[static_cast<std::size_t>(zone)];
                    scorer.move(c, zone);
                    ++proposal.polishMoves;
                    improved = true;
                }
            }
        }
        for (std::size_t a = 0; a < movable.size() && goOn(); ++a) {
            for (std::size_t b = a + 1; b < movable.size() && goOn(); ++b) {
                const int ca = movable[a], cb = movable[b];
                if (scorer.zoneOf(ca) == scorer.zoneOf(cb) || !allowed(ca, scorer.zoneOf(cb)) ||
                    !allowed(cb, scorer.zoneOf(ca)))
                    continue;
                if (scorer.swapChange(ca, cb).total > kGain) {
                    scorer.swap(ca, cb);
                    ++proposal.polishMoves;
                    improved = true;
                }
            }
        }
    }
    proposal.proposed = scorer.zoneOfCategory();
    if (options.maxMoves > 0 && movedCategoryCount(current, proposal.proposed) > options.maxMoves) {
        // The same kind of budget as the polish: a time limit, or none without one.
        const double limitSeconds =
            options.seconds > 0 ? std::max(0.2, options.seconds * 0.3) : 0.0;
        const Clock::time_point limitStart = Clock::now();
        std::int64_t limitEvaluations = 0;
        proposal.proposed = limitMoves(model, current, rules, options.maxMoves, [&] {
            if (++limitEvaluations % 32 != 0)
                return true;
            return !(progress && progress->isCancelled()) &&
                   !(limitSeconds > 0 && secondsSince(limitStart) >= limitSeconds);
        });
    }
    proposal.cancelled = proposal.cancelled || (progress && progress->isCancelled());
    // Rescored from scratch so the reported figures carry no rounding from the incremental sums.
    proposal.after = scoreLayout(model, proposal.proposed);
    if (proposal.after.total <= proposal.before.total && currentKeepsRules) {
        proposal.proposed = current;
        proposal.after = proposal.before;
        proposal.keptCurrent = true;
    }
    proposal.seconds = secondsSince(start);
    return proposal;
}

}  // namespace mb::layout
