#pragma once

#include "layout/StoreWeekPanel.h"

#include <QtGlobal>
#include <cstdint>
#include <vector>

namespace mb::layout {

// Randomisation inference for a difference in differences: which stores changed is treated as
// the random part, so the test and interval hold exactly (whatever the number of stores) under
// "the stores are exchangeable and the change shifts each changed store-week by the same amount"
// (Fisher's sharp null, shifted; Imbens and Rubin 2015, chapter 5). The estimate for every
// other choice of as many changed stores is compared with the one observed.
struct StorePermutation {
    qint64 assignments = 0;  // choices of changed stores compared, the observed one included
    bool exact = false;      // every choice (else a seeded sample of them)
    double pValue = 1.0;     // of "no effect": share of choices at least as far from 0
    // The effects not rejected at the confidence asked: NaN for an end that no number of
    // choices can reject (too few stores for that confidence).
    double low = 0.0;
    double high = 0.0;
};

// changed[s]: store s changed; after[w]: week w is after the date. Every choice of as many
// changed stores when there are at most maxAssignments of them, else maxAssignments - 1 drawn
// with the seed besides the observed one. Throws mb::Error as fixedEffectsCoefficient.
StorePermutation storePermutation(const std::vector<StoreWeekValue>& values,
                                  const std::vector<bool>& changed, const std::vector<bool>& after,
                                  double confidence, std::uint64_t seed,
                                  qint64 maxAssignments = 2000);

}  // namespace mb::layout
