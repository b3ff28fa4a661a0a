#pragma once

#include "layout/RulesMiner.h"

#include <QString>
#include <string>

namespace mb::layout {

// "{a,b}" as arules labels an itemset.
std::string itemsetLabel(const std::vector<ItemId>& items,
                         const std::vector<std::string>& itemNames);

// antecedent,consequent,support,confidence,coverage,lift,count,leverage,conviction
// Throws mb::Error; the file is complete or absent.
void writeRulesCsv(const QString& path, const std::vector<AssociationRule>& rules,
                   const std::vector<std::string>& itemNames);

}  // namespace mb::layout
