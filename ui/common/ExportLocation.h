#pragma once

#include <QString>

class QWidget;

namespace mb::ui {

// Where exports go: a save dialog that opens in the folder the user last exported to (kept in
// QSettings under "export/lastFolder", shared by every page) and adds the suffix when missing.
class ExportLocation {
public:
    // Returns the chosen path, or an empty string when the user cancels. suffix is without the
    // dot ("csv"); filter is a dialog filter such as "CSV files (*.csv)".
    static QString askSavePath(QWidget* parent, const QString& caption,
                               const QString& suggestedName, const QString& filter,
                               const QString& suffix);

    static QString lastFolder();
    static void rememberFolderOf(const QString& path);
    // A file name without characters file systems reject: "Markdown plan: week 3" ->
    // "Markdown plan- week 3".
    static QString safeFileName(const QString& name);
};

}  // namespace mb::ui
