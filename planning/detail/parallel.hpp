#pragma once

// Work split over the machine's cores: a fixed number of contiguous parts (so sums combine in
// the same order, and give the same figures, on every machine), run on up to as many threads.

#include <algorithm>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace standort::planning::detail {

// Threads worth starting: the cores, at least one.
inline unsigned cores() {
    return std::max(1u, std::thread::hardware_concurrency());
}

// Calls f(part, begin, end) for `parts` contiguous ranges of [0, n), part 0 on the calling
// thread. Every part runs; the first exception one throws is rethrown here once all ended.
template <class F> void for_each_part(std::size_t n, std::size_t parts, F&& f) {
    parts = std::max<std::size_t>(1, parts);
    const auto begin = [&](std::size_t part) { return n * part / parts; };
    std::exception_ptr failed;
    std::mutex failed_mutex;
    const auto run = [&](std::size_t first, std::size_t stride) {
        for (std::size_t part = first; part < parts; part += stride) {
            try {
                f(part, begin(part), begin(part + 1));
            } catch (...) {
                const std::lock_guard lock(failed_mutex);
                failed = failed ? failed : std::current_exception();
            }
        }
    };
    const std::size_t threads = std::min<std::size_t>(parts, cores());
    {
        std::vector<std::jthread> pool;
        for (std::size_t t = 1; t < threads; ++t) {
            pool.emplace_back(run, t, threads);
        }
        run(0, threads);
    } // joins
    if (failed) {
        std::rethrow_exception(failed);
    }
}

} // namespace standort::planning::detail
