#pragma once

#include "targeting/OfferEffectsFile.h"

namespace mb::targeting {

// Writes customer,offer,effect,cost,control: one row per offer given, then one row per customer
// held out for the control group (no offer, control 1). Formula-safe text, atomic (QSaveFile);
// throws mb::Error.
void writeAllocation(const QString& path, const OfferEffectsFile& input,
                     const AllocationResult& result);

}  // namespace mb::targeting
