#pragma once

#include <cstdint>

namespace mb::layout {

// The 2x2 table of two items over n baskets: how many hold A, hold B, and hold both.
struct PairCounts {
    std::uint64_t baskets = 0;
    std::uint64_t withA = 0;
    std::uint64_t withB = 0;
    std::uint64_t withBoth = 0;
};

// Pair measures as R's arules interestMeasure() defines them (Hahsler, "A probabilistic
// comparison of commonly used interest measures for association rules", 2015, and the arules
// reference manual). Undefined values are NaN; a conviction with confidence 1 is +infinity.
struct PairMeasures {
    double support = 0;       // P(A and B)
    double confidenceAB = 0;  // P(B | A)
    double confidenceBA = 0;  // P(A | B)
    double lift = 0;
    double leverage = 0;  // P(A and B) - P(A) P(B)
    double convictionAB = 0;
    double convictionBA = 0;
    double jaccard = 0;
    double phi = 0;  // correlation coefficient of the two presence indicators
    double yulesQ = 0;
    double chiSquared = 0;   // Pearson's statistic, 1 degree of freedom, no continuity correction
    double chiSquaredP = 1;  // upper-tail p-value of chiSquared
    double fisherP = 1;      // one-sided Fisher's exact test for positive association
};

PairMeasures measurePair(const PairCounts& counts);

// P(X >= bought together) for X hypergeometric with the table's margins: arules'
// "fishersExactTest" (alternative "greater"). Exact in double precision for any n.
double fisherExactGreater(const PairCounts& counts);

// Upper-tail p-value of a chi-squared statistic with one degree of freedom (Boost.Math).
double chiSquaredUpperTail(double statistic);

}  // namespace mb::layout
