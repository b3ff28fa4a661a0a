// libFuzzer target for the importer: any bytes, imported as any kind, must give a report (never
// a crash or hang), and a rejected file must leave the project unchanged.
#include "data/Importer.h"
#include "data/Kind.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QFile>
#include <QTemporaryDir>
#include <cstdint>
#include <cstdlib>

namespace {

struct Workspace {
    QTemporaryDir dir;
    std::unique_ptr<mb::data::Project> project;
    QString input;
    Workspace() {
        project = mb::data::Project::open(dir.filePath(QStringLiteral("fuzz.merchbench")));
        input = dir.filePath(QStringLiteral("input.csv"));
        // Reference data, so sales, inventory and layout rows can pass their checks.
        mb::data::exec(project->db(),
                       "INSERT INTO products(product) VALUES('A'),('B');"
                       "INSERT INTO stores(store) VALUES('S1');"
                       "INSERT INTO zones(zone) VALUES('Z1'),('Z2');");
    }
};

qint64 totalRows(mb::data::Project& project) {
    qint64 rows = 0;
    for (const auto& kind : mb::data::allKinds())
        rows += project.rowCount(kind);
    return rows;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Workspace workspace;
    if (size < 1)
        return 0;
    const auto& kinds = mb::data::allKinds();
    const std::uint8_t selector = data[0];
    mb::data::ImportOptions options;
    options.kind = kinds[selector % kinds.size()].name;
    options.format = (selector & 0x80) && options.kind == QStringLiteral("baskets")
                         ? mb::data::FileFormat::BasketPerLine
                         : mb::data::FileFormat::Csv;
    options.decimalComma = selector & 0x40;
    options.createMissing = selector & 0x20;
    {
        QFile file(workspace.input);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            std::abort();
        file.write(reinterpret_cast<const char*>(data + 1), static_cast<qint64>(size - 1));
    }
    const qint64 before = totalRows(*workspace.project);
    const mb::data::ImportReport report =
        mb::data::Importer(*workspace.project).run(workspace.input, options);
    if (!report.committed && totalRows(*workspace.project) != before)
        std::abort();
    if (report.rowsRejected > report.rowsRead)
        std::abort();
    for (const auto& issue : report.errors) {
        if (issue.line < 0 || issue.column < 0)
            std::abort();
    }
    if (report.committed) {
        // Keep the project small so every run starts from the same reference data.
        for (const auto& kind : kinds) {
            if (kind.name == QStringLiteral("products") || kind.name == QStringLiteral("stores") ||
                kind.name == QStringLiteral("zones")) {
                continue;
            }
            mb::data::exec(workspace.project->db(),
                           QStringLiteral("DELETE FROM %1").arg(kind.table).toStdString());
        }
    }
    return 0;
}
