#pragma once

#include "layout/BasketReader.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace mb::data {
class Project;
}
namespace mb::jobs {
class RequestReader;
}

namespace mb::layout {

// Where a basket analysis (rules, affinity) reads its baskets: a basket file by path (large, so
// by path and not by value) with its format options, or the project the job runs on.
struct BasketInput {
    QString file;  // absolute path; empty: the project's basket_lines
    BasketFileOptions options;

    bool operator==(const BasketInput&) const = default;
    bool isProject() const { return file.isEmpty(); }

    // Adds input, format, level, basket_col, item_col and delimiter to a request's JSON.
    void addTo(QJsonObject& json) const;
    // Reads them back; errors name the field.
    static BasketInput read(jobs::RequestReader& reader);
};

// The baskets a job read, what the read left out, and the fingerprint of the project read (empty
// for a file).
struct LoadedBaskets {
    QString where;  // the file or the project's path, for messages
    QString fingerprint;
    BasketSet baskets;
    BasketFileSummary summary;
    QStringList warnings;
};

// Reads the baskets (a project's inside a jobs::ReadSnapshot). Throws mb::Error, also when a
// category-level read found no basket at all (rather than printing "0 baskets" as a result).
LoadedBaskets loadBaskets(data::Project* project, const BasketInput& input);

// A basket job's summary: its own `fields` plus those every basket command prints (input,
// format, level, transactions, items, skipped_lines, skipped_baskets, return_lines,
// return_baskets).
QJsonObject basketSummaryJson(const LoadedBaskets& loaded, const BasketInput& input,
                              QJsonObject fields);

}  // namespace mb::layout
