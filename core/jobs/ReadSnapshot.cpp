#include "ReadSnapshot.h"

#include "data/Project.h"
#include "data/Sqlite.h"

#include <sqlite3.h>

namespace mb::jobs {

ReadSnapshot::ReadSnapshot(data::Project& project) : project_(project) {
    // Inside a caller's transaction the reads already see one state of the file.
    if (sqlite3_get_autocommit(project.db()) != 0) {
        data::exec(project.db(), "BEGIN");
        open_ = true;
    }
    try {
        fingerprint_ = project.inputFingerprint();
    } catch (...) {
        if (open_)
            sqlite3_exec(project.db(), "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

ReadSnapshot::~ReadSnapshot() {
    // Only reads happened: ending the transaction either way leaves the file as it was.
    if (open_ && sqlite3_get_autocommit(project_.db()) == 0)
        sqlite3_exec(project_.db(), "COMMIT", nullptr, nullptr, nullptr);
}

}  // namespace mb::jobs
