#include "layout/LayoutEffectRequest.h"

#include "jobs/RequestReader.h"

#include <QJsonArray>

namespace mb::layout {

namespace {

const QString kAnalysis = QStringLiteral("layout-effect");

}  // namespace

QJsonObject LayoutEffectRequest::toJson() const {
    QJsonObject json = jobs::requestJson(kAnalysis);
    json.insert(QStringLiteral("stores"), QJsonArray::fromStringList(stores));
    json.insert(QStringLiteral("as_of"), asOf);
    json.insert(QStringLiteral("memory_limit"), memoryLimit);
    return json;
}

LayoutEffectRequest LayoutEffectRequest::fromJson(const QJsonObject& json) {
    jobs::RequestReader reader(json, kAnalysis);
    LayoutEffectRequest request;
    request.stores = reader.texts("stores");
    for (const QString& store : request.stores)
        if (store.trimmed().isEmpty() || request.stores.count(store) > 1)
            reader.fail("stores", QStringLiteral("a list of different, non-empty store ids"));
    request.asOf = reader.date("as_of");
    request.memoryLimit = reader.whole("memory_limit", request.memoryLimit);
    reader.finish();
    return request;
}

}  // namespace mb::layout
