#pragma once

#include <QString>
#include <vector>

namespace mb {
class ProgressToken;
}

namespace mb::demand {

// A category-level model's elasticity before shrinkage, named by the model's first series
// (product, store): a whole fit lists its category models in that order, product then store, as
// bytes of UTF-8.
struct CategoryEstimate {
    QString product;
    QString store;
    QString category;
    double value = 0.0;
    double standardError = 0.0;
};

// Category-level models of one slice of a chain's categories (a shard of a chain run): their
// elasticities shrink toward the mean over every category of the chain, so the slices' estimates
// are gathered first (pg::ShardShrinkage, through the sink).
class CategoryEstimateGathering {
public:
    virtual ~CategoryEstimateGathering() = default;
    // Every category model's estimate of the chain, `mine` (this slice's) among them, in the
    // order of one fit over the chain. Throws mb::Error when the slices cannot agree or wait, and
    // jobs::Cancelled when cancelled through the token.
    virtual std::vector<CategoryEstimate> gather(const std::vector<CategoryEstimate>& mine,
                                                 ProgressToken* progress) = 0;
};

}  // namespace mb::demand
