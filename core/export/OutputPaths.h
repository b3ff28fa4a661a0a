#pragma once

#include <QString>
#include <optional>
#include <vector>

namespace mb::exporting {

// A file a command reads or writes, with the words that name it to the user: "--out",
// "the project", "the import file".
struct CommandPath {
    QString role;
    QString path;
    bool makesFolder = false;  // an output whose missing folders the command makes
};

// An output that would overwrite the project, an input or another output of the same command.
struct PathClash {
    CommandPath output;
    CommandPath other;
    // "--out P.merchbench would overwrite the project P.merchbench; choose another path.
    // Nothing was written."
    QString message() const;
};

// Every file one command touches, checked before any work so that no output replaces what the
// command reads or another of its outputs. Paths are compared as the file system sees them:
// relative or absolute, through a symbolic link or a hard link, the same file is the same.
class CommandFiles {
public:
    // The project and the files SQLite keeps beside it (-wal, -shm, -journal).
    void addProject(const QString& path);
    // Empty paths (an option not given) are left out.
    void addInput(const QString& role, const QString& path);
    // A path that may be a project or a plain file (a basket file): a project when it starts
    // with SQLite's header.
    void addProjectOrInput(const QString& role, const QString& path);
    void addOutput(const QString& role, const QString& path);
    // An output in a folder the command makes when missing (traffic --out FOLDER): the nearest
    // folder that exists must take files.
    void addOutputMakingFolder(const QString& role, const QString& path);
    // A CSV output and the FILE.params.json written beside it.
    void addOutputWithParameters(const QString& role, const QString& csvPath);

    // The first output that is the project, an input or an earlier output; none when all differ.
    std::optional<PathClash> firstClash() const;
    // The first output whose folder is missing or cannot be written, said as "--out x.csv: the
    // folder /a does not exist; nothing was written."; none when every folder takes files. Checked
    // before any work, so a command never writes one output and then fails on the next.
    std::optional<QString> firstUnwritableFolder() const;

private:
    std::vector<CommandPath> reads_;
    std::vector<CommandPath> writes_;
};

// Why path could not be written, in the planner's words: "the disk is full: FOLDER" when its
// disk has no room left, else why as the system said it.
QString writeFailureReason(const QString& path, const QString& why);

// True when a and b name one file: the same inode once both exist, else the same absolute path
// with symbolic links resolved.
bool sameFile(const QString& a, const QString& b);

}  // namespace mb::exporting
