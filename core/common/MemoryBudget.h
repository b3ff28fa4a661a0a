#pragma once

#include "common/Error.h"

#include <QString>
#include <cstdint>
#include <optional>

namespace mb {

// How many bytes an analysis may hold for its own working data (itemsets, candidate lists,
// pair tables), counted by the algorithm itself. The machine's kernel overcommits memory, so
// without such a count a large search is killed by the system long before std::bad_alloc; with
// it, the analysis stops in time and says how far it got.
class MemoryBudget {
public:
    // Unlimited: for callers (tests, the GUI on small data) that take responsibility themselves.
    MemoryBudget() = default;
    explicit MemoryBudget(std::uint64_t limitBytes) : limit_(limitBytes) {}

    // Half of the machine's physical memory, or less when the process runs under an address
    // space limit (ulimit -v): then three quarters of that limit.
    static MemoryBudget machineDefault();
    // "4G", "512M", "800K", "1.5G" or a plain number of bytes; nullopt when unreadable or 0.
    static std::optional<std::uint64_t> parseSize(const QString& text);
    // 1.5 GB, 640 MB, 12 KB: for messages.
    static QString formatSize(std::uint64_t bytes);

    std::uint64_t limit() const { return limit_; }
    std::uint64_t used() const { return used_; }
    std::uint64_t peak() const { return peak_; }
    bool unlimited() const { return limit_ == kUnlimited; }

    // Counts `bytes` more; false (and nothing counted) when that would pass the limit.
    bool tryCharge(std::uint64_t bytes) {
        if (bytes > limit_ - used_)
            return false;
        used_ += bytes;
        peak_ = used_ > peak_ ? used_ : peak_;
        return true;
    }
    void release(std::uint64_t bytes) { used_ -= bytes < used_ ? bytes : used_; }
    // Counts a table of `bytes` allocated in one piece, or throws MemoryBudgetExceeded:
    // "<what> needs <bytes>, over the <limit> memory limit: <advice>".
    void chargeTable(std::uint64_t bytes, const QString& what, const QString& advice);

private:
    static constexpr std::uint64_t kUnlimited = ~std::uint64_t{0};
    std::uint64_t limit_ = kUnlimited;
    std::uint64_t used_ = 0;
    std::uint64_t peak_ = 0;
};

// An analysis stopped because its working data would pass the memory budget. The message says
// how far it got and what to change; commands report it as an input error (exit 2).
class MemoryBudgetExceeded : public Error {
public:
    using Error::Error;
};

}  // namespace mb
