#include "layout/Seriation.h"

#include <algorithm>
#include <limits>

namespace mb::layout {

std::vector<int> clusterLeafOrder(const std::vector<double>& similarity, int n) {
    if (n <= 0 || similarity.size() < static_cast<std::size_t>(n) * static_cast<std::size_t>(n))
        return {};
    const auto at = [&](int a, int b) {
        return similarity[static_cast<std::size_t>(a) * static_cast<std::size_t>(n) +
                          static_cast<std::size_t>(b)];
    };
    // Each live cluster: its leaves in order.
    std::vector<std::vector<int>> clusters;
    clusters.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        clusters.push_back({i});
    while (clusters.size() > 1) {
        double best = -std::numeric_limits<double>::infinity();
        std::size_t bestA = 0, bestB = 1;
        for (std::size_t a = 0; a < clusters.size(); ++a)
            for (std::size_t b = a + 1; b < clusters.size(); ++b) {
                double sum = 0;
                for (const int i : clusters[a])
                    for (const int j : clusters[b])
                        sum += at(i, j);
                const double mean =
                    sum / static_cast<double>(clusters[a].size() * clusters[b].size());
                // Strictly greater keeps the first pair found on ties, so the order is stable.
                if (mean > best) {
                    best = mean;
                    bestA = a;
                    bestB = b;
                }
            }
        std::vector<int>& left = clusters[bestA];
        std::vector<int>& right = clusters[bestB];
        const bool leftFirst = *std::min_element(left.begin(), left.end()) <
                               *std::min_element(right.begin(), right.end());
        std::vector<int> merged = leftFirst ? left : right;
        const std::vector<int>& second = leftFirst ? right : left;
        merged.insert(merged.end(), second.begin(), second.end());
        clusters[bestA] = std::move(merged);
        clusters.erase(clusters.begin() + static_cast<std::ptrdiff_t>(bestB));
    }
    return clusters.front();
}

}  // namespace mb::layout
