#include "layout/BasketSet.h"

#include <algorithm>

namespace mb::layout {

std::vector<std::uint32_t> BasketSet::itemCounts() const {
    std::vector<std::uint32_t> counts(itemNames.size(), 0);
    for (const ItemId item : items)
        ++counts[item];
    return counts;
}

std::vector<std::vector<std::uint32_t>> BasketSet::basketsByItem() const {
    const std::vector<std::uint32_t> counts = itemCounts();
    std::vector<std::vector<std::uint32_t>> byItem(itemNames.size());
    for (std::size_t item = 0; item < byItem.size(); ++item)
        byItem[item].reserve(counts[item]);
    for (std::size_t basket = 0; basket < basketCount(); ++basket) {
        for (const ItemId* it = basketBegin(basket); it != basketEnd(basket); ++it)
            byItem[*it].push_back(static_cast<std::uint32_t>(basket));
    }
    return byItem;
}

ItemId BasketSetBuilder::itemId(std::string_view name) {
    const auto [it, inserted] =
        itemIds_.try_emplace(std::string(name), static_cast<ItemId>(set_.itemNames.size()));
    if (inserted)
        set_.itemNames.emplace_back(name);
    return it->second;
}

void BasketSetBuilder::addBasket(std::vector<ItemId> items) {
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    set_.items.insert(set_.items.end(), items.begin(), items.end());
    set_.basketStart.push_back(set_.items.size());
}

void BasketSetBuilder::addLine(std::string_view basket, ItemId item) {
    const auto [it, inserted] =
        basketIds_.try_emplace(std::string(basket), static_cast<std::uint32_t>(basketIds_.size()));
    lines_.emplace_back(it->second, item);
}

BasketSet BasketSetBuilder::finish() {
    if (!lines_.empty() || !basketIds_.empty()) {
        std::sort(lines_.begin(), lines_.end());
        lines_.erase(std::unique(lines_.begin(), lines_.end()), lines_.end());
        std::size_t line = 0;
        for (std::uint32_t basket = 0; basket < basketIds_.size(); ++basket) {
            for (; line < lines_.size() && lines_[line].first == basket; ++line)
                set_.items.push_back(lines_[line].second);
            set_.basketStart.push_back(set_.items.size());
        }
        lines_.clear();
        basketIds_.clear();
    }
    itemIds_.clear();
    BasketSet result = std::move(set_);
    set_ = BasketSet{};
    return result;
}

}  // namespace mb::layout
