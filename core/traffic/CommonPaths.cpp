#include "traffic/CommonPaths.h"

#include <algorithm>
#include <unordered_map>

namespace mb::traffic {

namespace {

// FNV-1a over the zone indices: sequences are short, so a simple hash is enough.
struct SequenceHash {
    std::size_t operator()(const std::vector<int>& sequence) const {
        std::uint64_t hash = 1469598103934665603ULL;
        for (const int zone : sequence) {
            hash = (hash ^ std::uint64_t(std::uint32_t(zone))) * 1099511628211ULL;
        }
        return static_cast<std::size_t>(hash);
    }
};

}  // namespace

std::vector<CommonPath> commonPaths(const std::vector<ShopperTrip>& trips, int top) {
    std::unordered_map<std::vector<int>, std::int64_t, SequenceHash> counts;
    for (const ShopperTrip& trip : trips) {
        std::vector<int> sequence;
        for (const ZoneVisit& visit : trip.visits) {
            if (sequence.empty() || sequence.back() != visit.zone)
                sequence.push_back(visit.zone);
        }
        if (!sequence.empty())
            ++counts[sequence];
    }
    std::vector<CommonPath> paths;
    paths.reserve(counts.size());
    for (auto& [sequence, count] : counts) {
        paths.push_back({sequence, count, double(count) / double(trips.size())});
    }
    // The map already orders equal counts by sequence, so a stable sort keeps that tie order.
    std::stable_sort(paths.begin(), paths.end(),
                     [](const CommonPath& a, const CommonPath& b) { return a.trips > b.trips; });
    if (top >= 0 && paths.size() > static_cast<std::size_t>(top))
        paths.resize(static_cast<std::size_t>(top));
    return paths;
}

}  // namespace mb::traffic
