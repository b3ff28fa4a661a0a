#pragma once

#include <QString>

namespace mb::data {
class Project;
}

namespace mb::pg {

// Where a project publishes its approved runs (settings key "publish_to"): a postgresql:// URI
// without a password, which libpq takes from PGPASSWORD, ~/.pgpass or the service file, so the
// project file never holds one.

// The project's sink, or "" when none is set.
QString publishSink(const data::Project& project);
// Why `uri` cannot be a project's sink ("" when it can): not a postgresql:// URI, not one libpq
// reads, or one carrying a password. The reason never quotes the password.
QString publishSinkRefusal(const QString& uri);
// Sets the sink (trimmed); "" clears it. Throws mb::Error with publishSinkRefusal's reason,
// changing nothing, for a URI that cannot be one.
void setPublishSink(data::Project& project, const QString& uri);

}  // namespace mb::pg
