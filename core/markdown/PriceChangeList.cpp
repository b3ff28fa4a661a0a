#include "markdown/PriceChangeList.h"

#include "export/CsvExport.h"

#include <cmath>

namespace mb::markdown {

namespace {

double rounded(double value, int decimals) {
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

qint64 minorUnitScale() {
    qint64 scale = 1;
    for (int i = 0; i < kMinorUnitDecimals; ++i)
        scale *= 10;
    return scale;
}

}  // namespace

qint64 toMinorUnits(double price) {
    return std::llround(price * double(minorUnitScale()));
}

QString minorUnitsText(qint64 minorUnits) {
    const qint64 scale = minorUnitScale();
    const qint64 whole = std::abs(minorUnits) / scale;
    const qint64 part = std::abs(minorUnits) % scale;
    return QStringLiteral("%1%2.%3")
        .arg(minorUnits < 0 ? QStringLiteral("-") : QString())
        .arg(whole)
        .arg(part, kMinorUnitDecimals, 10, QLatin1Char('0'));
}

std::vector<PriceChange> seasonPriceChanges(const SeasonPlan& season, bool perCluster,
                                            const std::map<int, ItemEditPtr>* edits) {
    std::vector<PriceChange> changes;
    for (int i = 0; i < static_cast<int>(season.items.size()); ++i) {
        const ItemPlan& item = season.items[size_t(i)];
        if (!item.planned)
            continue;
        const ItemEdit* edit = nullptr;
        if (edits) {
            const auto found = edits->find(i);
            edit = found == edits->end() ? nullptr : found->second.get();
        }
        const MarkdownPlan& plan = edit ? edit->plan : item.plan;
        const std::vector<int> steps = edit ? edit->steps : planSteps(item);
        const QString cluster = perCluster ? item.item.cluster : QString();
        int previous = item.input.rules.startStep;
        for (int week = 0; week < static_cast<int>(steps.size()); ++week) {
            const int step = steps[size_t(week)];
            if (step == previous)
                continue;
            const int from = previous;
            previous = step;
            for (qsizetype s = 0; s < item.stores.size(); ++s) {
                const double price = item.storePrice(s, step);
                // Two steps on one price point are no change on the shelf.
                if (toMinorUnits(price) == toMinorUnits(item.storePrice(s, from)))
                    continue;
                PriceChange change;
                change.product = item.item.product;
                change.store = item.stores[s];
                change.cluster = cluster;
                change.category = item.item.category;
                change.week = season.firstWeek.addDays(7 * week);
                change.step = step;
                change.priceCents = toMinorUnits(price);
                change.discount = 1.0 - price / item.storeRegularPrices[size_t(s)];
                change.units = plan.expectedUnits;
                change.revenue = plan.expectedRevenue;
                change.margin = plan.expectedMargin;
                change.sellThrough = plan.expectedSellThrough;
                change.source = !edit                      ? QStringLiteral("plan")
                                : edit->isLocked(week + 1) ? QStringLiteral("locked")
                                                           : QStringLiteral("edited");
                changes.push_back(std::move(change));
            }
        }
    }
    return changes;
}

std::vector<jobs::Decision> priceChangeDecisions(const std::vector<PriceChange>& changes) {
    std::vector<jobs::Decision> decisions;
    decisions.reserve(changes.size());
    for (const PriceChange& change : changes) {
        QJsonObject payload{{QStringLiteral("product"), change.product},
                            {QStringLiteral("store"), change.store},
                            {QStringLiteral("week"), change.week.toString(Qt::ISODate)},
                            {QStringLiteral("step"), change.step},
                            {QStringLiteral("price_cents"), change.priceCents},
                            {QStringLiteral("price"), minorUnitsText(change.priceCents).toDouble()},
                            {QStringLiteral("edited"), change.source != u"plan"},
                            {QStringLiteral("locked"), change.source == u"locked"}};
        // The expected figures the list carries, so a store system reading the published
        // decisions (publish) sees what the plan counted on.
        payload[QStringLiteral("category")] = change.category;
        payload[QStringLiteral("discount")] = rounded(change.discount, 4);
        payload[QStringLiteral("expected_units")] = rounded(change.units, 2);
        payload[QStringLiteral("expected_revenue")] = rounded(change.revenue, 2);
        payload[QStringLiteral("expected_margin")] = rounded(change.margin, 2);
        payload[QStringLiteral("expected_sell_through")] = rounded(change.sellThrough, 4);
        if (!change.cluster.isEmpty())
            payload[QStringLiteral("cluster")] = change.cluster;
        decisions.push_back({QStringLiteral("price_change"),
                             change.product + QLatin1Char('@') + change.store, payload});
    }
    return decisions;
}

void writePriceChangeList(const QString& path, const std::vector<PriceChange>& changes,
                          const QJsonObject& parameters) {
    exporting::CsvWriter writer(path);
    writer.writeRow(
        QStringList{QStringLiteral("product"), QStringLiteral("store"), QStringLiteral("category"),
                    QStringLiteral("week"), QStringLiteral("step"), QStringLiteral("new_price"),
                    QStringLiteral("discount"), QStringLiteral("expected_units"),
                    QStringLiteral("expected_revenue"), QStringLiteral("expected_margin"),
                    QStringLiteral("expected_sell_through"), QStringLiteral("shared_with_cluster"),
                    QStringLiteral("source")});
    exporting::CsvRow row;
    for (const PriceChange& change : changes) {
        row.clear();
        row.text(change.product)
            .text(change.store)
            .text(change.category)
            .text(change.week.toString(Qt::ISODate))
            .integer(change.step)
            .text(minorUnitsText(change.priceCents))
            .number(rounded(change.discount, 4))
            .number(rounded(change.units, 2))
            .number(rounded(change.revenue, 2))
            .number(rounded(change.margin, 2))
            .number(rounded(change.sellThrough, 4))
            .text(change.cluster)
            .text(change.source);
        writer.writeRow(row);
    }
    writer.commit();
    exporting::writeParametersSidecar(path, parameters);
}

}  // namespace mb::markdown
