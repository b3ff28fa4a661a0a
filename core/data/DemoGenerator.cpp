#include "data/DemoGenerator.h"

#include "common/Error.h"
#include "data/demo/DemoParts.h"

#include <cmath>

namespace mb::data {

namespace demo {

QString DemoContext::pathFor(const QString& kind) {
    QString path = outDir.absoluteFilePath(kind + QStringLiteral(".csv"));
    files[kind] = path;
    return path;
}

void DemoContext::report(double fraction) const {
    if (!progress)
        return;
    if (progress->isCancelled())
        throw Error(QStringLiteral("Demo generation cancelled"));
    progress->report(fraction);
}

}  // namespace demo

DemoResult generateDemo(const QString& outDir, const DemoOptions& options,
                        mb::ProgressToken* progress) {
    if (!std::isfinite(options.scale) || options.scale <= 0.0 || options.scale > 10000.0) {
        throw Error(
            QStringLiteral("Demo scale must be above 0 and at most 10000 (%1)").arg(options.scale));
    }
    if (outDir.isEmpty())
        throw Error(QStringLiteral("Demo output folder is empty"));
    QDir dir(outDir);
    if (!dir.mkpath(QStringLiteral("."))) {
        throw Error(QStringLiteral("%1: cannot create the folder").arg(outDir));
    }

    demo::DemoContext context;
    context.seed = options.seed;
    context.scale = options.scale;
    context.outDir = QDir(dir.absolutePath());
    context.catalogue = demo::buildCatalogue(options.seed);
    context.size = demo::demoSize(options.scale);
    context.progress = progress;

    context.report(0.0);
    demo::writeProducts(context);
    demo::writeStores(context);
    demo::writeSales(context, 0.02, 0.70);
    demo::writeInventory(context);
    demo::writeCustomers(context, 0.70, 0.75);
    demo::writeBaskets(context, 0.75, 0.90);
    demo::writeCampaign(context, 0.90, 0.95);
    demo::writeOffers(context);
    demo::writeFloorPlan(context);
    demo::writeFootTraffic(context);
    context.report(0.98);

    DemoResult result;
    result.truthPath = context.outDir.absoluteFilePath(QStringLiteral("truth.json"));
    demo::writeTruth(context, result.truthPath);
    result.files = context.files;
    result.salesRows = context.salesRows;
    context.report(1.0);
    return result;
}

}  // namespace mb::data
