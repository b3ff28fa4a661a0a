#include "targeting/CampaignTable.h"

#include "common/Error.h"
#include "data/Project.h"
#include "data/Sqlite.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

namespace mb::targeting {

namespace {

QStringList jsonList(const QString& text) {
    QStringList names;
    for (const auto& value : QJsonDocument::fromJson(text.toUtf8()).array()) {
        if (value.isString())
            names.append(value.toString());
    }
    return names;
}

bool isMissing(const QJsonValue& value) {
    return value.isNull() || value.isUndefined() ||
           (value.isString() && value.toString().trimmed().isEmpty());
}

// The number a stored value stands for, if it is one.
std::optional<double> numberOf(const QJsonValue& value) {
    if (value.isDouble())
        return value.toDouble();
    if (value.isBool())
        return value.toBool() ? 1.0 : 0.0;
    if (value.isString()) {
        bool ok = false;
        const double number = value.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(number))
            return number;
    }
    return std::nullopt;
}

QString textOf(const QJsonValue& value) {
    if (value.isString())
        return value.toString().trimmed();
    if (value.isBool())
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    return QString::number(value.toDouble(), 'g', 17);
}

// One feature's design columns, appended to the design's list.
struct EncodedColumn {
    QString name;
    std::vector<double> values;
};

void encodeNumeric(const CampaignRecords& records, const QString& feature,
                   std::vector<EncodedColumn>& out) {
    const std::size_t rows = records.data.size();
    EncodedColumn column{feature, std::vector<double>(rows, 0.0)};
    std::vector<double> missing(rows, 0.0);
    double sum = 0.0;
    std::size_t present = 0;
    for (std::size_t i = 0; i < rows; ++i) {
        const QJsonValue value = records.data[i].value(feature);
        if (isMissing(value)) {
            missing[i] = 1.0;
            continue;
        }
        column.values[i] = *numberOf(value);
        sum += column.values[i];
        ++present;
    }
    const double mean = present > 0 ? sum / static_cast<double>(present) : 0.0;
    for (std::size_t i = 0; i < rows; ++i) {
        if (missing[i] != 0.0)
            column.values[i] = mean;
    }
    out.push_back(std::move(column));
    if (present < rows)
        out.push_back(EncodedColumn{feature + QStringLiteral("_missing"), std::move(missing)});
}

void encodeCategorical(const CampaignRecords& records, const QString& feature,
                       std::vector<EncodedColumn>& out) {
    const std::size_t rows = records.data.size();
    std::vector<QString> text(rows);
    std::map<QString, std::size_t> counts;
    bool anyMissing = false;
    for (std::size_t i = 0; i < rows; ++i) {
        const QJsonValue value = records.data[i].value(feature);
        if (isMissing(value)) {
            anyMissing = true;
            continue;
        }
        text[i] = textOf(value);
        ++counts[text[i]];
    }
    // Keep the most frequent levels (ties by name); the rest share one "(other)" column.
    std::vector<std::pair<QString, std::size_t>> byCount(counts.begin(), counts.end());
    std::stable_sort(byCount.begin(), byCount.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    const QString other = QStringLiteral("(other)");
    std::map<QString, QString> levelOf;
    for (std::size_t k = 0; k < byCount.size(); ++k) {
        levelOf[byCount[k].first] =
            byCount.size() > static_cast<std::size_t>(kMaxLevels) && k + 1 >= kMaxLevels
                ? other
                : byCount[k].first;
    }
    std::vector<QString> levels;
    for (const auto& entry : levelOf) {
        if (std::find(levels.begin(), levels.end(), entry.second) == levels.end())
            levels.push_back(entry.second);
    }
    std::sort(levels.begin(), levels.end());
    for (std::size_t k = 1; k < levels.size(); ++k) {
        EncodedColumn column{feature + QLatin1Char('=') + levels[k],
                             std::vector<double>(rows, 0.0)};
        for (std::size_t i = 0; i < rows; ++i) {
            if (!text[i].isNull() && levelOf[text[i]] == levels[k])
                column.values[i] = 1.0;
        }
        out.push_back(std::move(column));
    }
    if (anyMissing) {
        EncodedColumn column{feature + QStringLiteral("_missing"), std::vector<double>(rows, 0.0)};
        for (std::size_t i = 0; i < rows; ++i)
            column.values[i] = text[i].isNull() ? 1.0 : 0.0;
        out.push_back(std::move(column));
    }
}

}  // namespace

CampaignRecords readCampaignRecords(const data::Project& project, const QString& campaign) {
    CampaignRecords records;
    records.name = campaign;
    {
        data::Statement header(project.db(),
                               "SELECT control_arm, outcomes, features FROM campaigns "
                               "WHERE name = ?1");
        header.bind(1, campaign);
        if (!header.step()) {
            QStringList names;
            data::Statement list(project.db(), "SELECT name FROM campaigns ORDER BY name");
            while (list.step())
                names.append(list.text(0));
            throw Error(QStringLiteral("%1: no campaign named %2 in the project (there are: %3)")
                            .arg(project.path(), campaign,
                                 names.isEmpty() ? QStringLiteral("none") : names.join(u", ")));
        }
        records.controlArm = header.isNull(0) ? QString() : header.text(0);
        records.outcomes = jsonList(header.text(1));
        records.features = jsonList(header.text(2));
    }
    data::Statement rows(project.db(),
                         "SELECT arm, customer, data, line FROM campaign_rows WHERE campaign = ?1 "
                         "ORDER BY id");
    rows.bind(1, campaign);
    while (rows.step()) {
        const std::string_view text = rows.textView(2);
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(
            QByteArray::fromRawData(text.data(), static_cast<qsizetype>(text.size())), &error);
        const std::int64_t line = rows.isNull(3) ? 0 : rows.int64(3);
        if (!document.isObject())
            throw Error(QStringLiteral("%1:%2: the stored row is not a JSON object (%3)")
                            .arg(campaign)
                            .arg(line)
                            .arg(error.errorString()));
        records.arm.push_back(rows.text(0));
        records.customer.push_back(rows.isNull(1) ? QString() : rows.text(1));
        records.line.push_back(line);
        records.data.push_back(document.object());
    }
    return records;
}

CampaignDesign encodeCampaign(const CampaignRecords& records) {
    const std::size_t rows = records.data.size();
    CampaignDesign design;
    design.name = records.name;

    // Arms: the control first so that arm index 0 always means "no offer".
    QStringList treatments;
    bool controlSeen = false;
    for (const QString& arm : records.arm) {
        if (arm == records.controlArm)
            controlSeen = true;
        else if (!treatments.contains(arm))
            treatments.append(arm);
    }
    if (records.controlArm.isEmpty() || !controlSeen)
        throw Error(QStringLiteral("%1: the control arm (%2) has no customers")
                        .arg(records.name, records.controlArm));
    if (treatments.isEmpty())
        throw Error(QStringLiteral("%1: no treatment arm has customers").arg(records.name));
    treatments.sort();
    design.arms = QStringList{records.controlArm} + treatments;
    design.arm.resize(rows);
    for (std::size_t i = 0; i < rows; ++i)
        design.arm[i] = static_cast<int>(design.arms.indexOf(records.arm[i]));
    design.customer = records.customer;

    design.outcomeNames = records.outcomes;
    design.outcomes.resize(static_cast<Eigen::Index>(rows), records.outcomes.size());
    design.outcomeIsBinary.assign(static_cast<std::size_t>(records.outcomes.size()), true);
    for (qsizetype k = 0; k < records.outcomes.size(); ++k) {
        for (std::size_t i = 0; i < rows; ++i) {
            const QJsonValue value = records.data[i].value(records.outcomes[k]);
            double number = std::numeric_limits<double>::quiet_NaN();
            if (!isMissing(value)) {
                const std::optional<double> parsed = numberOf(value);
                if (!parsed)
                    throw Error(QStringLiteral("%1:%2: outcome %3 is not a number (%4)")
                                    .arg(records.name)
                                    .arg(records.line[i])
                                    .arg(records.outcomes[k], textOf(value)));
                number = *parsed;
                if (number != 0.0 && number != 1.0)
                    design.outcomeIsBinary[static_cast<std::size_t>(k)] = false;
            }
            design.outcomes(static_cast<Eigen::Index>(i), k) = number;
        }
    }

    std::vector<EncodedColumn> columns;
    for (const QString& feature : records.features) {
        bool categorical = false;
        for (const QJsonObject& row : records.data) {
            const QJsonValue value = row.value(feature);
            if (!isMissing(value) && !numberOf(value)) {
                categorical = true;
                break;
            }
        }
        if (categorical)
            encodeCategorical(records, feature, columns);
        else
            encodeNumeric(records, feature, columns);
    }
    design.features.resize(static_cast<Eigen::Index>(rows),
                           static_cast<Eigen::Index>(columns.size()));
    for (std::size_t j = 0; j < columns.size(); ++j) {
        design.featureNames.append(columns[j].name);
        design.features.col(static_cast<Eigen::Index>(j)) = Eigen::Map<const Eigen::VectorXd>(
            columns[j].values.data(), static_cast<Eigen::Index>(rows));
    }
    return design;
}

}  // namespace mb::targeting
