// Times the foot-traffic analytics on generated shopper paths (200k trips over 30 zones by
// default, seeded) and customer features on generated basket lines (1M by default). Run it on a
// Release build:
//   bench_traffic [trips] [basket lines] [seed]
#include "common/SeededRandom.h"
#include "targeting/CustomerFeatures.h"
#include "traffic/TrafficAnalysis.h"

#include <QElapsedTimer>
#include <algorithm>
#include <cstdio>
#include <string>

namespace {

// "prefix" + number; spelt out because GCC 12 warns (-Wrestrict, a false positive) about
// a literal + std::string temporary.
std::string label(const char* prefix, long long number) {
    std::string text = prefix;
    text += std::to_string(number);
    return text;
}

}  // namespace

int main(int argc, char** argv) {
    const long trips = argc > 1 ? std::stol(argv[1]) : 200000;
    const long lines = argc > 2 ? std::stol(argv[2]) : 1000000;
    std::uint64_t state = argc > 3 ? std::stoull(argv[3]) : 1;
    const int zoneCount = 30;
    std::vector<mb::traffic::ZoneInfo> zones;
    for (int z = 0; z < zoneCount; ++z)
        zones.push_back({label("Z", z), "", ""});
    std::vector<mb::traffic::PathObservation> observations;
    const std::int64_t day = 19900LL * 86400;
    for (long t = 0; t < trips; ++t) {
        std::int64_t time = day + 8 * 3600 + std::int64_t(mb::splitMix64(state) % 40000);
        const int steps = 2 + int(mb::splitMix64(state) % 16);
        int zone = 0;
        for (int s = 0; s < steps; ++s) {
            observations.push_back({label("S", t), time, zone});
            time += 10 + std::int64_t(mb::splitMix64(state) % 200);
            zone = int(mb::splitMix64(state) % zoneCount);
        }
    }
    std::stable_sort(observations.begin(), observations.end(), [](const auto& a, const auto& b) {
        return a.shopper != b.shopper ? a.shopper < b.shopper : a.time < b.time;
    });
    QElapsedTimer timer;
    timer.start();
    const mb::traffic::TrafficAnalysis analysis =
        mb::traffic::analysePaths(zones, observations, {});
    std::printf("traffic: %zu observations, %lld trips, %lld moves: %lld ms\n", observations.size(),
                static_cast<long long>(analysis.trips),
                static_cast<long long>(analysis.transitions.totalMoves()),
                static_cast<long long>(timer.elapsed()));

    mb::targeting::CustomerPurchaseHistory history;
    for (int p = 0; p < 500; ++p)
        history.products[label("P", p)] = {label("category ", p % 20), 1.0 + p % 13};
    for (long l = 0; l < lines; ++l) {
        const long basket = l / 5;
        const int product = int(mb::splitMix64(state) % 500);
        history.lines.push_back({label("C", basket % (lines / 50 + 1)), label("B", basket),
                                 label("P", product), "", 2.0,
                                 1.0 + product % 13 - (mb::splitMix64(state) % 4 == 0 ? 0.5 : 0.0),
                                 std::int32_t(19800 + basket % 100)});
    }
    timer.restart();
    const mb::targeting::CustomerFeatureTable table =
        mb::targeting::computeCustomerFeatures(history);
    std::printf("customer features: %zu lines, %zu customers x %zu columns: %lld ms\n",
                history.lines.size(), table.customers.size(), table.columns.size(),
                static_cast<long long>(timer.elapsed()));
    return 0;
}
