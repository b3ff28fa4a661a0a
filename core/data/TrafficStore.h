#pragma once

#include <QString>

namespace mb::data {

class Project;

// Traffic and path rows name no store. In a chain's project they are one store's counts, and
// the project says which (settings key "traffic_store"); a layout read for that store uses
// them, any other store's does not.

// The store the project's traffic and paths were counted in, or "" when none was set.
QString trafficStore(const Project& project);
// Sets it (trimmed); "" clears it. Throws mb::Error, changing nothing, for a store that neither
// the stores, the basket lines nor the floor plans name.
void setTrafficStore(Project& project, const QString& store);

}  // namespace mb::data
