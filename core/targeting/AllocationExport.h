#pragma once

#include "targeting/OfferEffectsFile.h"

namespace mb::targeting {

// Makes a field safe to open in a spreadsheet: a leading = + - @ tab or CR gets a single quote
// in front so it is never read as a formula (OWASP, CSV injection).
QString spreadsheetSafe(const QString& field);

// Writes customer,offer,effect,cost,control: one row per offer given, then one row per customer
// held out for the control group (no offer, control 1). Atomic (QSaveFile); throws mb::Error.
void writeAllocation(const QString& path, const OfferEffectsFile& input,
                     const AllocationResult& result);

}  // namespace mb::targeting
