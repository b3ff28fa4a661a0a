#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mb::traffic {

// Seconds since 1970-01-01 for a stored time (ISO date or date-time); nullopt when unreadable.
std::optional<std::int64_t> parseTrafficTime(std::string_view text);

constexpr std::int64_t kSecondsPerDay = 86400;

// Hour of the day (0-23) of a time from parseTrafficTime.
inline int hourOfDay(std::int64_t time) {
    const std::int64_t second = ((time % kSecondsPerDay) + kSecondsPerDay) % kSecondsPerDay;
    return static_cast<int>(second / 3600);
}

// Day number of a time from parseTrafficTime (floor division, so times before 1970 work too).
inline std::int64_t dayOf(std::int64_t time) {
    return time >= 0 ? time / kSecondsPerDay : -((-time + kSecondsPerDay - 1) / kSecondsPerDay);
}

}  // namespace mb::traffic
