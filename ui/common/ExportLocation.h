#pragma once

#include <QString>

class QWidget;

namespace mb::ui {

// Where exports go: a save dialog that opens in the folder the user last exported to (kept in
// QSettings under "export/lastFolder", shared by every page) and adds the suffix when missing.
class ExportLocation {
public:
    // Returns the chosen path, or an empty string when the user cancels or the path would
    // overwrite the open project (see mayWrite). suffix is without the
    // dot ("csv"); filter is a dialog filter such as "CSV files (*.csv)".
    static QString askSavePath(QWidget* parent, const QString& caption,
                               const QString& suggestedName, const QString& filter,
                               const QString& suffix);

    // The window property under which MainWindow publishes the open project's path.
    static constexpr const char* projectProperty = "merchbenchProject";
    // False, after a message box naming both files, when path or the .params.json written
    // beside it would overwrite the project open in parent's window (or its -wal, -shm or
    // -journal): an export must never replace the planner's work.
    static bool mayWrite(QWidget* parent, const QString& path);

    static QString lastFolder();
    static void rememberFolderOf(const QString& path);
    // A file name without characters file systems reject: "Markdown plan: week 3" ->
    // "Markdown plan- week 3".
    static QString safeFileName(const QString& name);
};

}  // namespace mb::ui
