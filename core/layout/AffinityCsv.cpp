#include "layout/AffinityCsv.h"

#include "export/CsvExport.h"

namespace mb::layout {

void writeAffinityCsv(const QString& path, const std::vector<AffinityPair>& pairs,
                      const std::vector<std::string>& itemNames) {
    exporting::CsvWriter out(path);
    out.writeRow(QStringList{"item_a", "item_b", "baskets_a", "baskets_b", "baskets_both",
                             "support", "confidence_a_b", "confidence_b_a", "lift", "leverage",
                             "conviction_a_b", "conviction_b_a", "jaccard", "phi", "yules_q",
                             "chi_squared", "chi_squared_p", "fisher_p"});
    exporting::CsvRow row;
    for (const AffinityPair& pair : pairs) {
        const PairMeasures& m = pair.measures;
        row.clear();
        row.text(itemNames[pair.itemA])
            .text(itemNames[pair.itemB])
            .integer(static_cast<qint64>(pair.counts.withA))
            .integer(static_cast<qint64>(pair.counts.withB))
            .integer(static_cast<qint64>(pair.counts.withBoth));
        for (const double value :
             {m.support, m.confidenceAB, m.confidenceBA, m.lift, m.leverage, m.convictionAB,
              m.convictionBA, m.jaccard, m.phi, m.yulesQ, m.chiSquared, m.chiSquaredP, m.fisherP})
            row.numberAsR(value);
        out.writeRow(row);
    }
    out.commit();
}

}  // namespace mb::layout
