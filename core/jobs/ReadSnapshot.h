#pragma once

#include <QString>

namespace mb::data {
class Project;
}

namespace mb::jobs {

// The read of one job's inputs: one read transaction, with the project's input fingerprint
// taken inside it, so the fingerprint describes exactly the data the job read even when another
// process imports meanwhile. Open it before the first read and let it go after the last.
class ReadSnapshot {
public:
    explicit ReadSnapshot(data::Project& project);
    ~ReadSnapshot();
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

    const QString& fingerprint() const { return fingerprint_; }

private:
    data::Project& project_;
    QString fingerprint_;
    bool open_ = false;
};

}  // namespace mb::jobs
