// libFuzzer target for the planners' own CSV files (a user's markdown plan, an allocation's
// offer effects): any bytes give either rows or an mb::Error naming file:line:column.
#include "common/Error.h"
#include "markdown/UserPlanFile.h"
#include "targeting/OfferEffectsFile.h"

#include <QFile>
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
    return 0;
}
