#pragma once

#include "data/health/HealthCheck.h"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace mb::data::health {

// Keeps the worst few of many cases without holding them all, trimmed as they arrive. The
// highest `rank` comes first; ties follow `tieOrder()`, so the examples are the same on every run.
template <typename Case>
class WorstCases {
public:
    void add(Case item) {
        cases_.push_back(std::move(item));
        if (cases_.size() >= 8 * kMaxExamples)
            trim();
    }
    std::vector<Case> take() {
        trim();
        return std::move(cases_);
    }

private:
    static bool worse(const Case& a, const Case& b) {
        if (a.rank != b.rank)
            return a.rank > b.rank;
        return a.tieOrder() < b.tieOrder();
    }
    void trim() {
        const size_t kept = std::min(cases_.size(), kMaxExamples);
        std::partial_sort(cases_.begin(), cases_.begin() + static_cast<std::ptrdiff_t>(kept),
                          cases_.end(), worse);
        cases_.resize(kept);
    }
    std::vector<Case> cases_;
};

}  // namespace mb::data::health
