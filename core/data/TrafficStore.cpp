#include "data/TrafficStore.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/SavedScenarios.h"
#include "data/Sqlite.h"

namespace mb::data {

namespace {

constexpr std::string_view kTrafficStoreSetting = "traffic_store";

bool storeKnown(const Project& project, const QString& store) {
    Statement known(project.db(),
                    "SELECT EXISTS(SELECT 1 FROM stores WHERE store = ?1) "
                    "OR EXISTS(SELECT 1 FROM basket_lines WHERE store = ?1) "
                    "OR EXISTS(SELECT 1 FROM layout WHERE store = ?1) "
                    "OR EXISTS(SELECT 1 FROM zones WHERE store = ?1)");
    known.bind(1, store);
    return known.step() && known.int64(0) != 0;
}

}  // namespace

QString trafficStore(const Project& project) {
    return projectSetting(project, kTrafficStoreSetting);
}

void setTrafficStore(Project& project, const QString& store) {
    const QString id = store.trimmed();
    if (!id.isEmpty() && !storeKnown(project, id))
        throw Error(QStringLiteral("%1: no store %2 in the project (traffic_store names the "
                                   "store the traffic and paths were counted in)")
                        .arg(project.path(), id));
    setProjectSetting(project, kTrafficStoreSetting, id);
}

}  // namespace mb::data
