#pragma once

#include <vector>

namespace mb::layout {

// An order of n items that puts similar items next to each other, so clusters show as blocks
// in a heatmap: the leaf order of average-linkage agglomerative clustering (UPGMA, Sokal and
// Michener 1958) on the similarity matrix (n x n, row-major, symmetric). When two clusters
// merge, the left one is the one holding the lowest item, so the order is deterministic.
std::vector<int> clusterLeafOrder(const std::vector<double>& similarity, int n);

}  // namespace mb::layout
