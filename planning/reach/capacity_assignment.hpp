#pragma once

#include "planning/reach/travel_costs.hpp"

#include <cstdint>
#include <vector>

namespace standort::planning {

// Capacity-constrained allocation (a transport problem): every child goes to a facility in
// reach, no facility takes more than its capacity, and the total travel (children times cost)
// is the least possible. Children no facility in reach has room for stay unassigned; the
// solution first assigns as many children as the capacities allow, then minimises travel
// among such solutions. Solved as a minimum-cost flow with LEMON's network simplex (COIN-OR).
struct assignment_flow {
    std::uint32_t unit = 0;
    std::uint32_t facility = 0; // position in the capacity vector
    double children = 0;
    double cost = 0;
};

struct assignment_result {
    std::vector<assignment_flow> flows; // by unit, then facility
    std::vector<double> unassigned;     // per unit
    std::vector<double> assigned;       // per facility
    double total_cost = 0;              // children times cost, summed
    std::vector<bool> arcs;             // per cost entry: in the solver's last round
};

// `costs` rows are the units, its facility numbers index `capacity`. Children and capacities
// are counted in hundredths when they are not whole numbers (the flow is solved in integers).
// `start_arcs` (per cost entry, optional) are arcs the solver starts with besides each unit's
// cheapest: the `arcs` of a similar problem solved before (the same units and sites, one site
// more or less), so a what-if seldom needs a second round. The result never depends on them.
assignment_result assign_with_capacity(const std::vector<double>& demand,
                                       const std::vector<double>& capacity,
                                       const cost_matrix& costs,
                                       const std::vector<bool>* start_arcs = nullptr);

} // namespace standort::planning
