#pragma once

#include <QtGlobal>
#include <array>
#include <string>
#include <vector>

namespace mb::data::demo {

// The planted truth of the demo retailer: every number the generator draws from lives here or
// is drawn from these, and truth.json reports them all.

constexpr int kCategoryCount = 8;
constexpr int kProductsPerCategory = 5;
constexpr int kHistoryWeeks = 104;
constexpr int kSeasonWeekOfFirstWeek = 30;  // 2022-08-01 is ISO week 31, i.e. season week 30
constexpr int kSeasonWeeks = 52;

// Log-scale promotion lifts, added to log mean units when the flag is set.
constexpr double kFeatureLift = 0.35;
constexpr double kDisplayLift = 0.25;
constexpr double kTprLift = 0.10;
constexpr double kNoiseSd = 0.12;  // weekly log-normal demand noise on top of Poisson

// Store-level temporary price reductions of the always-ranged products.
constexpr double kPromoStartChance = 0.10;
constexpr double kPromoSecondWeekChance = 0.40;
constexpr double kPromoDepthLow = 0.08;
constexpr double kPromoDepthHigh = 0.40;
constexpr double kPromoFeatureChance = 0.45;
constexpr double kPromoDisplayChance = 0.35;
constexpr double kDisplayOnlyChance = 0.02;

// Markdown ladders (price / regular price) for the 3 + 3 + 2 clearance weeks of a season.
constexpr int kClearanceWeeks = 8;
constexpr std::array<std::array<double, 3>, 3> kMarkdownLadders{{
    {0.85, 0.70, 0.55},  // gentle
    {0.80, 0.60, 0.45},  // standard
    {0.70, 0.50, 0.35},  // deep
}};
constexpr std::array<const char*, 3> kMarkdownLadderNames{"gentle", "standard", "deep"};
int clearanceStep(int clearanceWeek);  // 0, 1 or 2

// Stock at the start of the clearance season covers this many times its full-price demand.
constexpr double kStockCoverLow = 1.3;
constexpr double kStockCoverHigh = 2.2;

enum class Programme { Always, Summer, Winter };  // when a product is on range

struct ProgrammePlan {
    int launchWeek = 0;     // season week the product arrives
    int clearanceWeek = 0;  // season week the markdown ladder starts
    int exitWeek = 0;       // season week it leaves the range
    int length() const { return (exitWeek - launchWeek + kSeasonWeeks) % kSeasonWeeks; }
    int clearanceAge() const { return (clearanceWeek - launchWeek + kSeasonWeeks) % kSeasonWeeks; }
};
ProgrammePlan programmePlan(Programme programme);
const char* programmeName(Programme programme);

struct Category {
    std::string name;
    double elasticityMean = -1.0;
    double seasonAmplitude = 0.0;  // log scale
    int seasonPeakWeek = 0;
    double baseUnits = 10.0;  // weekly units of a typical product in a medium store
    double priceLow = 1.0;
    double priceHigh = 5.0;
    double lifecycleDecay = 0.0;  // log units lost per week since launch
    double basketChance = 0.1;    // chance a basket holds the category (before affinity bundles)
};

struct Product {
    std::string id;
    std::string name;
    std::string subcategory;
    std::string brand;
    int category = 0;
    int tier = 0;  // 0 core (every store), 1 standard (medium and large), 2 extended (large)
    Programme programme = Programme::Always;
    double elasticity = -1.0;
    double baseLogUnits = 0.0;
    double regularPrice = 1.0;
    double unitCost = 0.5;
};

struct Catalogue {
    std::vector<Category> categories;
    std::vector<Product> products;
    std::array<std::array<double, kSeasonWeeks>, kCategoryCount> seasonLog{};
};
Catalogue buildCatalogue(quint64 seed);

enum class StoreFormat { Small, Medium, Large };
const char* storeFormatName(StoreFormat format);
double storeFormatEffect(StoreFormat format);
double clusterEffect(int cluster);
const char* clusterName(int cluster);
const char* regionName(int region);

struct Store {
    std::string id;
    std::string name;
    int region = 0;
    int cluster = 0;
    StoreFormat format = StoreFormat::Medium;
    double area = 0.0;
    double effect = 0.0;  // log scale, format + cluster + store noise
};
Store buildStore(quint64 seed, int index);
bool carries(const Store& store, const Product& product);
bool onRange(const Product& product, int seasonWeek);
int seasonWeekOf(int week);  // week = 0 .. kHistoryWeeks - 1 (or later)

// Counts that grow with --scale.
struct DemoSize {
    int stores = 10;
    int customers = 2000;
    int baskets = 10000;
};
DemoSize demoSize(double scale);

// ISO date of history week `week` (a Monday); week kHistoryWeeks is the first week after.
std::string weekDate(int week);
// ISO date `days` after the first history Monday.
std::string dayDate(int days);

// Category co-purchase: each category joins a basket with its own chance, and each planted pair
// also joins together as a bundle with its own chance; empty baskets are drawn again.
struct AffinityPair {
    int first = 0;
    int second = 0;
    double bundleChance = 0.0;
};
const std::vector<AffinityPair>& affinityPairs();
double nonEmptyChance(const Catalogue& catalogue);
double expectedLift(const Catalogue& catalogue, const AffinityPair& pair);

}  // namespace mb::data::demo
