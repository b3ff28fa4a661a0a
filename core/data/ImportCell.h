#pragma once

#include <QString>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mb::data {

// One field of a row after conversion and validation, ready to bind. Rows are converted on the
// thread that reads the file, so the writing thread only binds, checks references and inserts.
struct ImportCell {
    enum class Type { Null, Integer, Number, Text, OwnedText, Invalid };
    Type type = Type::Null;
    std::int64_t integer = 0;
    double number = 0;
    std::string_view text;  // Text: a view into the record, which outlives the insert
    std::string owned;      // OwnedText: converted text (ISO dates, text from ISO-8859-1)
    QString problem;        // Invalid: what is wrong with the value, for the user
};

using ImportRow = std::vector<ImportCell>;  // one cell per column of the session

}  // namespace mb::data
