#include "traffic/TrafficCsv.h"

#include "export/CsvExport.h"

#include <limits>

namespace mb::traffic {

using exporting::CsvRow;
using exporting::CsvWriter;

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
    CsvWriter out(path);
    QStringList header{"zone",       "name",         "type",     "visits",
                       "trips",      "shoppers",     "exposure", "dwell_visits",
                       "dwell_mean", "dwell_median", "dwell_p90"};
    for (std::size_t b = 0; b < kDwellBinEdges.size(); ++b)
        header.append(QStringLiteral("dwell_%1_%2")
                          .arg(static_cast<int>(kDwellBinEdges[b]))
                          .arg(b + 1 < kDwellBinEdges.size()
                                   ? QString::number(static_cast<int>(kDwellBinEdges[b + 1]))
                                   : QStringLiteral("plus")));
    header.append(QStringLiteral("conversion"));
    out.writeRow(header);
    const bool paths = analysis.source == TrafficSource::Paths;
    CsvRow row;
    for (std::size_t z = 0; z < analysis.zones.size(); ++z) {
        const ZoneInfo& zone = analysis.zones[z];
        const ZoneTraffic& traffic = analysis.zoneTraffic[z];
        row.clear();
        row.text(zone.zone)
            .text(zone.name)
            .text(zone.type)
            .numberAsR(traffic.visits)
            .numberAsR(paths ? double(traffic.trips) : kNotKnown)
            .numberAsR(paths ? double(traffic.shoppers) : kNotKnown)
            .numberAsR(traffic.exposure)
            .integer(traffic.dwell.count)
            .numberAsR(traffic.dwell.mean)
            .numberAsR(traffic.dwell.median)
            .numberAsR(traffic.dwell.p90);
        for (const std::int64_t count : traffic.dwell.histogram)
            row.numberAsR(paths ? double(count) : kNotKnown);
        row.numberAsR(analysis.conversion.available
                          ? analysis.conversion.zoneRate(static_cast<int>(z))
                          : kNotKnown);
        out.writeRow(row);
    }
    out.commit();
}

void writeTransitionsCsv(const QString& path, const TrafficAnalysis& analysis) {
    CsvWriter out(path);
    out.writeRow(QStringList{"from", "to", "moves", "trips", "probability"});
    const ZoneTransitions& transitions = analysis.transitions;
    CsvRow row;
    for (int from = 0; from < transitions.stateCount(); ++from) {
        for (int to = 0; to < transitions.stateCount(); ++to) {
            if (transitions.moves(from, to) == 0)
                continue;
            row.clear();
            row.text(stateName(analysis, from))
                .text(stateName(analysis, to))
                .integer(transitions.moves(from, to))
                .integer(transitions.trips(from, to))
                .numberAsR(transitions.probability(from, to));
            out.writeRow(row);
        }
    }
    out.commit();
}

void writeCommonPathsCsv(const QString& path, const TrafficAnalysis& analysis) {
    CsvWriter out(path);
    out.writeRow(QStringList{"rank", "path", "zones", "trips", "share"});
    CsvRow row;
    for (std::size_t rank = 0; rank < analysis.commonPaths.size(); ++rank) {
        const CommonPath& common = analysis.commonPaths[rank];
        std::string names;
        for (const int zone : common.zones) {
            if (!names.empty())
                names += " > ";
            names += analysis.zones.at(static_cast<std::size_t>(zone)).zone;
        }
        row.clear();
        row.integer(static_cast<qint64>(rank + 1))
            .text(names)
            .integer(static_cast<qint64>(common.zones.size()))
            .integer(common.trips)
            .numberAsR(common.share);
        out.writeRow(row);
    }
    out.commit();
}

void writeHoursCsv(const QString& path, const TrafficAnalysis& analysis) {
    CsvWriter out(path);
    out.writeRow(QStringList{"hour", "visits", "trips"});
    CsvRow row;
    for (std::size_t hour = 0; hour < analysis.hours.visits.size(); ++hour) {
        row.clear();
        row.integer(static_cast<qint64>(hour))
            .numberAsR(analysis.hours.visits[hour])
            .numberAsR(analysis.hours.tripsKnown ? analysis.hours.trips[hour] : kNotKnown);
        out.writeRow(row);
    }
    out.commit();
}

}  // namespace mb::traffic
