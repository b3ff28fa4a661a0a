#pragma once

#include "data/Importer.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

// A fresh project in a temporary folder and helpers to write input files into it.
class ImportFixture {
public:
    ImportFixture()
        : project_(mb::data::Project::open(dir_.filePath(QStringLiteral("t.merchbench")))) {}

    mb::data::Project& project() { return *project_; }

    QString write(const QString& name, const QByteArray& content) {
        QString path = dir_.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write test file");
        file.write(content);
        return path;
    }

    mb::data::ImportReport import(const QString& name, const QByteArray& content,
                                  const mb::data::ImportOptions& options) {
        return mb::data::Importer(*project_).run(write(name, content), options);
    }

    mb::data::ImportReport import(const QString& name, const QByteArray& content,
                                  const QString& kind) {
        mb::data::ImportOptions options;
        options.kind = kind;
        return import(name, content, options);
    }

    qint64 count(const QString& sql) {
        return mb::data::queryInt(project_->db(), sql.toStdString());
    }

    QString text(const QString& sql) {
        mb::data::Statement statement(project_->db(), sql.toStdString());
        return statement.step() ? statement.text(0) : QString();
    }

    QString dir() const { return dir_.path(); }

private:
    QTemporaryDir dir_;
    std::unique_ptr<mb::data::Project> project_;
};

inline QString errorsText(const mb::data::ImportReport& report) {
    QStringList lines;
    for (const auto& issue : report.errors)
        lines.append(issue.format(QStringLiteral("f")));
    return lines.join(u'\n');
}
