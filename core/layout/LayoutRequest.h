#pragma once

#include "layout/LayoutScore.h"
#include "layout/ProximityEffect.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>
#include <vector>

namespace mb::layout {

// A category pinned to (or kept out of) a zone, by name as the planner gives it.
struct CategoryZone {
    QString category;
    QString zone;
    bool operator==(const CategoryZone&) const = default;
};

// Everything a layout score or optimisation depends on. The CLI's `layout` fills it from its
// options, the Layout page from its controls, `merchbench-cli run` from a request file.
struct LayoutRequest {
    bool optimise = false;  // false: score the layout only
    double seconds = 2.0;   // the search's time limit
    // Tabu search iterations; 0 = the solver's default. With a limit (and time to reach it)
    // every machine proposes the same layout; without one a replay may differ.
    qint64 iterations = 0;
    qint64 seed = 1;  // the basket sample, the search's random steps and the bootstrap
    std::vector<CategoryZone> fixed;
    std::vector<CategoryZone> forbidden;
    int capacity = 1;  // categories per zone
    // At most this many categories leave their zone in the proposal (a store can only
    // re-merchandise so much at once); 0: no limit.
    int maxMoves = 0;
    LayoutWeights weights;
    QStringList impulse;  // impulse categories of the exposure term
    double closenessMetres = 10.0;
    // The layout to score or optimise instead of the project's (a planner's edited layout, by
    // value so a replay does not depend on the page); empty: the project's layout.
    std::vector<CategoryZone> start;
    // Bytes the category tables may take; 0: the machine's default (half its memory).
    qint64 memoryLimit = 0;
    // The store whose floor plan, placement and baskets are read ('' = the project's only plan;
    // required when the plans name several stores) and the date they are read as of (ISO; '' =
    // the latest placement and every basket; else baskets up to that day, nothing later).
    QString store;
    QString asOf;
    // A proposed layout to predict (the rows of --proposed LAYOUT.csv for the store; categories
    // it does not name stay where they are): scored and predicted against the current layout
    // instead of an optimisation. Empty: none.
    std::vector<CategoryZone> proposed;
    // The effect of proximity the prediction multiplies by (ratePer10m, ciLow, ciHigh; source
    // unused); none: the chain's own, measured from the project (chainProximityEffect).
    std::optional<ProximityEffect> effect;

    bool operator==(const LayoutRequest&) const = default;

    // A search bounded only by time may find another layout on a replay.
    bool replayMayDiffer() const { return optimise && iterations == 0; }

    QJsonObject toJson() const;
    // Throws mb::Error naming the field and the value.
    static LayoutRequest fromJson(const QJsonObject& json);
};

// "CATEGORY=ZONE" as the CLI's --fix and --forbid take it; nullopt-like empty names when the
// text has no '=' (the caller says which option).
CategoryZone parseCategoryZone(const QString& text);

// A seed for JSON: a number while doubles hold it exactly, text beyond (RequestReader reads
// both).
QJsonValue seedJson(qint64 seed);

}  // namespace mb::layout
