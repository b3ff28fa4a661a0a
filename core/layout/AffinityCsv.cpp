#include "layout/AffinityCsv.h"

#include "layout/BasketCsv.h"

namespace mb::layout {

void writeAffinityCsv(const QString& path, const std::vector<AffinityPair>& pairs,
                      const std::vector<std::string>& itemNames) {
    CsvFileWriter out(path);
    std::string row =
        "item_a,item_b,baskets_a,baskets_b,baskets_both,support,confidence_a_b,confidence_b_a,"
        "lift,leverage,conviction_a_b,conviction_b_a,jaccard,phi,yules_q,chi_squared,"
        "chi_squared_p,fisher_p";
    out.writeRow(row);
    for (const AffinityPair& pair : pairs) {
        const PairMeasures& m = pair.measures;
        appendCsvText(row, itemNames[pair.itemA]);
        appendCsvText(row, itemNames[pair.itemB]);
        appendCsvInteger(row, pair.counts.withA);
        appendCsvInteger(row, pair.counts.withB);
        appendCsvInteger(row, pair.counts.withBoth);
        for (const double value :
             {m.support, m.confidenceAB, m.confidenceBA, m.lift, m.leverage, m.convictionAB,
              m.convictionBA, m.jaccard, m.phi, m.yulesQ, m.chiSquared, m.chiSquaredP, m.fisherP})
            appendCsvNumber(row, value);
        out.writeRow(row);
    }
    out.commit();
}

}  // namespace mb::layout
