#pragma once

#include <cstdint>

namespace mb::data::demo {

// What a random stream is used for; each (seed, purpose, index) gives an independent stream, so
// adding stores at a larger scale never changes the rows of the stores that were already there.
enum class Purpose : std::uint64_t {
    Catalogue = 1,
    Store,
    StoreSales,
    Markdown,
    Inventory,
    Customer,
    Basket,
    Campaign,
    Offers,
    Floor,
    Layout,  // appended, so the streams above stay as they were
};

// xoshiro256** (Blackman and Vigna, 2018) seeded through splitmix64, with samplers written here
// because std:: distributions give different numbers with different standard libraries.
class DemoRandom {
public:
    DemoRandom(std::uint64_t seed, Purpose purpose, std::uint64_t index = 0);

    std::uint64_t next();
    double uniform();                         // [0, 1)
    double uniform(double low, double high);  // [low, high)
    int below(int count);                     // 0 .. count - 1
    bool chance(double probability);
    double normal();  // mean 0, standard deviation 1
    long long poisson(double mean);

private:
    long long poissonByProducts(double mean);
    long long poissonByRejection(double mean);

    std::uint64_t state_[4];
    double spareNormal_ = 0.0;
    bool hasSpareNormal_ = false;
};

}  // namespace mb::data::demo
