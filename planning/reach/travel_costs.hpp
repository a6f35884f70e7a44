#pragma once

#include "geo/network/street_network.hpp"
#include "geo/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

using geo::network::cost_metric;

// A threshold or a cost as planners write it: "500 m", "1.5 km", "10 min". Distances are held
// in metres, times in seconds.
struct travel_cost {
    cost_metric metric = cost_metric::distance_m;
    double value = 0.0;
};
std::optional<travel_cost> parse_travel_cost(std::string_view text);
std::string to_string(const travel_cost& cost);    // "500 m", "10 min"
std::string field_suffix(const travel_cost& cost); // "500m", "10min", for field names
// A cost in the unit outputs use: metres, or minutes for times.
double output_value(cost_metric metric, double cost);
std::string output_unit(cost_metric metric); // "m", "min"

// The nearest facility of a set for every demand unit.
struct nearest_costs {
    std::vector<std::int64_t> facility; // position in the facility list, -1: none reachable
    std::vector<double> cost;           // infinite where none is reachable
};

// The facilities within a cost limit of every unit, sparse (a row per unit).
struct cost_matrix {
    std::vector<std::size_t> start; // row u is [start[u], start[u + 1])
    std::vector<std::uint32_t> facility;
    std::vector<double> cost;
    std::size_t units() const { return start.empty() ? 0 : start.size() - 1; }
    std::size_t entries() const { return facility.size(); }
};

// How far a demand unit is from a facility: straight-line distance (an R*-tree), or the cost
// of travelling there on a street network (demand searched towards supply: from the unit to
// the facility). One network serves every analysis of a run; costs between all units and
// facilities within a limit come from one cut-off Dijkstra per facility, run on all cores.
class travel_costs {
public:
    travel_costs() = default; // straight line
    explicit travel_costs(const geo::network::street_network& network) : m_network(&network) {}

    bool on_network() const noexcept { return m_network != nullptr; }
    const geo::network::street_network* network() const noexcept { return m_network; }
    // "straight line", "street network, walk 4.5 km/h"
    std::string describe() const;

    // Throws config_error for a time without a network.
    nearest_costs nearest(const std::vector<geo::point>& units,
                          const std::vector<geo::point>& facilities, cost_metric metric) const;
    cost_matrix within(const std::vector<geo::point>& units,
                       const std::vector<geo::point>& facilities, cost_metric metric,
                       double limit) const;

private:
    const geo::network::street_network* m_network = nullptr;
};

} // namespace standort::planning
