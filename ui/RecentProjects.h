#pragma once

#include <QStringList>

namespace mb::ui {

// The most recently opened project files, newest first, kept in the application's settings.
class RecentProjects {
public:
    static constexpr int kMaximum = 8;

    static QStringList load();
    // Moves the path to the front; files that no longer exist are dropped.
    static QStringList add(const QString& path);
    static QStringList remove(const QString& path);
    static void clear();

private:
    static void save(const QStringList& paths);
};

}  // namespace mb::ui
