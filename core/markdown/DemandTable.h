#pragma once

#include "markdown/MarkdownProblem.h"

#include <memory>
#include <new>
#include <vector>

namespace mb::markdown {

// Probabilities of each week's demand at each ladder step, truncated at the inventory: entry d
// of probability() is P(D = d) for d < inventory and the last entry is P(D >= inventory), so
// each row sums to 1 and a sale can never exceed the stock.
class DemandTable {
public:
    DemandTable() = default;
    explicit DemandTable(const MarkdownProblem& problem);

    int units() const { return units_; }
    // Row of units() + 1 probabilities for a 0-based week and a ladder step.
    const double* probability(int week, int step) const { return &table_[row(week, step)]; }
    // P(D >= stock) for stock 0..units().
    const double* atLeast(int week, int step) const { return probability(week, step) + stride(); }
    // E[min(D, stock)] for stock 0..units().
    const double* expectedSales(int week, int step) const {
        return probability(week, step) + 2 * stride();
    }
    // Demands worth summing over: d in [firstDemand, endDemand) holds all but 1e-16 of the mass
    // below the stock on each side, so expectations can skip the rest (exact for deterministic).
    int firstDemand(int week, int step) const {
        return first_[size_t(week) * size_t(steps_) + size_t(step)];
    }
    int endDemand(int week, int step) const {
        return end_[size_t(week) * size_t(steps_) + size_t(step)];
    }
    // P(D <= d) for d 0..units() (the last entry is 1), for sampling by inverse distribution.
    const double* cumulative(int week, int step) const {
        return probability(week, step) + 3 * stride();
    }

private:
    // The four rows of one week and step lie together in one table: one allocation per item
    // (a planner solves thousands in turn) and the rows an expectation reads share cache lines.
    size_t stride() const { return size_t(units_) + 1; }
    size_t row(int week, int step) const {
        return (size_t(week) * size_t(steps_) + size_t(step)) * 4 * stride();
    }
    int steps_ = 0;
    int units_ = 0;
    // Every entry is written when the table is built, so the allocation skips zeroing it.
    struct Uninitialised : std::allocator<double> {
        template <class U>
        struct rebind {
            using other = Uninitialised;
        };
        void construct(double* p) noexcept { ::new (static_cast<void*>(p)) double; }
        void construct(double* p, double value) noexcept {
            ::new (static_cast<void*>(p)) double(value);
        }
    };
    std::vector<double, Uninitialised> table_;
    std::vector<int> first_, end_;
};

}  // namespace mb::markdown
