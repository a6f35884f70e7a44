#include "planning/detail/planner_travel.hpp"

#include "geo/error.hpp"

#include <fmt/format.h>

namespace standort::planning::detail {

geo::network::street_network build_network(const street_data& streets,
                                           geo::network::travel_mode mode,
                                           const progress_callback& progress) {
    auto options = streets.options;
    options.mode = mode;
    say(progress,
        fmt::format("building the {} network from {} ways", to_string(mode), streets.ways.size()));
    auto network = geo::network::street_network::build(streets.ways, options);
    if (network.edges().empty()) {
        throw input_error(
            fmt::format("the street network has no way open to {} (field `{}`)", to_string(mode),
                        streets.class_field),
            error_context{streets.source, streets.layer, std::nullopt, {}, streets.class_field});
    }
    return network;
}

double phase_clock::lap() {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - m_start).count();
    m_start = now;
    return s;
}

} // namespace standort::planning::detail
