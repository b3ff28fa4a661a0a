// libFuzzer target for the planners' own CSV files (a user's markdown plan, an allocation's
// offer effects, a proposed store layout): any bytes give either rows or an mb::Error naming
// file:line:column.
#include "common/Error.h"
#include "layout/ProposedLayoutFile.h"
#include "markdown/UserPlanFile.h"
#include "targeting/OfferEffectsFile.h"

#include <QFile>
#include <QSet>
#include <QTemporaryDir>
#include <cstdint>
#include <cstdlib>

namespace {

struct Workspace {
    QTemporaryDir dir;
    QString input = dir.filePath(QStringLiteral("input.csv"));
};

template <typename Read>
void readOrRefuse(Read read) {
    try {
        read();
    } catch (const mb::Error& error) {
        if (!error.message().contains(QStringLiteral("input.csv")))
            std::abort();  // every refusal names the file
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Workspace workspace;
    QFile file(workspace.input);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        std::abort();
    file.write(reinterpret_cast<const char*>(data), static_cast<qint64>(size));
    file.close();
    readOrRefuse([] { mb::markdown::readUserPlan(workspace.input); });
    readOrRefuse([] { mb::targeting::readOfferEffectsFile(workspace.input); });
    // A proposed layout read for no store and for one: some placements, each named, and no
    // category twice.
    for (const QString& store : {QString(), QStringLiteral("S1")})
        readOrRefuse([&store] {
            const std::vector<mb::layout::CategoryZone> placements =
                mb::layout::readProposedLayout(workspace.input, store);
            QSet<QString> categories;
            for (const mb::layout::CategoryZone& placement : placements) {
                if (placement.category.isEmpty() || placement.zone.isEmpty() ||
                    categories.contains(placement.category))
                    std::abort();
                categories.insert(placement.category);
            }
            if (placements.empty())
                std::abort();
        });
    return 0;
}
