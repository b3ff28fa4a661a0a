#pragma once

#include "common/Progress.h"
#include "data/demo/DemoWorld.h"

#include <QDir>
#include <QString>
#include <map>

namespace mb::data::demo {

// What every part of the generator needs: where to write, the drawn catalogue, the sizes, and
// where to report progress. Each part writes its files and records them in `files`.
struct DemoContext {
    quint64 seed = 42;
    double scale = 1.0;
    QDir outDir;
    Catalogue catalogue;
    DemoSize size;
    ProgressToken* progress = nullptr;
    std::map<QString, QString> files;  // kind -> absolute path
    qint64 salesRows = 0;

    QString pathFor(const QString& kind);  // outDir/<kind>.csv, recorded in files
    // Reports `fraction` of the whole run; throws mb::Error when the user cancelled.
    void report(double fraction) const;
};

// Each writer streams its kind(s); `from` and `to` are its share of the progress bar.
void writeProducts(DemoContext& context);
void writeStores(DemoContext& context);
void writeSales(DemoContext& context, double from, double to);
void writeInventory(DemoContext& context);
void writeCustomers(DemoContext& context, double from, double to);
void writeBaskets(DemoContext& context, double from, double to);
void writeCampaign(DemoContext& context, double from, double to);
void writeOffers(DemoContext& context);
void writeFloorPlan(DemoContext& context);    // zones, zone_links, layout
void writeFootTraffic(DemoContext& context);  // traffic, paths
void writeTruth(DemoContext& context, const QString& path);

}  // namespace mb::data::demo
