// Checks shared by the request round-trip tests of every analysis.
#pragma once

#include "common/Error.h"

#include <QJsonObject>
#include <QString>

namespace mbtest {

// Why Request::fromJson refused the JSON; empty when it accepted it.
template <typename Request>
QString refusal(const QJsonObject& json) {
    try {
        Request::fromJson(json);
        return {};
    } catch (const mb::Error& error) {
        return error.message().isEmpty() ? QStringLiteral("(refused without a message)")
                                         : error.message();
    }
}

// Whether toJson -> fromJson gives back the request, field for field, and writes the same JSON.
template <typename Request>
bool roundTrips(const Request& request) {
    const QJsonObject json = request.toJson();
    const Request back = Request::fromJson(json);
    return back == request && back.toJson() == json;
}

}  // namespace mbtest
