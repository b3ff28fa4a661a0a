#pragma once

#include <atomic>
#include <functional>

namespace mb {

// Shared between a long computation and whoever waits for it (the GUI, the CLI). The worker
// reports a fraction in [0, 1] and checks isCancelled() at safe points; cancelling never leaves
// anything half-written because every writer works inside one transaction.
class ProgressToken {
public:
    using Listener = std::function<void(double fraction)>;

    ProgressToken() = default;
    explicit ProgressToken(Listener listener) : listener_(std::move(listener)) {}

    void setListener(Listener listener) { listener_ = std::move(listener); }
    void report(double fraction) {
        fraction_.store(fraction, std::memory_order_relaxed);
        if (listener_)
            listener_(fraction);
    }
    double fraction() const { return fraction_.load(std::memory_order_relaxed); }

    void cancel() { cancelled_.store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return cancelled_.load(std::memory_order_relaxed); }

private:
    Listener listener_;
    std::atomic<double> fraction_{0.0};
    std::atomic<bool> cancelled_{false};
};

}  // namespace mb
