#include "traffic/TrafficTime.h"

#include "data/ValueParser.h"

namespace mb::traffic {

std::optional<std::int64_t> parseTrafficTime(std::string_view text) {
    const auto value = data::parseDateTime(data::trimmed(text), data::DateOrder::Iso);
    if (!value)
        return std::nullopt;
    return std::int64_t{value->days} * kSecondsPerDay + value->seconds;
}

}  // namespace mb::traffic
