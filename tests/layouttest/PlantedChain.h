// A chain whose layout changed in some stores on a known date, with a planted effect: every
// store's baskets are drawn from known probabilities, so a test knows the true difference in
// differences of each measure.
#pragma once

#include "common/SeededRandom.h"
#include "data/Importer.h"
#include "data/Project.h"

#include <QDate>
#include <QFile>
#include <QTemporaryDir>
#include <cmath>

namespace mbtest {

struct PlantedChain {
    int stores = 10;
    int changed = 3;  // S01..S03 move dairy and produce on `date`
    int basketsPerDay = 12;
    double effect = 0.06;       // added to the cross-category probability after the date
    double trendPerWeek = 0.0;  // added per week since 1 January in the changed stores
    QDate first{2024, 1, 1};
    QDate last{2024, 4, 30};
    QDate date{2024, 3, 4};
    std::uint64_t seed = 1;
    // S11 with baskets only from the date (no data before it) and S12 only before it.
    bool partialStores = true;

    static QString store(int s) { return QStringLiteral("S%1").arg(s + 1, 2, 10, QChar(u'0')); }
    double storeLevel(int s) const { return 0.25 + 0.02 * s; }
    double weekLevel(const QDate& day) const {
        return 0.05 * std::sin(double(first.daysTo(day) / 7));
    }
    // The probability a basket of store s on `day` holds two categories.
    double crossProbability(int s, const QDate& day) const {
        double p = storeLevel(s) + weekLevel(day);
        if (s < changed) {
            p += trendPerWeek * double(first.daysTo(day) / 7);
            if (day >= date)
                p += effect;
        }
        return p;
    }

    QByteArray baskets() const {
        static const char* const kCategories[] = {"bakery", "dairy", "produce", "snacks"};
        mb::SeededRandom random(seed);
        QByteArray csv = "basket,category,store,time,quantity,value\n";
        const int storeCount = stores + (partialStores ? 2 : 0);
        for (int s = 0; s < storeCount; ++s)
            for (QDate day = s == stores ? date : first;
                 day <= (s == stores + 1 ? date.addDays(-1) : last); day = day.addDays(1))
                for (int b = 0; b < basketsPerDay; ++b) {
                    const QString basket =
                        QStringLiteral("%1-%2-%3").arg(store(s), day.toString(Qt::ISODate)).arg(b);
                    const QString time = day.toString(Qt::ISODate) + QStringLiteral(" 10:00:00");
                    const bool cross = random.uniform() < crossProbability(s, day);
                    const auto a = random.below(4);
                    const auto other = (a + 1 + random.below(3)) % 4;
                    for (const auto category : cross ? std::vector{a, other} : std::vector{a})
                        csv +=
                            QStringLiteral("%1,%2,%3,%4,1,3.00\n")
                                .arg(basket, QLatin1String(kCategories[category]), store(s), time)
                                .toUtf8();
                }
        return csv;
    }

    QByteArray layout() const {
        QByteArray csv =
            "category,zone,store,valid_from\nbakery,Z1,,\ndairy,Z2,,\nproduce,Z3,,\nsnacks,Z4,,\n";
        for (int s = 0; s < changed; ++s)
            csv += QStringLiteral("dairy,Z3,%1,%2\nproduce,Z2,%1,%2\n")
                       .arg(store(s), date.toString(Qt::ISODate))
                       .toUtf8();
        return csv;
    }

    // Writes the project into `dir`; aborts the test program when an import fails.
    QString write(const QTemporaryDir& dir, const QString& name) const {
        const QString path = dir.filePath(name);
        auto project = mb::data::Project::open(path);
        const QList<std::pair<QString, QByteArray>> files{
            {QStringLiteral("zones"),
             "zone,name,type,x,y,width,height\nZ1,A1,department,0,0,10,8\n"
             "Z2,A2,department,10,0,10,8\nZ3,A3,department,20,0,10,8\n"
             "Z4,A4,department,30,0,10,8\n"},
            {QStringLiteral("layout"), layout()},
            {QStringLiteral("baskets"), baskets()}};
        for (const auto& [kind, content] : files) {
            const QString file = dir.filePath(name + u'.' + kind + QStringLiteral(".csv"));
            QFile out(file);
            if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size())
                qFatal("cannot write %s", qPrintable(file));
            out.close();
            mb::data::ImportOptions options;
            options.kind = kind;
            const mb::data::ImportReport report = mb::data::Importer(*project).run(file, options);
            if (report.errorCount != 0 || !report.committed)
                qFatal("import of %s failed: %s", qPrintable(kind),
                       report.errors.empty() ? "not committed"
                                             : qPrintable(report.errors.front().format(kind)));
        }
        return path;
    }

    // The planted cross-category share the changed stores would have had after the date
    // without the change, averaged over the weeks after it (what the relative effect divides by).
    double counterfactualShare(int weeks) const {
        double sum = 0.0;
        int days = 0;
        for (int s = 0; s < changed; ++s)
            for (QDate day = date; day < date.addDays(7 * weeks); day = day.addDays(1)) {
                sum += crossProbability(s, day) - effect;
                ++days;
            }
        return sum / days;
    }
};

}  // namespace mbtest
