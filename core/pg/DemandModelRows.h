#pragma once

#include <QString>

namespace mb::pg {

class PgConnection;

// Copies the models of a `demand --out` file into merchbench.demand_models under `runKey` and
// `shard`, inside the caller's transaction; returns how many. Throws Error.
long long copyDemandModels(PgConnection& connection, const QString& csvPath, const QString& runKey,
                           int shard);

}  // namespace mb::pg
