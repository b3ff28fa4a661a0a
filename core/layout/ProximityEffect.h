#pragma once

#include <QString>
#include <cmath>

namespace mb {
class ProgressToken;
}

namespace mb::data {
class Project;
}

namespace mb::layout {

// How attach rates change with walking distance: the factor by which the attach rate of a
// category pair (baskets with A that also hold B, over baskets with A) rises when the two
// zones are 10 m closer, with its interval. A layout's prediction in money multiplies each
// pair's attach purchases by ratePer10m^(metres closer / 10) (LayoutPrediction.h).
struct ProximityEffect {
    double ratePer10m = std::nan("");
    double ciLow = std::nan("");
    double ciHigh = std::nan("");
    // Where it comes from ("given in the request", the stores it was measured on), or why
    // there is none; said with every prediction.
    QString source;

    bool identified() const {
        return std::isfinite(ratePer10m) && ratePer10m > 0 && std::isfinite(ciLow) && ciLow > 0 &&
               std::isfinite(ciHigh) && ciLow <= ratePer10m && ratePer10m <= ciHigh;
    }
    bool operator==(const ProximityEffect&) const = default;
};

// The chain's own effect of proximity, measured from the project's stores and layout changes
// up to `asOf` ('' = all): the one place a layout prediction reads it (the `layout-effect`
// estimate: a Poisson model of co-purchases with pair and store fixed effects). Call inside the
// load's jobs::ReadSnapshot. Not identified (ratePer10m NaN, the reason in `source`) while the
// project cannot say.
// A cancel of `progress` (optional) stops the fit with jobs::Cancelled.
ProximityEffect chainProximityEffect(data::Project& project, const QString& asOf,
                                     ProgressToken* progress = nullptr);

}  // namespace mb::layout
