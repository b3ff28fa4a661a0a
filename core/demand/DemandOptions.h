#pragma once

#include <QString>

namespace mb::demand {

class CategoryEstimateGathering;

// What one set of coefficients covers: one product in one store, one product across its stores
// (an intercept per store), or a whole category (an intercept per product and store).
enum class DemandLevel { ProductStore, Product, Category };

// Least squares on log(units) of the weeks that sold, or a Poisson regression (log link) on
// every week's units, zero weeks included.
enum class DemandMethod { LeastSquares, Poisson };

QString levelName(DemandLevel level);
QString methodName(DemandMethod method);
bool parseMethod(const QString& text, DemandMethod* method);
bool parseLevel(const QString& text, DemandLevel* level);

struct DemandOptions {
    DemandLevel level = DemandLevel::ProductStore;
    DemandMethod method = DemandMethod::LeastSquares;
    int holdoutWeeks = 8;  // the last weeks of each series, kept out of the fit to score it
    bool seasonality = true;
    bool lifecycle = true;
    int harmonics = 2;  // Fourier pairs on the day of the year
    // A model estimates its own seasonality with this many weeks of history; fewer borrow the
    // category's.
    int ownSeasonWeeks = 104;
    // A gap of more than this many weeks without sales starts a new life (a seasonal relaunch).
    int relaunchGapWeeks = 4;
    // A category's seasonal profile is fitted on at most this many of its series, spread evenly
    // over them (0: all): a chain's thousands of stores add memory to that one fit, not
    // information about the category's season.
    int seasonSeriesLimit = 0;
    int threads = 0;  // 0: one per core
    // Category-level models of one slice of a chain's categories: where the chain's estimates
    // come from, for the common mean they shrink toward. Null: the fit holds every category.
    CategoryEstimateGathering* chainCategories = nullptr;
};

}  // namespace mb::demand
