#include "data/KindGuess.h"

#include "data/Importer.h"

#include <algorithm>

namespace mb::data {

std::vector<KindFit> rankKindsByHeader(const QStringList& header) {
    std::vector<KindFit> fits;
    for (const KindSpec& kind : allKinds()) {
        // The importer's own mapping, so the proposal agrees with what an import would read.
        const std::map<QString, QString> mapping = Importer::suggestMapping(kind, header, {});
        QStringList mapped;
        for (const auto& [column, field] : mapping) {
            if (!field.isEmpty())
                mapped << field;
        }
        KindFit fit;
        fit.kind = &kind;
        fit.matchedFields = static_cast<int>(mapped.size());
        for (const FieldSpec& field : kind.fields) {
            if (!field.required)
                continue;
            ++fit.requiredFields;
            if (mapped.contains(field.name))
                ++fit.requiredMatched;
        }
        const bool oneOfMet = kind.oneOf.isEmpty() ||
                              std::any_of(kind.oneOf.begin(), kind.oneOf.end(),
                                          [&](const QString& f) { return mapped.contains(f); });
        fit.complete =
            fit.matchedFields > 0 && fit.requiredMatched == fit.requiredFields && oneOfMet;
        // A campaign keeps every column as a feature or outcome, so it reads the whole file.
        const int read =
            kind.keepsOtherColumns ? static_cast<int>(header.size()) : fit.matchedFields;
        fit.coverage = header.isEmpty() ? 0.0 : double(read) / double(header.size());
        fits.push_back(fit);
    }
    // stable: among equal fits the kinds keep the order a user imports them in.
    std::stable_sort(fits.begin(), fits.end(), [](const KindFit& a, const KindFit& b) {
        if (a.complete != b.complete)
            return a.complete;
        if (a.coverage != b.coverage)
            return a.coverage > b.coverage;
        return a.matchedFields > b.matchedFields;
    });
    return fits;
}

QString proposedKind(const QStringList& header) {
    const std::vector<KindFit> fits = rankKindsByHeader(header);
    return !fits.empty() && fits.front().complete ? fits.front().kind->name : QString();
}

}  // namespace mb::data
