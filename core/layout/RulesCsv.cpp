#include "layout/RulesCsv.h"

#include "layout/BasketCsv.h"

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
    CsvFileWriter out(path);
    std::string row =
        "antecedent,consequent,support,confidence,coverage,lift,count,leverage,conviction";
    out.writeRow(row);
    for (const AssociationRule& rule : rules) {
        appendCsvText(row, itemsetLabel(rule.antecedent, itemNames));
        appendCsvText(row, itemsetLabel({rule.consequent}, itemNames));
        appendCsvNumber(row, rule.support);
        appendCsvNumber(row, rule.confidence);
        appendCsvNumber(row, rule.coverage);
        appendCsvNumber(row, rule.lift);
        appendCsvInteger(row, rule.count);
        appendCsvNumber(row, rule.leverage);
        appendCsvNumber(row, rule.conviction);
        out.writeRow(row);
    }
    out.commit();
}

}  // namespace mb::layout
