#pragma once

#include "traffic/TrafficAnalysis.h"

#include <QString>

namespace mb::traffic {

// The traffic command's exports (RFC 4180, formula-injection safe, complete or absent). Values
// that the source cannot give are written as NA. Each throws mb::Error.

// zone,name,type,visits,trips,shoppers,exposure,dwell_visits,dwell_mean,dwell_median,dwell_p90,
// dwell_<edge>..., conversion
void writeZonesCsv(const QString& path, const TrafficAnalysis& analysis);
// from,to,moves,trips,probability: every move made at least once, by from then to state.
void writeTransitionsCsv(const QString& path, const TrafficAnalysis& analysis);
// rank,path,zones,trips,share
void writeCommonPathsCsv(const QString& path, const TrafficAnalysis& analysis);
// hour,visits,trips
void writeHoursCsv(const QString& path, const TrafficAnalysis& analysis);

// Name of a transition state: a zone's id, or "(enter)" / "(exit)".
std::string stateName(const TrafficAnalysis& analysis, int state);

}  // namespace mb::traffic
