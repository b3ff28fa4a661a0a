#pragma once

#include <cstdint>

namespace mb {

// One step of SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014) on `state`: the project's one seeded generator, also used to seed
// larger generators (the demo's xoshiro256**).
inline std::uint64_t splitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// The project's seeded random numbers: SplitMix64 with range mappings written here, so a seed
// gives the same sequence on every platform, compiler and standard library (the std::
// distributions do not promise that).
class SeededRandom {
public:
    explicit SeededRandom(std::uint64_t seed) : state_(seed) {}

    std::uint64_t next() { return splitMix64(state_); }

    // Uniform in [0, 1) from the top 53 bits.
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

    // Uniform integer in [0, bound) without modulo bias: draws in the short tail at the top of
    // the range are drawn again. 0 for bound 0.
    std::uint64_t below(std::uint64_t bound) {
        if (bound == 0)
            return 0;
        const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % bound);
        std::uint64_t value = next();
        while (value >= limit)
            value = next();
        return value % bound;
    }

    // Uniform integer in [0, bound), bound > 0, without modulo bias by the other rejection: draws
    // below 2^64 mod bound are drawn again. The layout optimiser's and the QAP search's stream;
    // kept apart from below() so their published results stay the same for a seed.
    std::uint64_t belowByThreshold(std::uint64_t bound) {
        const std::uint64_t threshold = (0 - bound) % bound;
        for (;;) {
            const std::uint64_t value = next();
            if (value >= threshold)
                return value % bound;
        }
    }

    // Uniform in [low, high], inclusive (belowByThreshold's stream).
    int between(int low, int high) {
        return low + static_cast<int>(belowByThreshold(static_cast<std::uint64_t>(high - low) + 1));
    }

private:
    std::uint64_t state_;
};

}  // namespace mb
