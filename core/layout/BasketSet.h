#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace mb::layout {

using ItemId = std::uint32_t;

// Baskets as compact item ids (compressed rows): basket t holds
// items[basketStart[t] .. basketStart[t + 1]), sorted and without repeats.
struct BasketSet {
    std::vector<std::string> itemNames;  // indexed by ItemId
    std::vector<std::uint64_t> basketStart{0};
    std::vector<ItemId> items;

    std::size_t basketCount() const { return basketStart.size() - 1; }
    std::size_t itemCount() const { return itemNames.size(); }
    std::size_t basketSize(std::size_t basket) const {
        return static_cast<std::size_t>(basketStart[basket + 1] - basketStart[basket]);
    }
    const ItemId* basketBegin(std::size_t basket) const {
        return items.data() + basketStart[basket];
    }
    const ItemId* basketEnd(std::size_t basket) const {
        return items.data() + basketStart[basket + 1];
    }
    // How many baskets hold each item.
    std::vector<std::uint32_t> itemCounts() const;
    // For each item, the sorted indices of the baskets that hold it (the vertical layout).
    std::vector<std::vector<std::uint32_t>> basketsByItem() const;
};

// Builds a BasketSet from whole baskets (one basket per line) or from basket lines in any order
// (long format), naming each distinct item once.
class BasketSetBuilder {
public:
    ItemId itemId(std::string_view name);
    // Whole basket: repeated items are counted once, as a basket either holds an item or not.
    void addBasket(std::vector<ItemId> items);
    // One line of a long file; lines of one basket need not be adjacent.
    void addLine(std::string_view basket, ItemId item);
    // Whether addLine has named this basket.
    bool hasBasket(const std::string& basket) const { return basketIds_.contains(basket); }
    BasketSet finish();

private:
    BasketSet set_;
    std::unordered_map<std::string, ItemId> itemIds_;
    std::unordered_map<std::string, std::uint32_t> basketIds_;
    std::vector<std::pair<std::uint32_t, ItemId>> lines_;  // (basket, item) from addLine
};

}  // namespace mb::layout
