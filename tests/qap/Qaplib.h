#pragma once

// The QAPLIB instances in ../shared/datasets/qaplib, shared by the tests and the benchmark. Each
// X.qap starts with "n optimum best_known" (a negative optimum is a lower bound, not proven);
// X.dat holds the same instance in the plain layout the reader takes. Values are QAPLIB's
// (Burkard, Karisch and Rendl 1997; qaplib.mgi.polymtl.ca), an answer independent of our solver.
#include <QDir>
#include <QFile>
#include <QString>
#include <QStringList>
#include <vector>

namespace mb::layout::qaplib {

struct Instance {
    QString name;
    QString dataPath;  // the .dat file
    int size = 0;
    double optimum = -1;  // negative when not proven
    double bestKnown = 0;
    bool proven() const { return optimum > 0; }
};

inline std::vector<Instance> instances(const QString& folder) {
    std::vector<Instance> found;
    const QDir dir(folder);
    for (const QString& file : dir.entryList({QStringLiteral("*.qap")}, QDir::Files, QDir::Name)) {
        QFile header(dir.filePath(file));
        if (!header.open(QIODevice::ReadOnly))
            continue;
        const QStringList fields =
            QString::fromLatin1(header.readLine()).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        Instance instance;
        instance.name = file.chopped(4);
        instance.dataPath = dir.filePath(instance.name + QStringLiteral(".dat"));
        if (fields.size() < 3 || !QFile::exists(instance.dataPath))
            continue;
        instance.size = fields[0].trimmed().toInt();
        instance.optimum = fields[1].trimmed().toDouble();
        instance.bestKnown = fields[2].trimmed().toDouble();
        found.push_back(instance);
    }
    return found;
}

inline QString folder() {
    return QStringLiteral(MERCHBENCH_SHARED_DATASETS "/qaplib");
}

}  // namespace mb::layout::qaplib
