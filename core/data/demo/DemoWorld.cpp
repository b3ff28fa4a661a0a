#include "data/demo/DemoWorld.h"
#include "data/demo/DemoText.h"

#include "data/demo/DemoMath.h"
#include "data/demo/DemoRandom.h"

#include <QDate>
#include <algorithm>
#include <cmath>

namespace mb::data::demo {

namespace {

double roundTo(double value, int decimals) {
    const double scale = decimals == 2 ? 100.0 : 1000.0;
    return static_cast<double>(std::llround(value * scale)) / scale;
}

// Shelf prices end in .49 or .99, as most grocers' do.
double shelfPrice(double value) {
    return std::max(0.5, std::floor(value * 2.0 + 0.5) / 2.0) - 0.01;
}

struct ProductSeed {
    const char* name;
    const char* subcategory;
    const char* brand;
    Programme programme;
};

// clang-format off
const std::array<Category, kCategoryCount> kCategories{{
    // name        elasticity  amplitude  peak  units  price range    decay  basket chance
    {"produce",    -1.2,       0.15,      28,   35.0,  0.8,  4.0,     0.0,   0.45},
    {"dairy",      -1.0,       0.05,      50,   30.0,  1.0,  5.0,     0.0,   0.12},
    {"bakery",     -1.4,       0.10,      51,   18.0,  1.0,  4.0,     0.0,   0.12},
    {"beverages",  -2.0,       0.35,      28,   22.0,  1.0,  6.0,     0.0,   0.12},
    {"snacks",     -2.4,       0.20,      51,   16.0,  1.0,  4.0,     0.0,   0.12},
    {"apparel",    -2.6,       0.25,      47,    6.0, 12.0, 60.0,     0.025, 0.06},
    {"home",       -1.8,       0.15,      46,    4.0,  5.0, 40.0,     0.0,   0.08},
    {"seasonal",   -3.0,       0.40,      22,    9.0,  8.0, 50.0,     0.030, 0.06},
}};

constexpr Programme A = Programme::Always;
constexpr Programme S = Programme::Summer;
constexpr Programme W = Programme::Winter;
const std::array<std::array<ProductSeed, kProductsPerCategory>, kCategoryCount> kProductSeeds{{
    {{{"Gala apples 1kg", "fruit", "Harvest Lane", A},
      {"Bananas loose", "fruit", "Harvest Lane", A},
      {"Vine tomatoes 500g", "vegetables", "Green Valley", A},
      {"Baby spinach 200g", "vegetables", "Green Valley", A},
      {"Strawberries 400g", "fruit", "Harvest Lane", A}}},
    {{{"Semi-skimmed milk 2l", "milk", "Meadow Farm", A},
      {"Greek yogurt 500g", "yogurt", "Meadow Farm", A},
      {"Mature cheddar 400g", "cheese", "Old Dairy", A},
      {"Salted butter 250g", "butter", "Old Dairy", A},
      {"Free range eggs x12", "eggs", "Meadow Farm", A}}},
    {{{"White sliced loaf 800g", "bread", "Daily Bake", A},
      {"Sourdough bloomer", "bread", "Stone Oven", A},
      {"Butter croissants x4", "pastries", "Stone Oven", A},
      {"Wholemeal rolls x6", "bread", "Daily Bake", A},
      {"Blueberry muffins x4", "cakes", "Daily Bake", A}}},
    {{{"Sparkling water 6x1l", "water", "Clear Spring", A},
      {"Orange juice 1l", "juice", "Sunny Grove", A},
      {"Cola 2l", "soft drinks", "Fizz Co", A},
      {"Ground coffee 227g", "hot drinks", "Roast House", A},
      {"Lager 12x440ml", "beer", "Brewers Yard", A}}},
    {{{"Sea salt crisps 150g", "crisps", "Crunch Co", A},
      {"Tortilla chips 200g", "crisps", "Crunch Co", A},
      {"Milk chocolate bar 200g", "confectionery", "Cocoa Lane", A},
      {"Salted peanuts 300g", "nuts", "Nut House", A},
      {"Popcorn sharing bag", "popcorn", "Crunch Co", A}}},
    {{{"Linen shirt", "tops", "Northline", S},
      {"Cotton shorts", "bottoms", "Northline", S},
      {"Summer dress", "dresses", "Bloom", S},
      {"Wool jumper", "knitwear", "Northline", W},
      {"Padded jacket", "outerwear", "Bloom", W}}},
    {{{"Bath towel", "textiles", "Casa", A},
      {"Scented candle", "decor", "Casa", A},
      {"Storage box 30l", "storage", "Tidy", A},
      {"Non-stick frying pan", "cookware", "Chef Pro", A},
      {"Cushion cover", "textiles", "Casa", A}}},
    {{{"Charcoal grill", "barbecue", "Sunny Days", S},
      {"Garden parasol", "garden", "Sunny Days", S},
      {"Paddling pool", "outdoor toys", "Splash", S},
      {"Folding deck chair", "garden", "Sunny Days", S},
      {"Citronella torches x4", "garden", "Glow", S}}},
}};
// clang-format on

const std::array<const char*, 24> kTowns{
    "Ashford",  "Bramley",   "Carlton",  "Dunmore",  "Elmstead", "Fairview",
    "Glenrock", "Hartwell",  "Ivydale",  "Kingsway", "Larkhill", "Millbrook",
    "Northam",  "Oakridge",  "Pinewood", "Queensby", "Redcliff", "Stonebury",
    "Thornton", "Upperdale", "Westbay",  "Yarrow",   "Zennor",   "Alderton"};

// Formats repeat in this order, so scale 1 has three large, four medium and three small stores.
constexpr std::array<StoreFormat, 10> kFormatCycle{
    StoreFormat::Large,  StoreFormat::Medium, StoreFormat::Small,  StoreFormat::Medium,
    StoreFormat::Large,  StoreFormat::Small,  StoreFormat::Medium, StoreFormat::Small,
    StoreFormat::Medium, StoreFormat::Large};

}  // namespace

int clearanceStep(int clearanceWeek) {
    return clearanceWeek < 3 ? 0 : (clearanceWeek < 6 ? 1 : 2);
}

ProgrammePlan programmePlan(Programme programme) {
    switch (programme) {
        case Programme::Summer:
            return {10, 30, 38};
        case Programme::Winter:
            return {36, 0, 8};
        case Programme::Always:
            break;
    }
    return {0, 0, 0};
}

const char* programmeName(Programme programme) {
    switch (programme) {
        case Programme::Summer:
            return "summer";
        case Programme::Winter:
            return "winter";
        case Programme::Always:
            break;
    }
    return "always";
}

Catalogue buildCatalogue(quint64 seed) {
    Catalogue catalogue;
    catalogue.categories.assign(kCategories.begin(), kCategories.end());
    DemoRandom random(seed, Purpose::Catalogue);
    for (int c = 0; c < kCategoryCount; ++c) {
        const Category& category = catalogue.categories[c];
        for (int week = 0; week < kSeasonWeeks; ++week) {
            const double angle = 2.0 * kPi * (week - category.seasonPeakWeek) / kSeasonWeeks;
            catalogue.seasonLog[c][week] = category.seasonAmplitude * portableCos(angle);
        }
        for (int i = 0; i < kProductsPerCategory; ++i) {
            const ProductSeed& seedRow = kProductSeeds[c][i];
            Product product;
            const int number = c * kProductsPerCategory + i + 1;
            product.id = labelled("P", number, 3);
            product.name = seedRow.name;
            product.subcategory = seedRow.subcategory;
            product.brand = seedRow.brand;
            product.category = c;
            product.programme = seedRow.programme;
            // Seasonal products are never extended range, so every store can be cleared.
            product.tier = i < 2 ? 0 : (i < 4 || seedRow.programme != Programme::Always ? 1 : 2);
            const double elasticity = category.elasticityMean + random.uniform(-0.3, 0.3);
            product.elasticity = roundTo(std::clamp(elasticity, -3.5, -0.8), 3);
            product.baseLogUnits =
                roundTo(portableLog(category.baseUnits) + random.uniform(-0.4, 0.4), 3);
            product.regularPrice =
                shelfPrice(random.uniform(category.priceLow, category.priceHigh));
            product.unitCost = roundTo(product.regularPrice * random.uniform(0.45, 0.65), 2);
            catalogue.products.push_back(std::move(product));
        }
    }
    return catalogue;
}

const char* storeFormatName(StoreFormat format) {
    switch (format) {
        case StoreFormat::Small:
            return "small";
        case StoreFormat::Large:
            return "large";
        case StoreFormat::Medium:
            break;
    }
    return "medium";
}

double storeFormatEffect(StoreFormat format) {
    switch (format) {
        case StoreFormat::Small:
            return -0.35;
        case StoreFormat::Large:
            return 0.30;
        case StoreFormat::Medium:
            break;
    }
    return 0.0;
}

double clusterEffect(int cluster) {
    static constexpr std::array<double, 3> effects{0.10, 0.0, -0.15};
    return effects[static_cast<std::size_t>(cluster)];
}

const char* clusterName(int cluster) {
    static constexpr std::array<const char*, 3> names{"urban", "suburban", "rural"};
    return names[static_cast<std::size_t>(cluster)];
}

const char* regionName(int region) {
    static constexpr std::array<const char*, 3> names{"North", "Central", "South"};
    return names[static_cast<std::size_t>(region)];
}

Store buildStore(quint64 seed, int index) {
    DemoRandom random(seed, Purpose::Store, static_cast<std::uint64_t>(index));
    Store store;
    const int number = index + 1;
    store.id = labelled("S", number, 4);
    store.format = kFormatCycle[static_cast<std::size_t>(index) % kFormatCycle.size()];
    store.cluster = index % 3;
    store.region = random.below(3);
    const auto town = static_cast<std::size_t>(index) % kTowns.size();
    const auto round = static_cast<std::size_t>(index) / kTowns.size();
    static constexpr std::array<const char*, 3> formatWords{"Local", "Market", "Superstore"};
    store.name = std::string(kTowns[town]) + " " + formatWords[static_cast<int>(store.format)];
    if (round > 0)
        store.name += labelled(" ", static_cast<long long>(round) + 1);
    static constexpr std::array<std::array<double, 2>, 3> areas{
        {{400.0, 900.0}, {1500.0, 3000.0}, {4000.0, 7000.0}}};
    const auto& range = areas[static_cast<std::size_t>(store.format)];
    store.area = std::floor(random.uniform(range[0], range[1]));
    const double effect =
        storeFormatEffect(store.format) + clusterEffect(store.cluster) + 0.08 * random.normal();
    store.effect = roundTo(effect, 3);
    return store;
}

bool carries(const Store& store, const Product& product) {
    return product.tier <= static_cast<int>(store.format);
}

bool onRange(const Product& product, int seasonWeek) {
    if (product.programme == Programme::Always)
        return true;
    const ProgrammePlan plan = programmePlan(product.programme);
    const int age = (seasonWeek - plan.launchWeek + kSeasonWeeks) % kSeasonWeeks;
    return age < plan.length();
}

int seasonWeekOf(int week) {
    return (kSeasonWeekOfFirstWeek + week) % kSeasonWeeks;
}

DemoSize demoSize(double scale) {
    auto scaled = [scale](double base, int minimum) {
        return static_cast<int>(std::max<long long>(minimum, std::llround(base * scale)));
    };
    return {scaled(10.0, 1), scaled(2000.0, 20), scaled(10000.0, 20)};
}

std::string weekDate(int week) {
    return dayDate(7 * week);
}

std::string dayDate(int days) {
    return QDate(2022, 8, 1).addDays(days).toString(Qt::ISODate).toStdString();
}

const std::vector<AffinityPair>& affinityPairs() {
    // bakery with dairy, snacks with beverages, seasonal (garden, barbecue) with home.
    static const std::vector<AffinityPair> pairs{{2, 1, 0.15}, {4, 3, 0.15}, {7, 6, 0.05}};
    return pairs;
}

double nonEmptyChance(const Catalogue& catalogue) {
    std::array<bool, kCategoryCount> paired{};
    double emptyChance = 1.0;
    for (const AffinityPair& pair : affinityPairs()) {
        paired[pair.first] = paired[pair.second] = true;
        emptyChance *= 1.0 - pair.bundleChance;
    }
    for (int c = 0; c < kCategoryCount; ++c) {
        emptyChance *= 1.0 - catalogue.categories[c].basketChance;
    }
    return 1.0 - emptyChance;
}

double expectedLift(const Catalogue& catalogue, const AffinityPair& pair) {
    // Pairs share no category, so each pair is independent of the rest of the basket and
    // conditioning on a non-empty basket multiplies the lift by P(non-empty).
    const double first = catalogue.categories[pair.first].basketChance;
    const double second = catalogue.categories[pair.second].basketChance;
    const double q = pair.bundleChance;
    const double pFirst = 1.0 - (1.0 - first) * (1.0 - q);
    const double pSecond = 1.0 - (1.0 - second) * (1.0 - q);
    const double pBoth = q + (1.0 - q) * first * second;
    return pBoth / (pFirst * pSecond) * nonEmptyChance(catalogue);
}

}  // namespace mb::data::demo
