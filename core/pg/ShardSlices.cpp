#include "pg/ShardSlices.h"

#include "common/Error.h"

#include <QRegularExpression>
#include <algorithm>

namespace mb::pg {

namespace {

// More shards than this is a typo: a chain has a few thousand categories at most.
constexpr int kMaxShards = 100000;

}  // namespace

ShardIndex ShardIndex::parse(const QString& text) {
    static const QRegularExpression form(QStringLiteral("^(\\d{1,6})/(\\d{1,6})$"));
    const QRegularExpressionMatch match = form.match(text.trimmed());
    ShardIndex index;
    if (match.hasMatch()) {
        index.shard = match.captured(1).toInt();
        index.shards = match.captured(2).toInt();
    }
    if (!match.hasMatch() || index.shards < 1 || index.shards > kMaxShards || index.shard < 1 ||
        index.shard > index.shards)
        throw Error(QStringLiteral("--shard is \"%1\"; expected I/N with N in 1..%2 and I in "
                                   "1..N (e.g. 2/7)")
                        .arg(text)
                        .arg(kMaxShards));
    return index;
}

QStringList shardCategories(std::vector<CategorySize> categories, const ShardIndex& index) {
    // A null name (no category) sorts before every named one, so it has a fixed place too.
    std::sort(categories.begin(), categories.end(),
              [](const CategorySize& a, const CategorySize& b) {
                  if (a.products != b.products)
                      return a.products > b.products;
                  if (a.category.isNull() != b.category.isNull())
                      return a.category.isNull();
                  return a.category < b.category;
              });
    std::vector<long long> load(static_cast<std::size_t>(index.shards), 0);
    QStringList mine;
    for (const CategorySize& category : categories) {
        const auto lightest = std::min_element(load.begin(), load.end()) - load.begin();
        load[static_cast<std::size_t>(lightest)] += category.products;
        if (lightest + 1 == index.shard)
            mine.append(category.category);
    }
    return mine;
}

}  // namespace mb::pg
