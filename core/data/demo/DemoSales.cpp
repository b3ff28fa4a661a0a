#include "data/demo/CsvSink.h"
#include "data/demo/DemoMath.h"
#include "data/demo/DemoParts.h"
#include "data/demo/DemoRandom.h"

#include <cmath>

namespace mb::data::demo {

namespace {

double cents(double value) {
    return static_cast<double>(std::llround(value * 100.0)) / 100.0;
}

// Most weeks sell at the regular price, where the logarithm is exactly 0.
double logRatio(double price, double regularPrice) {
    return price == regularPrice ? 0.0 : portableLog(price / regularPrice);
}

// A store's running temporary price reduction of one product.
struct PromoState {
    int weeksLeft = 0;
    double depth = 0.0;
    bool feature = false;
    bool display = false;
};

struct WeekPrice {
    double price = 0.0;
    bool feature = false;
    bool display = false;
    bool tpr = false;
    int age = 0;  // weeks since launch, 0 for always-ranged products
};

WeekPrice promotedPrice(const Product& product, PromoState& promo, DemoRandom& random) {
    WeekPrice week;
    week.price = product.regularPrice;
    if (promo.weeksLeft == 0 && random.chance(kPromoStartChance)) {
        promo.weeksLeft = random.chance(kPromoSecondWeekChance) ? 2 : 1;
        promo.depth = random.uniform(kPromoDepthLow, kPromoDepthHigh);
        promo.feature = random.chance(kPromoFeatureChance);
        promo.display = random.chance(kPromoDisplayChance);
    }
    if (promo.weeksLeft > 0) {
        --promo.weeksLeft;
        week.price = cents(product.regularPrice * (1.0 - promo.depth));
        week.tpr = true;
        week.feature = promo.feature;
        week.display = promo.display;
    } else {
        week.display = random.chance(kDisplayOnlyChance);
    }
    return week;
}

// The ladder of one product in one store for one season is drawn from its own stream, so it
// does not depend on anything else the store did.
int ladderFor(quint64 seed, int store, int product, int launchWeek) {
    const auto key =
        (static_cast<std::uint64_t>(store) * 64 + static_cast<std::uint64_t>(product)) * 256 +
        static_cast<std::uint64_t>(launchWeek + 128);
    return DemoRandom(seed, Purpose::Markdown, key)
        .below(static_cast<int>(kMarkdownLadders.size()));
}

WeekPrice clearancePrice(quint64 seed, int store, int productIndex, const Product& product,
                         int week) {
    const ProgrammePlan plan = programmePlan(product.programme);
    WeekPrice result;
    result.price = product.regularPrice;
    result.age = (seasonWeekOf(week) - plan.launchWeek + kSeasonWeeks) % kSeasonWeeks;
    const int clearanceWeek = result.age - plan.clearanceAge();
    if (clearanceWeek >= 0) {
        const int ladder = ladderFor(seed, store, productIndex, week - result.age);
        const double ratio = kMarkdownLadders[ladder][clearanceStep(clearanceWeek)];
        result.price = cents(product.regularPrice * ratio);
    }
    return result;
}

}  // namespace

void writeProducts(DemoContext& context) {
    CsvSink sink(context.pathFor(QStringLiteral("products")));
    sink.text("product").text("name").text("category").text("subcategory").text("brand");
    sink.text("unit_cost").text("regular_price").endRow();
    for (const Product& product : context.catalogue.products) {
        sink.text(product.id).text(product.name);
        sink.text(context.catalogue.categories[product.category].name);
        sink.text(product.subcategory).text(product.brand);
        sink.fixed(product.unitCost, 2).fixed(product.regularPrice, 2).endRow();
    }
    sink.commit();
}

void writeStores(DemoContext& context) {
    CsvSink sink(context.pathFor(QStringLiteral("stores")));
    sink.text("store").text("name").text("region").text("cluster").text("area").endRow();
    for (int s = 0; s < context.size.stores; ++s) {
        const Store store = buildStore(context.seed, s);
        sink.text(store.id).text(store.name).text(regionName(store.region));
        sink.text(clusterName(store.cluster)).fixed(store.area, 0).endRow();
    }
    sink.commit();
}

void writeSales(DemoContext& context, double from, double to) {
    const Catalogue& catalogue = context.catalogue;
    CsvSink sink(context.pathFor(QStringLiteral("sales")));
    sink.text("week").text("store").text("product").text("units").text("revenue").text("price");
    sink.text("regular_price").text("feature").text("display").text("tpr").endRow();
    std::vector<std::string> weeks;
    weeks.reserve(kHistoryWeeks);
    for (int week = 0; week < kHistoryWeeks; ++week) {
        weeks.push_back(weekDate(week));
    }
    const int productCount = static_cast<int>(catalogue.products.size());
    for (int s = 0; s < context.size.stores; ++s) {
        const Store store = buildStore(context.seed, s);
        DemoRandom random(context.seed, Purpose::StoreSales, static_cast<std::uint64_t>(s));
        std::vector<PromoState> promos(catalogue.products.size());
        for (int week = 0; week < kHistoryWeeks; ++week) {
            const int seasonWeek = seasonWeekOf(week);
            for (int p = 0; p < productCount; ++p) {
                const Product& product = catalogue.products[p];
                if (!carries(store, product) || !onRange(product, seasonWeek))
                    continue;
                const Category& category = catalogue.categories[product.category];
                const WeekPrice price = product.programme == Programme::Always
                                            ? promotedPrice(product, promos[p], random)
                                            : clearancePrice(context.seed, s, p, product, week);
                const double logMean =
                    product.baseLogUnits + store.effect +
                    catalogue.seasonLog[product.category][seasonWeek] +
                    product.elasticity * logRatio(price.price, product.regularPrice) +
                    (price.feature ? kFeatureLift : 0.0) + (price.display ? kDisplayLift : 0.0) +
                    (price.tpr ? kTprLift : 0.0) - category.lifecycleDecay * price.age +
                    kNoiseSd * random.normal();
                const long long units = random.poisson(portableExp(logMean));
                sink.text(weeks[week]).text(store.id).text(product.id).integer(units);
                sink.fixed(static_cast<double>(units) * price.price, 2).fixed(price.price, 2);
                sink.fixed(product.regularPrice, 2).flag(price.feature).flag(price.display);
                sink.flag(price.tpr).endRow();
            }
        }
        context.report(from + (to - from) * (s + 1) / context.size.stores);
    }
    context.salesRows = sink.rows() - 1;
    sink.commit();
}

void writeInventory(DemoContext& context) {
    const Catalogue& catalogue = context.catalogue;
    CsvSink sink(context.pathFor(QStringLiteral("inventory")));
    sink.text("store").text("product").text("date").text("on_hand").endRow();
    const std::string date = weekDate(kHistoryWeeks);
    const int clearanceSeasonWeek = seasonWeekOf(kHistoryWeeks);
    for (int s = 0; s < context.size.stores; ++s) {
        const Store store = buildStore(context.seed, s);
        DemoRandom random(context.seed, Purpose::Inventory, static_cast<std::uint64_t>(s));
        for (const Product& product : catalogue.products) {
            if (!carries(store, product))
                continue;
            const ProgrammePlan plan = programmePlan(product.programme);
            if (product.programme == Programme::Always || plan.clearanceWeek != clearanceSeasonWeek)
                continue;
            // Full-price demand over the clearance weeks, the mean of the sales model.
            const Category& category = catalogue.categories[product.category];
            double fullPriceUnits = 0.0;
            for (int c = 0; c < kClearanceWeeks; ++c) {
                const int seasonWeek = (plan.clearanceWeek + c) % kSeasonWeeks;
                fullPriceUnits += portableExp(product.baseLogUnits + store.effect +
                                              catalogue.seasonLog[product.category][seasonWeek] -
                                              category.lifecycleDecay * (plan.clearanceAge() + c) +
                                              kNoiseSd * kNoiseSd / 2.0);
            }
            const double cover = random.uniform(kStockCoverLow, kStockCoverHigh);
            sink.text(store.id).text(product.id).text(date);
            sink.integer(std::llround(fullPriceUnits * cover)).endRow();
        }
    }
    sink.commit();
}

}  // namespace mb::data::demo
