#pragma once

#include "markdown/PlanningRules.h"

#include <QDate>
#include <QString>
#include <optional>
#include <vector>

struct sqlite3;

namespace mb::markdown {

// What a new season plan starts from when a project opens: the exit week and rules of the
// project's last finished markdown run (its recorded request), else an exit eight weeks after
// the latest stock count, else eight weeks from `today`, with the default rules.
struct MarkdownDefaults {
    QDate exitWeek;
    std::optional<PlanningRules> rules;  // nullopt: no earlier run whose request reads back
};
MarkdownDefaults markdownDefaults(sqlite3* db, const QDate& today);

// A product (id, name, category) or store (id, name, cluster) a plan can be scoped to.
struct ScopeEntry {
    QString id;
    QString description;  // its name and category or cluster, "·"-separated
};
// In id order.
std::vector<ScopeEntry> productScope(sqlite3* db);
std::vector<ScopeEntry> storeScope(sqlite3* db);

}  // namespace mb::markdown
