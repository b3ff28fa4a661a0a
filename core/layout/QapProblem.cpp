#include "QapProblem.h"

namespace mb::layout {

double qapCost(const QapProblem& problem, const std::vector<int>& permutation) {
    double cost = 0.0;
    for (int i = 0; i < problem.size; ++i) {
        for (int j = 0; j < problem.size; ++j) {
            cost += problem.flowAt(i, j) * problem.distanceAt(permutation[i], permutation[j]);
        }
    }
    return cost;
}

}  // namespace mb::layout
