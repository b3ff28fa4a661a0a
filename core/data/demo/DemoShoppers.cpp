#include "data/demo/DemoShoppers.h"
#include "data/demo/DemoText.h"

#include "data/demo/CsvSink.h"
#include "data/demo/DemoLayouts.h"
#include "data/demo/DemoMath.h"
#include "data/demo/DemoParts.h"
#include "data/demo/DemoRandom.h"

#include <algorithm>
#include <cmath>

namespace mb::data::demo {

namespace {

constexpr std::array<const char*, 3> kChannelNames{"store", "online", "app"};
constexpr std::array<double, kSegmentCount> kSegmentVisitsPerYear{18.0, 24.0, 30.0};
constexpr std::array<double, kSegmentCount> kSegmentBasketValue{28.0, 42.0, 75.0};

std::string padded(char prefix, int number, int width) {
    std::string digits = std::to_string(number);
    if (static_cast<int>(digits.size()) < width)
        digits.insert(0, width - digits.size(), '0');
    return prefix + digits;
}

int drawSegment(DemoRandom& random) {
    double u = random.uniform();
    for (int s = 0; s < kSegmentCount - 1; ++s) {
        if (u < kSegmentShares[s])
            return s;
        u -= kSegmentShares[s];
    }
    return kSegmentCount - 1;
}

// Basket hours open 08:00-21:00, busiest at lunch and after work.
constexpr std::array<double, 13> kHourWeights{0.5, 0.7, 0.9, 1.0, 1.3, 1.2, 0.9,
                                              0.9, 1.1, 1.5, 1.6, 1.2, 0.7};
constexpr int kOpeningHour = 8;
constexpr int kBasketDays = 56;  // the last eight weeks of history
constexpr double kIdentifiedBasketChance = 0.80;

int drawHour(DemoRandom& random) {
    double total = 0.0;
    for (double weight : kHourWeights) {
        total += weight;
    }
    double u = random.uniform() * total;
    for (std::size_t h = 0; h < kHourWeights.size(); ++h) {
        if (u < kHourWeights[h])
            return kOpeningHour + static_cast<int>(h);
        u -= kHourWeights[h];
    }
    return kOpeningHour + static_cast<int>(kHourWeights.size()) - 1;
}

std::string twoDigits(int value) {
    return labelled("", value, 2);
}

}  // namespace

std::string customerId(int index) {
    return padded('C', index + 1, 6);
}

Customer buildCustomer(quint64 seed, int index) {
    DemoRandom random(seed, Purpose::Customer, static_cast<std::uint64_t>(index));
    Customer customer;
    customer.id = customerId(index);
    customer.segment = drawSegment(random);
    customer.consentOffers = random.chance(kConsentOffersChance);
    customer.consentEmail = random.chance(kConsentEmailChance);
    customer.signupDay = kSignupFirstDay + random.below(kSignupLastDay - kSignupFirstDay + 1);
    customer.frequency =
        1 + static_cast<int>(random.poisson(kSegmentVisitsPerYear[customer.segment]));
    const double gap = -portableLog(1.0 - random.uniform()) * 365.0 / customer.frequency;
    customer.recencyDays = std::min(365, static_cast<int>(gap));
    customer.monetary = kSegmentBasketValue[customer.segment] * portableExp(0.35 * random.normal());
    customer.emailEngaged = customer.consentEmail && random.chance(0.5);
    const double u = random.uniform();
    customer.channel = u < 0.60 ? 0 : (u < 0.85 ? 1 : 2);
    return customer;
}

double baselinePurchaseChance(const Customer& customer) {
    const double score = -0.2 + 0.6 * portableLog(customer.frequency / 24.0) -
                         0.004 * customer.recencyDays + 0.3 * (customer.emailEngaged ? 1.0 : 0.0);
    return 0.15 + 0.45 / (1.0 + portableExp(-score));
}

void writeCustomers(DemoContext& context, double from, double to) {
    CsvSink sink(context.pathFor(QStringLiteral("customers")));
    sink.text("customer").text("segment").text("consent_offers").text("consent_email");
    sink.text("signup_date").endRow();
    const int count = context.size.customers;
    for (int i = 0; i < count; ++i) {
        const Customer customer = buildCustomer(context.seed, i);
        sink.text(customer.id).text(kSegmentNames[customer.segment]);
        sink.flag(customer.consentOffers).flag(customer.consentEmail);
        sink.text(dayDate(customer.signupDay)).endRow();
        if ((i + 1) % 20000 == 0)
            context.report(from + (to - from) * (i + 1) / count);
    }
    sink.commit();
    context.report(to);
}

void writeCampaign(DemoContext& context, double from, double to) {
    CsvSink sink(context.pathFor(QStringLiteral("campaign")));
    sink.text("arm").text("customer").text("visit").text("purchase").text("spend");
    sink.text("recency_days").text("frequency").text("monetary").text("tenure_days");
    sink.text("segment").text("email_engaged").text("channel").endRow();
    const int count = context.size.customers;
    for (int i = 0; i < count; ++i) {
        const Customer customer = buildCustomer(context.seed, i);
        // Only customers who agreed to offers could be in the campaign.
        if (!customer.consentOffers)
            continue;
        DemoRandom random(context.seed, Purpose::Campaign, static_cast<std::uint64_t>(i));
        const int arm = random.below(kArmCount);
        const double chance =
            baselinePurchaseChance(customer) + kPurchaseUplift[customer.segment][arm];
        const bool purchase = random.chance(chance);
        const bool visit = purchase || random.chance(kExtraVisitChance);
        // The log-normal's mean is 1, so the mean spend of a buyer is their monetary value.
        const double spread = portableExp(kSpendSd * random.normal() - kSpendSd * kSpendSd / 2.0);
        const double spend = purchase ? customer.monetary * spread : 0.0;
        sink.text(kArmNames[arm]).text(customer.id).flag(visit).flag(purchase).fixed(spend, 2);
        sink.integer(customer.recencyDays).integer(customer.frequency);
        sink.fixed(customer.monetary, 2).integer(kCampaignStartDay - customer.signupDay);
        sink.text(kSegmentNames[customer.segment]).flag(customer.emailEngaged);
        sink.text(kChannelNames[customer.channel]).endRow();
        if ((i + 1) % 20000 == 0)
            context.report(from + (to - from) * (i + 1) / count);
    }
    sink.commit();
    context.report(to);
}

void writeBaskets(DemoContext& context, double from, double to) {
    const Catalogue& catalogue = context.catalogue;
    CsvSink sink(context.pathFor(QStringLiteral("baskets")));
    sink.text("basket").text("product").text("customer").text("quantity").text("value");
    sink.text("price").text("time").text("store").endRow();
    // Products a store of each format sells in the basket weeks, by category.
    const int firstDay = 7 * kHistoryWeeks - kBasketDays;
    std::array<std::array<std::vector<int>, kCategoryCount>, 3> choices;
    for (int format = 0; format < 3; ++format) {
        Store probe;
        probe.format = static_cast<StoreFormat>(format);
        for (int p = 0; p < static_cast<int>(catalogue.products.size()); ++p) {
            const Product& product = catalogue.products[p];
            if (carries(probe, product) && onRange(product, seasonWeekOf(firstDay / 7)) &&
                onRange(product, seasonWeekOf(kHistoryWeeks - 1))) {
                choices[format][product.category].push_back(p);
            }
        }
    }
    // Basket stores are drawn at random, so their identity and format are looked up here.
    std::vector<std::pair<std::string, StoreFormat>> stores;
    // Each store's basket mix before and from its layout change (DemoLayouts.h).
    std::vector<std::array<BasketMix, 2>> mixes;
    for (int s = 0; s < context.size.stores; ++s) {
        Store store = buildStore(context.seed, s);
        stores.emplace_back(std::move(store.id), store.format);
        const StoreLayout layout = storeLayout(context.seed, s);
        mixes.push_back({basketMix(catalogue, layout.before), basketMix(catalogue, layout.after)});
    }
    std::vector<std::string> days;
    days.reserve(kBasketDays);
    for (int d = 0; d < kBasketDays; ++d) {
        days.push_back(dayDate(firstDay + d));
    }
    const int count = context.size.baskets;
    for (int b = 0; b < count; ++b) {
        DemoRandom random(context.seed, Purpose::Basket, static_cast<std::uint64_t>(b));
        const int storeIndex = random.below(context.size.stores);
        const auto& [storeId, storeFormat] = stores[static_cast<std::size_t>(storeIndex)];
        const bool identified = random.chance(kIdentifiedBasketChance);
        const int customer = random.below(context.size.customers);
        const int day = random.below(kBasketDays);
        const std::string time = days[day] + "T" + twoDigits(drawHour(random)) + ":" +
                                 twoDigits(random.below(60)) + ":" + twoDigits(random.below(60));
        const bool changed = firstDay + day >= kLayoutChangeDay;
        const std::array<int, 2> drawn =
            mixes[static_cast<std::size_t>(storeIndex)][changed ? 1 : 0].draw(random.uniform());
        std::array<bool, kCategoryCount> held{};
        for (int c : drawn)
            if (c >= 0)
                held[static_cast<std::size_t>(c)] = true;
        const std::string basketId = padded('B', b + 1, 7);
        for (int c = 0; c < kCategoryCount; ++c) {
            if (!held[c])
                continue;
            const std::vector<int>& options = choices[static_cast<int>(storeFormat)][c];
            const int first = options[random.below(static_cast<int>(options.size()))];
            const int second = options[random.below(static_cast<int>(options.size()))];
            const bool two = random.chance(0.3) && second != first;
            for (int product : two ? std::vector<int>{first, second} : std::vector<int>{first}) {
                const Product& item = catalogue.products[product];
                const long long quantity = 1 + random.poisson(0.4);
                sink.text(basketId).text(item.id);
                if (identified) {
                    sink.text(customerId(customer));
                } else {
                    sink.empty();
                }
                sink.integer(quantity).fixed(static_cast<double>(quantity) * item.regularPrice, 2);
                sink.fixed(item.regularPrice, 2).text(time).text(storeId).endRow();
            }
        }
        if ((b + 1) % 20000 == 0)
            context.report(from + (to - from) * (b + 1) / count);
    }
    sink.commit();
    context.report(to);
}

void writeOffers(DemoContext& context) {
    struct OfferRow {
        const char* id;
        int category;
        int product;  // -1: the whole category
        double discount;
        double cost;
        double capacity;  // at scale 1
    };
    // offer_a and offer_b are the offers of the past campaign's arms.
    static constexpr std::array<OfferRow, 5> offers{{{"offer_a", 4, -1, 0.20, 1.20, 700},
                                                     {"offer_b", 2, -1, 0.15, 0.90, 700},
                                                     {"offer_c", 3, -1, 0.10, 0.60, 500},
                                                     {"offer_d", 7, 35, 0.25, 3.50, 300},
                                                     {"offer_e", 0, -1, 0.10, 0.40, 1000}}};
    CsvSink sink(context.pathFor(QStringLiteral("offers")));
    sink.text("offer").text("category").text("product").text("discount").text("cost");
    sink.text("capacity").endRow();
    for (const OfferRow& offer : offers) {
        sink.text(offer.id).text(context.catalogue.categories[offer.category].name);
        if (offer.product >= 0) {
            sink.text(context.catalogue.products[offer.product].id);
        } else {
            sink.empty();
        }
        sink.fixed(offer.discount, 2).fixed(offer.cost, 2);
        sink.integer(std::max<long long>(1, std::llround(offer.capacity * context.scale))).endRow();
    }
    sink.commit();
}

}  // namespace mb::data::demo
