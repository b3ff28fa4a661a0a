#pragma once

#include <string>

namespace mb::data::demo {

// "P" + zero-padded number, built by appending: GCC 12 warns (falsely, -Wrestrict) on
// `const char* + std::string` at -O3, and the build keeps warnings at zero.
inline std::string labelled(const char* prefix, long long number, std::size_t width = 0) {
    const std::string digits = std::to_string(number);
    std::string text(prefix);
    if (digits.size() < width)
        text.append(width - digits.size(), '0');
    text.append(digits);
    return text;
}

}  // namespace mb::data::demo
