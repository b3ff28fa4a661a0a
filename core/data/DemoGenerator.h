#pragma once

#include "common/Progress.h"

#include <QString>
#include <QtGlobal>
#include <map>

namespace mb::data {

struct DemoOptions {
    quint64 seed = 42;
    double scale = 1.0;  // multiplies stores, customers, baskets and offer capacities; (0, 10000]
};

struct DemoResult {
    std::map<QString, QString> files;  // kind name -> absolute path of <kind>.csv
    qint64 salesRows = 0;
    QString truthPath;  // truth.json: every planted value
};

// Writes the synthetic demo retailer: one CSV per input kind plus truth.json, the same bytes
// for the same seed and scale on every machine. Creates outDir. Throws mb::Error on a bad
// option, an I/O failure or a cancel; a file is either written completely or not at all.
DemoResult generateDemo(const QString& outDir, const DemoOptions& options,
                        mb::ProgressToken* progress = nullptr);

}  // namespace mb::data
