#include "data/demo/DemoMath.h"

#include <cmath>
#include <limits>

namespace mb::data::demo {

namespace {

// ln 2 split so that k * kLn2High is exact for any exponent k a double can have.
constexpr double kLn2High = 6.93147180369123816490e-01;
constexpr double kLn2Low = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;

// Reduces x to r in [-pi, pi] with x = r + 2*pi*n.
double reduceAngle(double x) {
    const double n = std::floor(x / (2.0 * kPi) + 0.5);
    return x - n * (2.0 * kPi);
}

}  // namespace

double portableExp(double x) {
    if (std::isnan(x))
        return x;
    if (x > 709.0)
        return std::numeric_limits<double>::infinity();
    if (x < -745.0)
        return 0.0;
    const double k = std::floor(x * kInvLn2 + 0.5);
    const double r = (x - k * kLn2High) - k * kLn2Low;  // |r| <= ln2 / 2
    // Taylor series to r^14: the next term is below 1e-17 for |r| <= 0.35.
    double sum = 1.0;
    for (int n = 14; n >= 1; --n) {
        sum = 1.0 + sum * r / n;
    }
    return std::ldexp(sum, static_cast<int>(k));
}

double portableLog(double x) {
    if (std::isnan(x) || x < 0.0)
        return std::numeric_limits<double>::quiet_NaN();
    if (x == 0.0)
        return -std::numeric_limits<double>::infinity();
    if (std::isinf(x))
        return x;
    int exponent = 0;
    double m = std::frexp(x, &exponent);  // m in [0.5, 1)
    if (m < 0.70710678118654752440) {
        m *= 2.0;
        exponent -= 1;
    }
    // log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172: eleven odd terms suffice.
    const double s = (m - 1.0) / (m + 1.0);
    const double s2 = s * s;
    double series = 0.0;
    for (int n = 21; n >= 1; n -= 2) {
        series = 1.0 / n + s2 * series;
    }
    const double logM = 2.0 * s * series;
    return exponent * kLn2High + (logM + exponent * kLn2Low);
}

double portableCos(double x) {
    const double r = reduceAngle(x);
    const double r2 = r * r;
    // Taylor series to r^28: the next term is below 1e-15 for |r| <= pi.
    double sum = 1.0;
    for (int n = 14; n >= 1; --n) {
        sum = 1.0 - sum * r2 / ((2.0 * n - 1.0) * (2.0 * n));
    }
    return sum;
}

double portableSin(double x) {
    return portableCos(x - kPi / 2.0);
}

double logFactorial(long long k) {
    if (k < 2)
        return 0.0;
    if (k < 16) {
        double sum = 0.0;
        for (long long i = 2; i <= k; ++i) {
            sum += portableLog(static_cast<double>(i));
        }
        return sum;
    }
    const double n = static_cast<double>(k);
    const double inv = 1.0 / n;
    const double inv2 = inv * inv;
    return n * portableLog(n) - n + 0.5 * portableLog(2.0 * kPi * n) +
           inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0));
}

}  // namespace mb::data::demo
