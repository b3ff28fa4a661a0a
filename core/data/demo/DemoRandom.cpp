#include "data/demo/DemoRandom.h"

#include "common/SeededRandom.h"
#include "data/demo/DemoMath.h"

#include <cmath>

namespace mb::data::demo {

namespace {

std::uint64_t rotateLeft(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

}  // namespace

DemoRandom::DemoRandom(std::uint64_t seed, Purpose purpose, std::uint64_t index) {
    std::uint64_t mix = seed;
    std::uint64_t key = splitMix64(mix);
    mix = key ^ (static_cast<std::uint64_t>(purpose) * 0xD1B54A32D192ED03ull);
    key = splitMix64(mix);
    mix = key ^ (index * 0x8CB92BA72F3D8DD7ull);
    for (auto& word : state_) {
        word = splitMix64(mix);
    }
}

std::uint64_t DemoRandom::next() {
    const std::uint64_t result = rotateLeft(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotateLeft(state_[3], 45);
    return result;
}

double DemoRandom::uniform() {
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double DemoRandom::uniform(double low, double high) {
    return low + (high - low) * uniform();
}

int DemoRandom::below(int count) {
    if (count <= 1)
        return 0;
    return static_cast<int>((next() >> 32) * static_cast<std::uint64_t>(count) >> 32);
}

bool DemoRandom::chance(double probability) {
    return uniform() < probability;
}

double DemoRandom::normal() {
    // Marsaglia's polar method: two normals per accepted pair, the second kept for the next call.
    if (hasSpareNormal_) {
        hasSpareNormal_ = false;
        return spareNormal_;
    }
    double u = 0.0;
    double v = 0.0;
    double s = 0.0;
    do {
        u = 2.0 * uniform() - 1.0;
        v = 2.0 * uniform() - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * portableLog(s) / s);
    spareNormal_ = v * factor;
    hasSpareNormal_ = true;
    return u * factor;
}

long long DemoRandom::poisson(double mean) {
    if (!(mean > 0.0))
        return 0;
    return mean < 10.0 ? poissonByProducts(mean) : poissonByRejection(mean);
}

long long DemoRandom::poissonByProducts(double mean) {
    // Knuth: count uniforms until their product drops below exp(-mean).
    const double limit = portableExp(-mean);
    long long count = 0;
    double product = uniform();
    while (product > limit) {
        ++count;
        product *= uniform();
    }
    return count;
}

long long DemoRandom::poissonByRejection(double mean) {
    // PTRS, the transformed rejection with squeeze of Hoermann (1993), "The transformed
    // rejection method for generating Poisson random variables", for means of 10 and above.
    const double root = std::sqrt(mean);
    const double b = 0.931 + 2.53 * root;
    const double a = -0.059 + 0.02483 * b;
    const double inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
    const double vr = 0.9277 - 3.6224 / (b - 2.0);
    const double logMean = portableLog(mean);
    for (;;) {
        const double u = uniform() - 0.5;
        const double v = uniform();
        const double us = 0.5 - std::fabs(u);
        const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= vr)
            return static_cast<long long>(k);
        if (k < 0.0 || (us < 0.013 && v > us))
            continue;
        const double left = portableLog(v * inverseAlpha / (a / (us * us) + b));
        const double right = -mean + k * logMean - logFactorial(static_cast<long long>(k));
        if (left <= right)
            return static_cast<long long>(k);
    }
}

}  // namespace mb::data::demo
