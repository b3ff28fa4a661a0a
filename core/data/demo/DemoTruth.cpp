#include "common/Error.h"
#include "data/demo/DemoFloor.h"
#include "data/demo/DemoLayouts.h"
#include "data/demo/DemoParts.h"
#include "data/demo/DemoShoppers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <algorithm>
#include <cmath>
#include <vector>

namespace mb::data::demo {

namespace {

QString text(const std::string& value) {
    return QString::fromStdString(value);
}
QString text(const char* value) {
    return QString::fromLatin1(value);
}

QJsonObject demandTruth(const DemoContext& context) {
    QJsonObject demand;
    demand[QStringLiteral("model")] = QStringLiteral(
        "units ~ Poisson(exp(base_log_units + store_effect + season[category][season_week] + "
        "elasticity*log(price/regular_price) + feature_lift*feature + display_lift*display + "
        "tpr_lift*tpr - lifecycle_decay*weeks_since_launch + noise)), noise ~ Normal(0, noise_sd)");
    demand[QStringLiteral("feature_lift")] = kFeatureLift;
    demand[QStringLiteral("display_lift")] = kDisplayLift;
    demand[QStringLiteral("tpr_lift")] = kTprLift;
    demand[QStringLiteral("noise_sd")] = kNoiseSd;
    demand[QStringLiteral("season_week")] = QStringLiteral(
        "(30 + weeks since 2022-08-01) mod 52, i.e. ISO week number - 1 in 2022-2024");
    demand[QStringLiteral("season")] = QStringLiteral(
        "season_amplitude * cos(2*pi*(season_week - season_peak_week)/52), on the log scale");
    demand[QStringLiteral("promotions")] = QJsonObject{
        {QStringLiteral("start_chance_per_week"), kPromoStartChance},
        {QStringLiteral("second_week_chance"), kPromoSecondWeekChance},
        {QStringLiteral("depth_low"), kPromoDepthLow},
        {QStringLiteral("depth_high"), kPromoDepthHigh},
        {QStringLiteral("feature_chance"), kPromoFeatureChance},
        {QStringLiteral("display_chance"), kPromoDisplayChance},
        {QStringLiteral("display_only_chance"), kDisplayOnlyChance},
        {QStringLiteral("applies_to"), QStringLiteral("always-ranged products, drawn per store")}};
    QJsonArray ladders;
    for (std::size_t i = 0; i < kMarkdownLadders.size(); ++i) {
        ladders.append(QJsonObject{
            {QStringLiteral("name"), text(kMarkdownLadderNames[i])},
            {QStringLiteral("price_ratios"),
             QJsonArray{kMarkdownLadders[i][0], kMarkdownLadders[i][1], kMarkdownLadders[i][2]}}});
    }
    demand[QStringLiteral("markdown")] = QJsonObject{
        {QStringLiteral("clearance_weeks"), kClearanceWeeks},
        {QStringLiteral("step_weeks"), QJsonArray{3, 3, 2}},
        {QStringLiteral("ladders"), ladders},
        {QStringLiteral("ladder_choice"),
         QStringLiteral("uniform per product, store and season; tpr = 0 in markdown weeks")}};
    QJsonObject programmes;
    for (Programme programme : {Programme::Summer, Programme::Winter}) {
        const ProgrammePlan plan = programmePlan(programme);
        programmes[text(programmeName(programme))] =
            QJsonObject{{QStringLiteral("launch_season_week"), plan.launchWeek},
                        {QStringLiteral("clearance_season_week"), plan.clearanceWeek},
                        {QStringLiteral("exit_season_week"), plan.exitWeek}};
    }
    demand[QStringLiteral("programmes")] = programmes;

    QJsonArray categories;
    for (int c = 0; c < kCategoryCount; ++c) {
        const Category& category = context.catalogue.categories[c];
        QJsonArray season;
        for (double value : context.catalogue.seasonLog[c]) {
            season.append(static_cast<double>(std::llround(value * 1e6)) / 1e6);
        }
        categories.append(
            QJsonObject{{QStringLiteral("category"), text(category.name)},
                        {QStringLiteral("elasticity_mean"), category.elasticityMean},
                        {QStringLiteral("season_amplitude"), category.seasonAmplitude},
                        {QStringLiteral("season_peak_week"), category.seasonPeakWeek},
                        {QStringLiteral("season_by_week"), season},
                        {QStringLiteral("base_units"), category.baseUnits},
                        {QStringLiteral("lifecycle_decay"), category.lifecycleDecay},
                        {QStringLiteral("basket_chance"), category.basketChance}});
    }
    demand[QStringLiteral("categories")] = categories;

    QJsonArray products;
    for (const Product& product : context.catalogue.products) {
        static constexpr std::array<const char*, 3> tiers{"core", "standard", "extended"};
        products.append(QJsonObject{
            {QStringLiteral("product"), text(product.id)},
            {QStringLiteral("category"), text(context.catalogue.categories[product.category].name)},
            {QStringLiteral("elasticity"), product.elasticity},
            {QStringLiteral("base_log_units"), product.baseLogUnits},
            {QStringLiteral("regular_price"), product.regularPrice},
            {QStringLiteral("unit_cost"), product.unitCost},
            {QStringLiteral("range_tier"), text(tiers[static_cast<std::size_t>(product.tier)])},
            {QStringLiteral("programme"), text(programmeName(product.programme))}});
    }
    demand[QStringLiteral("products")] = products;

    QJsonArray stores;
    for (int s = 0; s < context.size.stores; ++s) {
        const Store store = buildStore(context.seed, s);
        stores.append(QJsonObject{{QStringLiteral("store"), text(store.id)},
                                  {QStringLiteral("format"), text(storeFormatName(store.format))},
                                  {QStringLiteral("cluster"), text(clusterName(store.cluster))},
                                  {QStringLiteral("effect"), store.effect}});
    }
    demand[QStringLiteral("stores")] = stores;
    demand[QStringLiteral("store_effect")] = QStringLiteral(
        "format (small -0.35, medium 0, large +0.30) + cluster (urban +0.10, suburban 0, rural "
        "-0.15) + Normal(0, 0.08); small stores sell core products, medium core and standard, "
        "large all");
    return demand;
}

double rounded(double value) {
    return static_cast<double>(std::llround(value * 1e4)) / 1e4;
}

// The basket mixes of every store before and from its change; the eight basket weeks split
// evenly around the change day and stores are drawn uniformly, so the pooled chances are means.
std::vector<std::array<BasketMix, 2>> storeMixes(const DemoContext& context) {
    std::vector<std::array<BasketMix, 2>> mixes;
    for (int s = 0; s < context.size.stores; ++s) {
        const StoreLayout layout = storeLayout(context.seed, s);
        mixes.push_back({basketMix(context.catalogue, layout.before),
                         basketMix(context.catalogue, layout.after)});
    }
    return mixes;
}

double pooledLift(const std::vector<std::array<BasketMix, 2>>& mixes, int a, int b) {
    double both = 0.0, first = 0.0, second = 0.0;
    for (const auto& periods : mixes) {
        for (const BasketMix& mix : periods) {
            both += mix.pair[std::min(a, b)][std::max(a, b)];
            first += mix.share[a];
            second += mix.share[b];
        }
    }
    const double n = 2.0 * static_cast<double>(mixes.size());
    return both * n / (first * second);
}

QJsonObject basketTruth(const DemoContext& context) {
    const auto mixes = storeMixes(context);
    QJsonArray pairs;
    for (const AffinityPair& pair : affinityPairs()) {
        pairs.append(QJsonObject{
            {QStringLiteral("category_a"), text(context.catalogue.categories[pair.first].name)},
            {QStringLiteral("category_b"), text(context.catalogue.categories[pair.second].name)},
            {QStringLiteral("pair_weight"), kPlantedPairWeight},
            {QStringLiteral("expected_lift"),
             rounded(pooledLift(mixes, pair.first, pair.second))}});
    }
    double otherHighest = 0.0;
    for (int a = 0; a < kCategoryCount; ++a)
        for (int b = a + 1; b < kCategoryCount; ++b)
            if (pairWeight(a, b) == 1.0)
                otherHighest = std::max(otherHighest, pooledLift(mixes, a, b));
    return QJsonObject{
        {QStringLiteral("baskets"), context.size.baskets},
        {QStringLiteral("model"),
         QStringLiteral("one or two categories per basket, drawn from the store's basket mix on "
                        "the basket's day (layout_effect); 1-2 products per category; "
                        "quantity 1 + Poisson(0.4); regular prices; 80% of baskets name a "
                        "customer; stores uniform; the last 8 weeks of history, 08:00-20:59")},
        {QStringLiteral("pairs"), pairs},
        {QStringLiteral("other_pairs_highest_expected_lift"), rounded(otherHighest)}};
}

QJsonObject placementJson(const DemoContext& context, const Placement& placement) {
    QJsonObject zonesByCategory;
    for (int c = 0; c < kCategoryCount; ++c)
        zonesByCategory[text(context.catalogue.categories[c].name)] =
            text(zones()[placement[c]].id);
    return zonesByCategory;
}

QJsonObject layoutEffectTruth(const DemoContext& context) {
    const auto mixes = storeMixes(context);
    QJsonArray stores;
    QJsonArray changing;
    double before = 0.0, after = 0.0;
    for (int s = 0; s < context.size.stores; ++s) {
        const StoreLayout layout = storeLayout(context.seed, s);
        const QString id = text(buildStore(context.seed, s).id);
        QJsonObject store{
            {QStringLiteral("store"), id},
            {QStringLiteral("placement"), placementJson(context, layout.before)},
            {QStringLiteral("cross_category_share"), rounded(mixes[s][0].crossCategoryShare())}};
        if (layout.changes) {
            changing.append(id);
            QJsonArray moved;
            for (int c : movedCategories(layout))
                moved.append(text(context.catalogue.categories[c].name));
            store[QStringLiteral("moved")] = moved;
            store[QStringLiteral("placement_after")] = placementJson(context, layout.after);
            store[QStringLiteral("cross_category_share_after")] =
                rounded(mixes[s][1].crossCategoryShare());
            before += mixes[s][0].crossCategoryShare();
            after += mixes[s][1].crossCategoryShare();
        }
        stores.append(store);
    }
    return QJsonObject{
        {QStringLiteral("model"),
         QStringLiteral("P(b in basket | a in basket) = pair_propensity * basket_chance[b] * "
                        "pair_weight[a,b] * rate_ratio_per_10m^(-(d_ab - reference_distance_m) / "
                        "10), d_ab the shortest walk (m) between the zones of a and b in the "
                        "basket's store on its day; a basket holds one or two categories; "
                        "P(c in basket) = k * basket_chance[c], k normalising (DemoLayouts.h)")},
        {QStringLiteral("rate_ratio_per_10m"), kAttachRateRatioPer10m},
        {QStringLiteral("reference_distance_m"), kReferenceDistance},
        {QStringLiteral("pair_propensity"), kPairPropensity},
        {QStringLiteral("planted_pair_weight"), kPlantedPairWeight},
        {QStringLiteral("change_date"), text(dayDate(kLayoutChangeDay))},
        {QStringLiteral("changing_stores"), changing},
        {QStringLiteral("change_rule"),
         QStringLiteral("bakery moves to the department zone nearest dairy, then home to the one "
                        "nearest seasonal; a category already there takes the mover's old zone")},
        {QStringLiteral("changed_stores_cross_category_share_change"),
         before > 0.0 ? rounded(after / before - 1.0) : 0.0},
        {QStringLiteral("stores"), stores}};
}

QJsonObject campaignTruth(const DemoContext& context) {
    QJsonObject uplift;
    for (int s = 0; s < kSegmentCount; ++s) {
        QJsonObject arms;
        for (int a = 1; a < kArmCount; ++a) {
            arms[text(kArmNames[a])] = kPurchaseUplift[s][a];
        }
        uplift[text(kSegmentNames[s])] = arms;
    }
    QJsonObject shares;
    for (int s = 0; s < kSegmentCount; ++s) {
        shares[text(kSegmentNames[s])] = kSegmentShares[s];
    }
    return QJsonObject{
        {QStringLiteral("customers"), context.size.customers},
        {QStringLiteral("segment_shares"), shares},
        {QStringLiteral("consent_offers_share"), kConsentOffersChance},
        {QStringLiteral("consent_email_share"), kConsentEmailChance},
        {QStringLiteral("population"), QStringLiteral("customers with consent_offers = 1")},
        {QStringLiteral("arms"),
         QJsonArray{text(kArmNames[0]), text(kArmNames[1]), text(kArmNames[2])}},
        {QStringLiteral("assignment"), QStringLiteral("uniform at random, one third per arm")},
        {QStringLiteral("purchase_uplift"), uplift},
        {QStringLiteral("baseline_purchase"),
         QStringLiteral("0.15 + 0.45 * logistic(-0.2 + 0.6*log(frequency/24) - 0.004*recency_days "
                        "+ 0.3*email_engaged)")},
        {QStringLiteral("visit"),
         QStringLiteral("purchase or a further 25% chance, so visit uplift = 0.75 * purchase "
                        "uplift")},
        {QStringLiteral("spend"),
         QStringLiteral("monetary * LogNormal with mean 1 (sd 0.30 on the log scale) when "
                        "purchase = 1, else 0, so spend uplift = purchase uplift * monetary")},
        {QStringLiteral("campaign_start"), QStringLiteral("2024-05-13")}};
}

QJsonObject floorTruth(const DemoContext& context) {
    QJsonObject layout;
    for (int c = 0; c < kCategoryCount; ++c) {
        layout[text(context.catalogue.categories[c].name)] = text(zones()[categoryZones()[c]].id);
    }
    QJsonArray hours;
    for (double weight : arrivalHourWeights()) {
        hours.append(weight);
    }
    QJsonArray days;
    for (double weight : arrivalDayWeights()) {
        days.append(weight);
    }
    return QJsonObject{
        {QStringLiteral("store"), QStringLiteral("S0001")},
        {QStringLiteral("layout"), layout},
        {QStringLiteral("cell_metres"), QJsonArray{kCellWidth, kCellDepth}},
        {QStringLiteral("walls"), QStringLiteral("no link between Z15 and Z16")},
        {QStringLiteral("shoppers_per_hour"), kShoppersPerHour},
        {QStringLiteral("arrival_hour_weights_from_08"), hours},
        {QStringLiteral("arrival_day_weights_from_monday"), days},
        {QStringLiteral("tracked_shopper_share"), kTrackedShopperChance},
        {QStringLiteral("walking_speed"), kWalkingSpeed},
        {QStringLiteral("shopper_model"),
         QStringLiteral("categories drawn with each category's basket_chance and each planted "
                        "pair's bundle_chance (0.15, 0.15, 0.05), empty lists drawn again; walk "
                        "from the entrance to the nearest "
                        "listed zone by shortest walk, then to the checkout; stay 60-180 s in a "
                        "listed zone, 8-20 s passing, 10 s entrance, 90-240 s checkout; "
                        "dwell_seconds = mean of stay + walk to the next zone")},
        {QStringLiteral("days"), QStringLiteral("2024-07-15 to 2024-07-28")}};
}

}  // namespace

void writeTruth(DemoContext& context, const QString& path) {
    QJsonObject root;
    root[QStringLiteral("generator")] = QStringLiteral("merchbench demo retailer (synthetic)");
    root[QStringLiteral("version")] = 1;
    root[QStringLiteral("seed")] = QString::number(context.seed);
    root[QStringLiteral("scale")] = context.scale;
    root[QStringLiteral("stores")] = context.size.stores;
    root[QStringLiteral("first_week")] = QString::fromStdString(weekDate(0));
    root[QStringLiteral("weeks")] = kHistoryWeeks;
    root[QStringLiteral("sales_rows")] = static_cast<double>(context.salesRows);
    root[QStringLiteral("demand")] = demandTruth(context);
    root[QStringLiteral("inventory")] = QJsonObject{
        {QStringLiteral("date"), QString::fromStdString(weekDate(kHistoryWeeks))},
        {QStringLiteral("products"), QStringLiteral("summer programme (seasonal and summer "
                                                    "apparel) in every store that ranges them")},
        {QStringLiteral("on_hand"),
         QStringLiteral("round(full-price expected units over the 8 clearance weeks * cover)")},
        {QStringLiteral("cover_low"), kStockCoverLow},
        {QStringLiteral("cover_high"), kStockCoverHigh}};
    root[QStringLiteral("baskets")] = basketTruth(context);
    root[QStringLiteral("campaign")] = campaignTruth(context);
    root[QStringLiteral("floor")] = floorTruth(context);
    root[QStringLiteral("layout_effect")] = layoutEffectTruth(context);

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0 || !file.flush() ||
        !file.commit()) {
        throw Error(QStringLiteral("%1: cannot write: %2").arg(path, file.errorString()));
    }
}

}  // namespace mb::data::demo
