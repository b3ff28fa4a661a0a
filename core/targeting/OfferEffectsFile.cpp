#include "targeting/OfferEffectsFile.h"

#include "data/HeaderedCsv.h"
#include "data/ValueParser.h"

#include <QHash>
#include <QSet>

namespace mb::targeting {

namespace {

std::int32_t indexOf(QHash<QString, std::int32_t>& indices, QStringList& names,
                     const QString& name) {
    const auto found = indices.constFind(name);
    if (found != indices.constEnd())
        return *found;
    const auto index = static_cast<std::int32_t>(names.size());
    indices.insert(name, index);
    names.append(name);
    return index;
}

}  // namespace

OfferEffectsFile readOfferEffectsFile(const QString& path) {
    data::HeaderedCsv csv(path);
    const int customerColumn = csv.column(QStringLiteral("customer"), true);
    const int offerColumn = csv.column(QStringLiteral("offer"), true);
    const int effectColumn = csv.column(QStringLiteral("effect"), true);
    const int costColumn = csv.column(QStringLiteral("cost"), true);
    const int consentColumn = csv.column(QStringLiteral("consent"), false);
    const int eligibleColumn = csv.column(QStringLiteral("eligible"), false);

    OfferEffectsFile file;
    QHash<QString, std::int32_t> customerIndex;
    QHash<QString, std::int32_t> offerIndex;
    QSet<std::int64_t> pairs;
    std::vector<std::uint8_t>& consented = file.problem.consented;
    while (csv.next()) {
        const std::string_view customerText = data::trimmed(csv.field(customerColumn));
        const std::string_view offerText = data::trimmed(csv.field(offerColumn));
        if (customerText.empty())
            csv.fail(customerColumn, QStringLiteral("customer is empty"));
        if (offerText.empty())
            csv.fail(offerColumn, QStringLiteral("offer is empty"));
        OfferOption option;
        option.customer = indexOf(
            customerIndex, file.customers,
            QString::fromUtf8(customerText.data(), static_cast<qsizetype>(customerText.size())));
        option.offer =
            indexOf(offerIndex, file.offers,
                    QString::fromUtf8(offerText.data(), static_cast<qsizetype>(offerText.size())));
        option.effect = csv.number(effectColumn, "effect");
        option.cost = csv.number(costColumn, "cost");
        if (option.cost < 0.0)
            csv.fail(costColumn, QStringLiteral("cost is negative"));
        if (eligibleColumn >= 0)
            option.eligible = csv.flag(eligibleColumn, "eligible");
        const bool consent = consentColumn < 0 || csv.flag(consentColumn, "consent");
        if (static_cast<std::size_t>(option.customer) == consented.size())
            consented.push_back(1);
        if (!consent)
            consented[static_cast<std::size_t>(option.customer)] = 0;
        const std::int64_t pair = (static_cast<std::int64_t>(option.customer) << 32) | option.offer;
        if (pairs.contains(pair))
            csv.fail(offerColumn, QStringLiteral("this customer already has a row for this offer"));
        pairs.insert(pair);
        file.problem.options.push_back(option);
    }
    file.problem.customerCount = static_cast<std::int32_t>(file.customers.size());
    file.problem.offerCount = static_cast<std::int32_t>(file.offers.size());
    return file;
}

}  // namespace mb::targeting
