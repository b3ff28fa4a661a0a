#include "demand/DemandDesign.h"

#include <QDate>
#include <algorithm>
#include <cmath>
#include <numbers>

namespace mb::demand {

void DemandDesign::fillRow(const WeekSale& week, double logPriceRatio, double weeksSinceLaunch,
                           double* row) const {
    row[0] = logPriceRatio;
    row[1] = week.feature ? 1.0 : 0.0;
    row[2] = week.display ? 1.0 : 0.0;
    row[3] = week.tpr ? 1.0 : 0.0;
    if (lifecycle)
        row[lifecycleColumn()] = weeksSinceLaunch;
    if (harmonics > 0) {
        const double* known = fourier != nullptr && fourier->harmonics() == harmonics
                                  ? fourier->terms(week.day)
                                  : nullptr;
        if (known != nullptr)
            std::copy(known, known + 2 * harmonics, row + firstSeasonColumn());
        else
            fourierTerms(week.day, harmonics, row + firstSeasonColumn());
    }
}

FourierTable::FourierTable(const std::vector<std::int64_t>& days, int harmonics,
                           std::int64_t maxDays) {
    if (days.empty() || harmonics <= 0)
        return;
    const auto [low, high] = std::minmax_element(days.begin(), days.end());
    if (*high - *low >= maxDays)
        return;
    harmonics_ = harmonics;
    first_ = *low;
    const auto span = static_cast<std::size_t>(*high - *low + 1);
    present_.assign(span, 0);
    terms_.resize(span * 2 * static_cast<std::size_t>(harmonics));
    for (const std::int64_t day : days) {
        const auto at = static_cast<std::size_t>(day - first_);
        if (present_[at] != 0)
            continue;
        present_[at] = 1;
        fourierTerms(day, harmonics, terms_.data() + at * 2 * static_cast<std::size_t>(harmonics));
    }
}

const double* FourierTable::terms(std::int64_t julianDay) const {
    if (present_.empty() || julianDay < first_)
        return nullptr;
    const auto at = static_cast<std::size_t>(julianDay - first_);
    if (at >= present_.size() || present_[at] == 0)
        return nullptr;
    return terms_.data() + at * 2 * static_cast<std::size_t>(harmonics_);
}

std::vector<double> lifeWeeks(const std::vector<WeekSale>& weeks, int gapWeeks,
                              std::int64_t* lastLifeStart) {
    std::vector<double> age(weeks.size(), 0.0);
    std::int64_t start = weeks.empty() ? 0 : weeks.front().day;
    for (std::size_t i = 0; i < weeks.size(); ++i) {
        if (i > 0 && weeks[i].day - weeks[i - 1].day > 7 * static_cast<std::int64_t>(gapWeeks + 1))
            start = weeks[i].day;
        age[i] = static_cast<double>(weeks[i].day - start) / 7.0;
    }
    if (lastLifeStart != nullptr)
        *lastLifeStart = start;
    return age;
}

void fourierTerms(std::int64_t julianDay, int harmonics, double* out) {
    const int dayOfYear = QDate::fromJulianDay(julianDay).dayOfYear();
    const double angle = 2.0 * std::numbers::pi * (dayOfYear - 1) / 365.25;
    for (int k = 1; k <= harmonics; ++k) {
        out[2 * (k - 1)] = std::sin(k * angle);
        out[2 * (k - 1) + 1] = std::cos(k * angle);
    }
}

double SeasonalProfile::logEffect(std::int64_t julianDay) const {
    if (source == Source::None || sine.empty())
        return 0.0;
    const int dayOfYear = QDate::fromJulianDay(julianDay).dayOfYear();
    const double angle = 2.0 * std::numbers::pi * (dayOfYear - 1) / 365.25;
    double effect = 0.0;
    for (std::size_t k = 0; k < sine.size(); ++k) {
        const double harmonic = static_cast<double>(k + 1) * angle;
        effect += sine[k] * std::sin(harmonic) + cosine[k] * std::cos(harmonic);
    }
    return effect;
}

}  // namespace mb::demand
