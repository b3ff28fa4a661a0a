#pragma once

#include <QString>
#include <QStringList>
#include <limits>
#include <vector>

namespace mb::data {

enum class FieldType {
    Text,      // an identifier or a label
    Number,    // a real number
    Integer,   // a whole number
    Flag,      // 0/1, true/false, yes/no
    Date,      // a calendar date, stored as ISO text
    Week,      // a date in the week, stored as the ISO date of that week's Monday
    DateTime,  // a date with an optional time, stored as ISO text
};

struct FieldSpec {
    QString name;
    FieldType type = FieldType::Text;
    bool required = false;
    QStringList aliases;  // header names that mean this field (compared case- and space-blind)
    double minimum = -std::numeric_limits<double>::infinity();
    double maximum = std::numeric_limits<double>::infinity();
    QString references;  // name of the kind whose key this field must name ("" for none)
    QString description;
};

// An input kind: what a user's file holds, the table it lands in, and its natural key.
struct KindSpec {
    QString name;   // the --kind value: products, stores, sales, ...
    QString table;  // the project table
    QString description;
    std::vector<FieldSpec> fields;
    QStringList key;  // fields that identify a row; empty = no natural key (file fingerprint)
    QStringList
        oneOf;  // at least one of these fields must be mapped (baskets: product or category)
    bool keepsOtherColumns = false;  // campaign: every unmapped column is a feature or outcome

    const FieldSpec* field(const QString& name) const;
    int fieldIndex(const QString& name) const;
};

const std::vector<KindSpec>& allKinds();
const KindSpec* findKind(const QString& name);
QString fieldTypeName(FieldType type);

// Canonical form used to compare header names with field names and aliases:
// lower case, spaces/dashes/dots to '_', surrounding blanks and quotes removed.
QString normalizedHeader(const QString& header);

}  // namespace mb::data
