#include "RecentProjects.h"

#include <QFileInfo>
#include <QSettings>

namespace mb::ui {

namespace {
const QString kKey = QStringLiteral("recentProjects");
}

QStringList RecentProjects::load() {
    QStringList paths = QSettings().value(kKey).toStringList();
    paths.removeIf([](const QString& path) { return !QFileInfo::exists(path); });
    return paths.mid(0, kMaximum);
}

QStringList RecentProjects::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList paths = load();
    paths.removeAll(absolute);
    paths.prepend(absolute);
    paths = paths.mid(0, kMaximum);
    save(paths);
    return paths;
}

QStringList RecentProjects::remove(const QString& path) {
    QStringList paths = load();
    paths.removeAll(QFileInfo(path).absoluteFilePath());
    save(paths);
    return paths;
}

void RecentProjects::clear() {
    save({});
}

void RecentProjects::save(const QStringList& paths) {
    QSettings().setValue(kKey, paths);
}

}  // namespace mb::ui
