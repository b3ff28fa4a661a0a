#include "ExportLocation.h"

#include "export/OutputPaths.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSettings>
#include <QStandardPaths>

namespace mb::ui {

namespace {
const QString kLastFolderKey = QStringLiteral("export/lastFolder");
}

QString ExportLocation::askSavePath(QWidget* parent, const QString& caption,
                                    const QString& suggestedName, const QString& filter,
                                    const QString& suffix) {
    const QString start = QDir(lastFolder()).filePath(safeFileName(suggestedName));
    QString path = QFileDialog::getSaveFileName(parent, caption, start, filter);
    if (path.isEmpty())
        return {};
    if (!suffix.isEmpty() && QFileInfo(path).suffix().compare(suffix, Qt::CaseInsensitive) != 0)
        path += QLatin1Char('.') + suffix;
    if (!mayWrite(parent, path))
        return {};
    rememberFolderOf(path);
    return path;
}

bool ExportLocation::mayWrite(QWidget* parent, const QString& path) {
    const QWidget* window = parent ? parent->window() : nullptr;
    exporting::CommandFiles files;
    if (window)
        files.addProject(window->property(projectProperty).toString());
    files.addOutputWithParameters(QObject::tr("The export"), path);
    const std::optional<exporting::PathClash> clash = files.firstClash();
    if (!clash)
        return true;
    QMessageBox::warning(parent, QObject::tr("Export refused"), clash->message());
    return false;
}

QString ExportLocation::lastFolder() {
    QString folder = QSettings().value(kLastFolderKey).toString();
    if (!folder.isEmpty() && QFileInfo(folder).isDir())
        return folder;
    const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return documents.isEmpty() ? QDir::homePath() : documents;
}

void ExportLocation::rememberFolderOf(const QString& path) {
    QSettings().setValue(kLastFolderKey, QFileInfo(path).absolutePath());
}

QString ExportLocation::safeFileName(const QString& name) {
    static const QRegularExpression rejected(QStringLiteral("[\\\\/:*?\"<>|\\x00-\\x1f]"));
    QString safe = name;
    safe.replace(rejected, QStringLiteral("-"));
    safe = safe.trimmed();
    return safe.isEmpty() ? QStringLiteral("export") : safe;
}

}  // namespace mb::ui
