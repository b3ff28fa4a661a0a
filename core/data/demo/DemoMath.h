#pragma once

namespace mb::data::demo {

// exp, log, sin and cos built from +, -, *, / and frexp/ldexp only, so the demo data is
// byte-identical on every IEEE-754 machine whatever its maths library rounds differently.
double portableExp(double x);
double portableLog(double x);
double portableCos(double x);
double portableSin(double x);

// log(k!) for k >= 0: summed exactly for small k, Stirling's series above.
double logFactorial(long long k);

constexpr double kPi = 3.14159265358979323846;

}  // namespace mb::data::demo
