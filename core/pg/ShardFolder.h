#pragma once

#include <QDir>
#include <QString>
#include <QTemporaryDir>

namespace mb::pg {

// A shard's temporary folder under $TMPDIR (merchbench-shard-XXXXXX), holding the slice's
// project; removed when the shard ends. It names its owner (host and process) in a file, so that
// a folder left by a shard that was killed (kill -9, the kernel's out-of-memory killer, a node
// that lost power) is removed by the next shard on the same host.
class ShardFolder {
public:
    // Removes the stale folders of `temp`, then makes this shard's; throws mb::Error when it
    // cannot.
    explicit ShardFolder(const QDir& temp = QDir::temp());
    QString filePath(const QString& name) const { return folder_.filePath(name); }
    // How many folders of killed shards were removed on the way.
    int removedStale() const { return removedStale_; }

    // The folders of `temp` whose owner was a process of this host that is gone; folders of
    // other hosts, of living processes or without an owner note (one being made) stay. Returns
    // how many were removed.
    static int removeStale(const QDir& temp);

private:
    int removedStale_ = 0;
    QTemporaryDir folder_;
};

}  // namespace mb::pg
