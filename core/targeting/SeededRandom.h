#pragma once

#include <cstdint>

namespace mb::targeting {

// A small generator whose sequence is fixed by its seed on every platform and compiler, which
// the standard distributions do not promise (SplitMix64: Steele, Lea & Flood, OOPSLA 2014).
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

    // Uniform in [0, 1) from the top 53 bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    // Uniform integer in [0, bound) without modulo bias (rejection on the short tail).
    std::uint64_t below(std::uint64_t bound) {
        if (bound == 0)
            return 0;
        const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % bound);
        std::uint64_t value = next();
        while (value >= limit)
            value = next();
        return value % bound;
    }

private:
    std::uint64_t state_;
};

}  // namespace mb::targeting
