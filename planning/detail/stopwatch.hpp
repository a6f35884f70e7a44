#pragma once

// Time since a start, and the time left of a limit: what every search with a time limit asks.

#include <chrono>

namespace standort::planning::detail {

class stopwatch {
public:
    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    }
    // Seconds left of `limit_s` (negative once it has passed).
    double left(double limit_s) const { return limit_s - seconds(); }

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

} // namespace standort::planning::detail
