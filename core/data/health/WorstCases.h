#pragma once

#include "data/health/HealthCheck.h"

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace mb::data::health {

// Keeps the worst few of many cases without holding them all: ranked by `worse`, trimmed as
// they arrive.
template <typename Case>
class WorstCases {
public:
    using Worse = bool (*)(const Case&, const Case&);
    explicit WorstCases(Worse worse) : worse_(worse) {}
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
    void trim() {
        const size_t kept = std::min(cases_.size(), kMaxExamples);
        std::partial_sort(cases_.begin(), cases_.begin() + static_cast<std::ptrdiff_t>(kept),
                          cases_.end(), worse_);
        cases_.resize(kept);
    }
    Worse worse_;
    std::vector<Case> cases_;
};

}  // namespace mb::data::health
