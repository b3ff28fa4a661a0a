#pragma once

#include <QString>
#include <QStringList>
#include <vector>

namespace mb::pg {

// Which shard of how many: I/N with I in 1..N.
struct ShardIndex {
    int shard = 1;
    int shards = 1;
    // Reads "I/N"; throws mb::Error naming the option and what was expected.
    static ShardIndex parse(const QString& text);
    QString text() const { return QStringLiteral("%1/%2").arg(shard).arg(shards); }
};

// A category of the chain and how many products it holds. A null name is the products without
// a category: they are planned (and shrunk) together, so they are one category here too.
struct CategorySize {
    QString category;
    long long products = 0;
};

// The categories of shard `index`: every category goes whole to exactly one shard (a category's
// products share their elasticity shrinkage and its season, a product's stores its cluster
// schedule), and the shards hold about as many products each. Largest categories first, each to
// the shard holding the fewest products so far (the lowest-numbered on a tie); ties between
// equally large categories are broken by name. The answer depends only on the list, not on its
// order, so every shard computes the same split without talking to the others.
QStringList shardCategories(std::vector<CategorySize> categories, const ShardIndex& index);

}  // namespace mb::pg
