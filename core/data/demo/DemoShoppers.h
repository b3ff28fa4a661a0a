#pragma once

#include <QtGlobal>
#include <array>
#include <string>

namespace mb::data::demo {

// Loyalty customers, their planted segments and the past randomised campaign's planted effect.

constexpr int kSegmentCount = 3;
constexpr std::array<const char*, kSegmentCount> kSegmentNames{"deal_seeker", "regular", "premium"};
constexpr std::array<double, kSegmentCount> kSegmentShares{0.35, 0.30, 0.35};
constexpr double kConsentOffersChance = 0.85;  // so about 15% have consent_offers = 0
constexpr double kConsentEmailChance = 0.70;

constexpr int kArmCount = 3;
constexpr std::array<const char*, kArmCount> kArmNames{"control", "offer_a", "offer_b"};
// Additive effect of each arm on the purchase probability, by segment (control is 0).
constexpr std::array<std::array<double, kArmCount>, kSegmentCount> kPurchaseUplift{{
    {0.0, 0.20, 0.12},    // deal seekers respond
    {0.0, 0.00, 0.02},    // regulars hardly notice
    {0.0, -0.15, -0.10},  // premium customers are put off ("sleeping dogs")
}};
constexpr double kExtraVisitChance = 0.25;  // a visit without a purchase
constexpr double kSpendSd = 0.30;           // log-normal spread of spend around monetary

constexpr int kCampaignStartDay = 651;  // 2024-05-13, days after 2022-08-01
constexpr int kSignupFirstDay = -2769;  // 2015-01-01
constexpr int kSignupLastDay = 638;     // 2024-04-30

struct Customer {
    std::string id;
    int segment = 0;
    bool consentOffers = true;
    bool consentEmail = true;
    int signupDay = 0;  // days after 2022-08-01
    int frequency = 1;  // visits in the year before the campaign
    int recencyDays = 0;
    double monetary = 0.0;  // average basket value
    bool emailEngaged = false;
    int channel = 0;  // 0 store, 1 online, 2 app
};
Customer buildCustomer(quint64 seed, int index);
std::string customerId(int index);

// Baseline purchase probability in the campaign window without any offer, in [0.15, 0.60].
double baselinePurchaseChance(const Customer& customer);

}  // namespace mb::data::demo
