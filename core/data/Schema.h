#pragma once

#include <vector>

namespace mb::data {

// Forward migrations: entry i brings a database from user_version i to i + 1. Never edit a
// released entry; append a new one and raise Project::kSchemaVersion.
const std::vector<const char*>& schemaMigrations();

}  // namespace mb::data
