#pragma once

#include "markdown/MarkdownProblem.h"

#include <QtGlobal>
#include <vector>

namespace mb::markdown {

// Price points (rules.price_endings): a marked-down price goes on the highest price at or below
// its ladder price whose cents are one of the allowed endings (7.20 -> 6.99 with [0.99]; 6.99
// stays). "At or below" is exact to the cent: the ladder price is first cut to whole cents, a
// thousandth of a cent of floating-point error forgiven (9 x 0.8 = 7.199999... is 7.20). Returns
// 0 when no positive price has an allowed ending at or below (a ladder price under the lowest
// ending): that step has no shelf price.
qint64 onPriceEnding(double ladderPrice, const std::vector<int>& endingCents);

// The shelf price of each step of regularPrice x ladder on the endings. A step at or above the
// regular price (multiplier 1) keeps the regular price; with no endings every step keeps
// regularPrice x ladder unrounded.
std::vector<double> pricePointTable(double regularPrice, const std::vector<double>& ladder,
                                    const std::vector<int>& endingCents);

// Builds problem.prices once from its regular price, ladder and rules.priceEndingCents (left
// empty without endings, so price(step) stays regularPrice x ladder).
void setPricePoints(MarkdownProblem& problem);

}  // namespace mb::markdown
