#pragma once

#include "targeting/OfferAllocation.h"

#include <QString>
#include <QStringList>

namespace mb::targeting {

// An EFFECTS.csv (customer, offer, effect, cost[, consent][, eligible]) as an allocation
// problem; names keep the file's spelling, indices follow first appearance.
struct OfferEffectsFile {
    AllocationProblem problem;
    QStringList customers;
    QStringList offers;
};

// Throws mb::Error as file:line:column: message (value) at the first bad value: a number that
// does not parse, a negative cost, a flag that is not 0/1, a repeated customer and offer. A
// customer with consent 0 on any row counts as not consenting.
OfferEffectsFile readOfferEffectsFile(const QString& path);

}  // namespace mb::targeting
