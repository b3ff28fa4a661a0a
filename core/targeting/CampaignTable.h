#pragma once

#include <Eigen/Core>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <vector>

namespace mb::data {
class Project;
}

namespace mb::targeting {

// A campaign test as stored in the project: one record per customer with its arm and the JSON
// object of outcome and feature columns.
struct CampaignRecords {
    QString name;
    QString controlArm;
    QStringList outcomes;
    QStringList features;
    std::vector<QString> arm;
    std::vector<QString> customer;
    std::vector<std::int64_t> line;  // the imported file's line, for messages
    std::vector<QJsonObject> data;
};

// The campaign as numbers a model can use. Numeric and 0/1 columns are kept as they are; a
// categorical column becomes one 0/1 column per level except the reference level (the first in
// sorted order), at most kMaxLevels levels with the rarest pooled as "(other)"; a missing value
// becomes the column's mean plus a 0/1 "<column>_missing" indicator (added only when some value
// is missing).
struct CampaignDesign {
    QString name;
    QStringList arms;  // arms[0] is the control arm; treatment arms follow in sorted order
    QStringList outcomeNames;
    QStringList featureNames;           // one per design column, e.g. "segment=premium"
    std::vector<QString> customer;      // per row
    std::vector<int> arm;               // per row: index into arms
    Eigen::MatrixXd features;           // rows x featureNames
    Eigen::MatrixXd outcomes;           // rows x outcomeNames; NaN where missing
    std::vector<bool> outcomeIsBinary;  // every present value is 0 or 1

    Eigen::Index rows() const { return features.rows(); }
    int treatmentArms() const { return static_cast<int>(arms.size()) - 1; }
    int outcomeIndex(const QString& name) const {
        return static_cast<int>(outcomeNames.indexOf(name));
    }
};

constexpr int kMaxLevels = 50;

// Reads the campaign's rows in their imported order. Throws mb::Error when there is no such
// campaign (naming the campaigns there are) or a row's data is not a JSON object.
CampaignRecords readCampaignRecords(const data::Project& project, const QString& campaign);

// Throws mb::Error, naming campaign:line: message (value), for an outcome that is not a number,
// and when the control arm or every treatment arm has no rows.
CampaignDesign encodeCampaign(const CampaignRecords& records);

inline CampaignDesign loadCampaign(const data::Project& project, const QString& campaign) {
    return encodeCampaign(readCampaignRecords(project, campaign));
}

}  // namespace mb::targeting
