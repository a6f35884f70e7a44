#pragma once

// Internals the planner's entries share (planner.cpp, planner_reach.cpp, planner_forecast.cpp).

#include "planning/planner.hpp"

#include <chrono>
#include <memory>

namespace standort::planning {

// The costs an entry measures with, and the graph they point to, kept alive together.
struct planner::travel {
    std::shared_ptr<const geo::network::street_network> network;
    travel_costs costs;
};

namespace detail {

// The graph of one mode from the project's ways. Throws input_error when no way is open to it.
geo::network::street_network build_network(const street_data& streets,
                                           geo::network::travel_mode mode,
                                           const progress_callback& progress);

// Seconds since `start`, which moves on to now: one phase after the other.
class phase_clock {
public:
    double lap();

private:
    std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
};

inline void say(const progress_callback& progress, const std::string& step) {
    if (progress) {
        progress(step);
    }
}

} // namespace detail

} // namespace standort::planning
