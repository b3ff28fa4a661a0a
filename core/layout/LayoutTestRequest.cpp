#include "layout/LayoutTestRequest.h"

#include "jobs/RequestReader.h"
#include "layout/LayoutRequest.h"

#include <QJsonArray>

namespace mb::layout {

namespace {

const QString kAnalysis = QStringLiteral("layout-test");

// Store names as given, without blanks or repeats (a store is changed or control once).
QStringList readStores(jobs::RequestReader& reader, const char* field) {
    QStringList stores;
    for (const QString& store : reader.texts(field)) {
        const QString name = store.trimmed();
        if (name.isEmpty())
            reader.fail(field, QStringLiteral("store names, none empty"));
        if (stores.contains(name))
            reader.fail(field, QStringLiteral("each store once (%1 is named twice)").arg(name));
        stores.append(name);
    }
    return stores;
}

}  // namespace

QJsonObject LayoutTestRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("stores"), QJsonArray::fromStringList(stores));
    json.insert(QStringLiteral("date"), date);
    json.insert(QStringLiteral("control"), QJsonArray::fromStringList(control));
    json.insert(QStringLiteral("weeks"), weeks);
    json.insert(QStringLiteral("confidence"), confidence);
    json.insert(QStringLiteral("seed"), seedJson(seed));
    return json;
}

LayoutTestRequest LayoutTestRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    LayoutTestRequest request;
    request.stores = readStores(reader, "stores");
    if (request.stores.isEmpty())
        reader.fail("stores", QStringLiteral("at least one changed store"));
    request.date = reader.date("date");
    if (request.date.isEmpty())
        reader.fail("date", QStringLiteral("the date of the layout change, YYYY-MM-DD"));
    request.control = readStores(reader, "control");
    for (const QString& store : request.control)
        if (request.stores.contains(store))
            reader.fail("control",
                        QStringLiteral("stores that did not change (%1 is in stores)").arg(store));
    request.weeks = static_cast<int>(reader.whole("weeks", request.weeks, 1, 104));
    request.confidence = reader.number("confidence", request.confidence, 0.5, 0.999);
    request.seed = reader.whole("seed", request.seed);
    reader.finish();
    return request;
}

}  // namespace mb::layout
