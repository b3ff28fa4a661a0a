#pragma once

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace mb::demand {

// Runs work(i) for i in [0, count) on up to `threads` threads (0: one per core); each index is
// independent, so the result does not depend on the thread count.
template <typename Work>
void parallelFor(int count, int threads, Work work) {
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    threads = std::min(threads, count);
    std::atomic<int> next{0};
    auto run = [&] {
        for (int i = next.fetch_add(1); i < count; i = next.fetch_add(1))
            work(i);
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t)
        pool.emplace_back(run);
    run();
    for (std::thread& thread : pool)
        thread.join();
}

}  // namespace mb::demand
