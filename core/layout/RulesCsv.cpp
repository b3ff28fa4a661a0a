#include "layout/RulesCsv.h"

#include "export/CsvExport.h"

#include <algorithm>

namespace mb::layout {

std::string itemsetLabel(const std::vector<ItemId>& items,
                         const std::vector<std::string>& itemNames) {
    // Names in sorted order, as arules prints an itemset of read.transactions() data.
    std::vector<const std::string*> names;
    names.reserve(items.size());
    for (const ItemId item : items)
        names.push_back(&itemNames[item]);
    std::sort(names.begin(), names.end(),
              [](const std::string* x, const std::string* y) { return *x < *y; });
    std::string label = "{";
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            label += ',';
        label += *names[i];
    }
    label += '}';
    return label;
}

void writeRulesCsv(const QString& path, const std::vector<AssociationRule>& rules,
                   const std::vector<std::string>& itemNames) {
    exporting::CsvWriter out(path);
    out.writeRow(QStringList{"antecedent", "consequent", "support", "confidence", "coverage",
                             "lift", "count", "leverage", "conviction"});
    exporting::CsvRow row;
    for (const AssociationRule& rule : rules) {
        row.clear();
        row.text(itemsetLabel(rule.antecedent, itemNames))
            .text(itemsetLabel({rule.consequent}, itemNames))
            .numberAsR(rule.support)
            .numberAsR(rule.confidence)
            .numberAsR(rule.coverage)
            .numberAsR(rule.lift)
            .integer(rule.count)
            .numberAsR(rule.leverage)
            .numberAsR(rule.conviction);
        out.writeRow(row);
    }
    out.commit();
}

}  // namespace mb::layout
