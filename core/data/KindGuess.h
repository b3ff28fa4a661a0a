#pragma once

#include "data/Kind.h"

#include <QStringList>
#include <vector>

namespace mb::data {

// How well a file's header fits one input kind: the columns that name one of its fields (by
// name or alias, as the importer maps them) and whether every field it needs is there.
struct KindFit {
    const KindSpec* kind = nullptr;
    int matchedFields = 0;
    int requiredFields = 0;
    int requiredMatched = 0;
    bool complete = false;  // every required field (and one of `oneOf`) is in the header
    double coverage = 0.0;  // the share of the header's columns the kind would read
};

// Every kind ranked for this header, best first: the kinds the file could be imported as
// (complete) before the others, then by the share of the file's columns they would read (so a
// stores file with a name column is not taken for products), then by matching columns.
std::vector<KindFit> rankKindsByHeader(const QStringList& header);

// The kind to propose for a file with this header: the best complete fit, or "" when the
// header fits no kind (the user then chooses).
QString proposedKind(const QStringList& header);

}  // namespace mb::data
