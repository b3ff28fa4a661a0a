#include "traffic/TrafficCsv.h"

#include "layout/BasketCsv.h"

#include <limits>

namespace mb::traffic {

using layout::appendCsvInteger;
using layout::appendCsvNumber;
using layout::appendCsvText;

namespace {

constexpr double kNotKnown = std::numeric_limits<double>::quiet_NaN();

}  // namespace

std::string stateName(const TrafficAnalysis& analysis, int state) {
    if (state == analysis.transitions.enterState())
        return "(enter)";
    if (state == analysis.transitions.exitState())
        return "(exit)";
    return analysis.zones.at(static_cast<std::size_t>(state)).zone;
}

void writeZonesCsv(const QString& path, const TrafficAnalysis& analysis) {
    layout::CsvFileWriter out(path);
    std::string row =
        "zone,name,type,visits,trips,shoppers,exposure,dwell_visits,dwell_mean,dwell_median,"
        "dwell_p90";
    for (std::size_t b = 0; b < kDwellBinEdges.size(); ++b) {
        row += ",dwell_";
        row += std::to_string(static_cast<int>(kDwellBinEdges[b]));
        row += '_';
        row += b + 1 < kDwellBinEdges.size()
                   ? std::to_string(static_cast<int>(kDwellBinEdges[b + 1]))
                   : std::string("plus");
    }
    row += ",conversion";
    out.writeRow(row);
    const bool paths = analysis.source == TrafficSource::Paths;
    for (std::size_t z = 0; z < analysis.zones.size(); ++z) {
        const ZoneInfo& zone = analysis.zones[z];
        const ZoneTraffic& traffic = analysis.zoneTraffic[z];
        // An empty first field would be dropped by appendCsvText's separator rule.
        row = zone.zone.empty() ? std::string("\"\"") : std::string();
        if (!zone.zone.empty())
            appendCsvText(row, zone.zone);
        appendCsvText(row, zone.name);
        appendCsvText(row, zone.type);
        appendCsvNumber(row, traffic.visits);
        appendCsvNumber(row, paths ? double(traffic.trips) : kNotKnown);
        appendCsvNumber(row, paths ? double(traffic.shoppers) : kNotKnown);
        appendCsvNumber(row, traffic.exposure);
        appendCsvInteger(row, static_cast<std::uint64_t>(traffic.dwell.count));
        appendCsvNumber(row, traffic.dwell.mean);
        appendCsvNumber(row, traffic.dwell.median);
        appendCsvNumber(row, traffic.dwell.p90);
        for (const std::int64_t count : traffic.dwell.histogram) {
            appendCsvNumber(row, paths ? double(count) : kNotKnown);
        }
        appendCsvNumber(row, analysis.conversion.available
                                 ? analysis.conversion.zoneRate(static_cast<int>(z))
                                 : kNotKnown);
        out.writeRow(row);
    }
    out.commit();
}

void writeTransitionsCsv(const QString& path, const TrafficAnalysis& analysis) {
    layout::CsvFileWriter out(path);
    std::string row = "from,to,moves,trips,probability";
    out.writeRow(row);
    const ZoneTransitions& transitions = analysis.transitions;
    for (int from = 0; from < transitions.stateCount(); ++from) {
        for (int to = 0; to < transitions.stateCount(); ++to) {
            if (transitions.moves(from, to) == 0)
                continue;
            appendCsvText(row, stateName(analysis, from));
            appendCsvText(row, stateName(analysis, to));
            appendCsvInteger(row, static_cast<std::uint64_t>(transitions.moves(from, to)));
            appendCsvInteger(row, static_cast<std::uint64_t>(transitions.trips(from, to)));
            appendCsvNumber(row, transitions.probability(from, to));
            out.writeRow(row);
        }
    }
    out.commit();
}

void writeCommonPathsCsv(const QString& path, const TrafficAnalysis& analysis) {
    layout::CsvFileWriter out(path);
    std::string row = "rank,path,zones,trips,share";
    out.writeRow(row);
    for (std::size_t rank = 0; rank < analysis.commonPaths.size(); ++rank) {
        const CommonPath& common = analysis.commonPaths[rank];
        std::string names;
        for (const int zone : common.zones) {
            if (!names.empty())
                names += " > ";
            names += analysis.zones.at(static_cast<std::size_t>(zone)).zone;
        }
        appendCsvInteger(row, rank + 1);
        appendCsvText(row, names);
        appendCsvInteger(row, common.zones.size());
        appendCsvInteger(row, static_cast<std::uint64_t>(common.trips));
        appendCsvNumber(row, common.share);
        out.writeRow(row);
    }
    out.commit();
}

void writeHoursCsv(const QString& path, const TrafficAnalysis& analysis) {
    layout::CsvFileWriter out(path);
    std::string row = "hour,visits,trips";
    out.writeRow(row);
    for (std::size_t hour = 0; hour < analysis.hours.visits.size(); ++hour) {
        appendCsvInteger(row, hour);
        appendCsvNumber(row, analysis.hours.visits[hour]);
        appendCsvNumber(row, analysis.hours.tripsKnown ? analysis.hours.trips[hour] : kNotKnown);
        out.writeRow(row);
    }
    out.commit();
}

}  // namespace mb::traffic
