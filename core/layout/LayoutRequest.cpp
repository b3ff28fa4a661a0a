#include "layout/LayoutRequest.h"

#include "jobs/RequestReader.h"

#include <QJsonArray>

namespace mb::layout {

namespace {

const QString kAnalysis = QStringLiteral("layout");

QJsonArray placementsJson(const std::vector<CategoryZone>& placements) {
    QJsonArray array;
    for (const CategoryZone& placement : placements)
        array.append(QJsonObject{{QStringLiteral("category"), placement.category},
                                 {QStringLiteral("zone"), placement.zone}});
    return array;
}

std::vector<CategoryZone> readPlacements(jobs::RequestReader& reader, const char* field) {
    std::vector<CategoryZone> placements;
    for (const auto& value : reader.array(field)) {
        const QJsonObject object = value.toObject();
        const QString category = object.value(QStringLiteral("category")).toString();
        const QString zone = object.value(QStringLiteral("zone")).toString();
        if (!value.isObject() || object.size() != 2 || category.isEmpty() || zone.isEmpty())
            reader.fail(field, QStringLiteral("a list of {\"category\": ..., \"zone\": ...}"));
        placements.push_back(CategoryZone{category, zone});
    }
    return placements;
}

// A given effect: three numbers with 0 < ci_low <= rate_ratio_per_10m <= ci_high.
std::optional<ProximityEffect> readEffect(jobs::RequestReader& reader) {
    const QJsonObject object = reader.object("effect");  // read even when null, so it is known
    if (!reader.has("effect"))
        return std::nullopt;
    ProximityEffect effect;
    const auto number = [&](const char* key) {
        const QJsonValue value = object.value(QLatin1String(key));
        return value.isDouble() ? value.toDouble() : std::nan("");
    };
    effect.ratePer10m = number("rate_ratio_per_10m");
    effect.ciLow = number("ci_low");
    effect.ciHigh = number("ci_high");
    if (object.size() != 3 || !effect.identified())
        reader.fail("effect", QStringLiteral("{\"rate_ratio_per_10m\": R, \"ci_low\": L, "
                                             "\"ci_high\": H} with 0 < L <= R <= H"));
    return effect;
}

}  // namespace

QJsonValue seedJson(qint64 seed) {
    constexpr qint64 kExactInDouble = qint64(1) << 53;
    return seed <= kExactInDouble ? QJsonValue(seed) : QJsonValue(QString::number(seed));
}

CategoryZone parseCategoryZone(const QString& text) {
    const qsizetype equals = text.lastIndexOf(u'=');
    if (equals <= 0)
        return {};
    return CategoryZone{text.left(equals).trimmed(), text.mid(equals + 1).trimmed()};
}

QJsonObject LayoutRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("optimize"), optimise);
    json.insert(QStringLiteral("seconds"), seconds);
    json.insert(QStringLiteral("iterations"), iterations);
    json.insert(QStringLiteral("seed"), seedJson(seed));
    json.insert(QStringLiteral("fix"), placementsJson(fixed));
    json.insert(QStringLiteral("forbid"), placementsJson(forbidden));
    json.insert(QStringLiteral("capacity"), capacity);
    json.insert(QStringLiteral("max_moves"), maxMoves);
    json.insert(QStringLiteral("weights"),
                QJsonObject{{QStringLiteral("adjacency"), weights.adjacency},
                            {QStringLiteral("exposure"), weights.exposure},
                            {QStringLiteral("distance"), weights.distance}});
    json.insert(QStringLiteral("impulse"), QJsonArray::fromStringList(impulse));
    json.insert(QStringLiteral("closeness_metres"), closenessMetres);
    json.insert(QStringLiteral("start_layout"), placementsJson(start));
    json.insert(QStringLiteral("memory_limit"), memoryLimit);
    json.insert(QStringLiteral("store"), store);
    json.insert(QStringLiteral("as_of"), asOf);
    json.insert(QStringLiteral("proposed_layout"), placementsJson(proposed));
    json.insert(
        QStringLiteral("effect"),
        effect ? QJsonValue(QJsonObject{{QStringLiteral("rate_ratio_per_10m"), effect->ratePer10m},
                                        {QStringLiteral("ci_low"), effect->ciLow},
                                        {QStringLiteral("ci_high"), effect->ciHigh}})
               : QJsonValue());
    return json;
}

LayoutRequest LayoutRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    LayoutRequest request;
    request.optimise = reader.flag("optimize", request.optimise);
    request.seconds = reader.number("seconds", request.seconds, 0.0, 1e6);
    if (!(request.seconds > 0))
        reader.fail("seconds", QStringLiteral("a number above 0 and at most 1e6"));
    request.iterations = reader.whole("iterations", request.iterations);
    request.seed = reader.whole("seed", request.seed);
    request.fixed = readPlacements(reader, "fix");
    request.forbidden = readPlacements(reader, "forbid");
    request.capacity = static_cast<int>(reader.whole("capacity", request.capacity, 1, 1000));
    request.maxMoves =
        static_cast<int>(reader.whole("max_moves", request.maxMoves, 0, 1'000'000'000));
    if (reader.has("weights")) {
        const QJsonObject weights = reader.object("weights");
        for (auto it = weights.begin(); it != weights.end(); ++it) {
            double* target = it.key() == QLatin1String("adjacency")  ? &request.weights.adjacency
                             : it.key() == QLatin1String("exposure") ? &request.weights.exposure
                             : it.key() == QLatin1String("distance") ? &request.weights.distance
                                                                     : nullptr;
            if (!target || !it.value().isDouble())
                reader.fail("weights", QStringLiteral("{\"adjacency\": A, \"exposure\": E, "
                                                      "\"distance\": D} with numbers"));
            *target = it.value().toDouble();
        }
    }
    request.impulse = reader.texts("impulse");
    request.closenessMetres = reader.number("closeness_metres", request.closenessMetres, 0.0);
    if (!(request.closenessMetres > 0) || !std::isfinite(request.closenessMetres))
        reader.fail("closeness_metres", QStringLiteral("a number above 0"));
    request.start = readPlacements(reader, "start_layout");
    request.memoryLimit = reader.whole("memory_limit", request.memoryLimit);
    request.store = reader.text("store");
    request.asOf = reader.date("as_of");
    request.proposed = readPlacements(reader, "proposed_layout");
    if (request.optimise && !request.proposed.empty())
        reader.fail("proposed_layout",
                    QStringLiteral("no proposed layout with optimize (either one predicts)"));
    request.effect = readEffect(reader);
    reader.finish();
    return request;
}

}  // namespace mb::layout
