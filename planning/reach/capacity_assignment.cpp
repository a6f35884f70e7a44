#include "planning/reach/capacity_assignment.hpp"

#include "geo/error.hpp"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <cmath>

#include <fmt/format.h>

namespace standort::planning {

assignment_result assign_with_capacity(const std::vector<double>& demand,
                                       const std::vector<double>& capacity,
                                       const cost_matrix& costs) {
    if (costs.units() != demand.size()) {
        throw internal_error("assign_with_capacity: one cost row per demand unit");
    }
    assignment_result out;
    out.unassigned = demand;
    out.assigned.assign(capacity.size(), 0.0);

    // Whole numbers (children of a grid cell, seats) are solved as they are, anything else in
    // hundredths.
    bool whole = true;
    for (double v : demand) {
        whole = whole && v >= 0 && v == std::floor(v);
    }
    for (double v : capacity) {
        whole = whole && v >= 0 && v == std::floor(v);
    }
    const double scale = whole ? 1.0 : 100.0;
    // Costs in tenths of a metre or second, an integer per arc.
    constexpr double cost_scale = 10.0;
    std::int64_t max_cost = 0;
    for (double c : costs.cost) {
        max_cost = std::max(max_cost, static_cast<std::int64_t>(std::llround(c * cost_scale)));
    }
    // Leaving a child unassigned must cost more than any chain of reassignments that would
    // place it (a chain passes each facility at most once), so as many children as possible
    // are placed first: (facilities + 1) times the largest cost.
    const auto penalty = (static_cast<std::int64_t>(capacity.size()) + 1) * max_cost + 1;
    double total_units = 0;
    for (double v : demand) {
        total_units += std::llround(v * scale);
    }
    // LEMON's network simplex works with artificial costs near 2^62; keep below that.
    if (total_units * static_cast<double>(penalty) > 2e18 || penalty > (std::int64_t{1} << 60)) {
        throw config_error(fmt::format("the capacity assignment is too large for 64-bit costs "
                                       "({} facilities, a limit of {} cost units); lower the "
                                       "limit or split the area",
                                       capacity.size(), max_cost));
    }

    using graph = lemon::SmartDigraph;
    graph g;
    std::vector<graph::Node> unit_node(demand.size());
    std::vector<graph::Node> facility_node(capacity.size());
    const graph::Node sink = g.addNode();
    graph::NodeMap<std::int64_t> supply(g, 0);
    graph::ArcMap<std::int64_t> upper(g);
    graph::ArcMap<std::int64_t> cost(g);
    std::int64_t total = 0;
    for (std::size_t f = 0; f < capacity.size(); ++f) {
        facility_node[f] = g.addNode();
    }
    // Arcs to the sink from each facility, as many as it has room for.
    std::vector<graph::Arc> room(capacity.size());
    for (std::size_t f = 0; f < capacity.size(); ++f) {
        room[f] = g.addArc(facility_node[f], sink);
        upper.set(room[f], std::llround(capacity[f] * scale));
        cost.set(room[f], 0);
    }
    struct unit_arcs {
        std::size_t first_entry = 0;
        std::vector<graph::Arc> to_facility;
        graph::Arc unplaced;
    };
    std::vector<unit_arcs> arcs(demand.size());
    for (std::size_t u = 0; u < demand.size(); ++u) {
        const std::int64_t d = std::llround(demand[u] * scale);
        if (d <= 0) {
            continue;
        }
        unit_node[u] = g.addNode();
        supply.set(unit_node[u], d);
        total += d;
        auto& a = arcs[u];
        a.first_entry = costs.start[u];
        for (auto i = costs.start[u]; i < costs.start[u + 1]; ++i) {
            const auto arc = g.addArc(unit_node[u], facility_node[costs.facility[i]]);
            upper.set(arc, d);
            cost.set(arc, std::llround(costs.cost[i] * cost_scale));
            a.to_facility.push_back(arc);
        }
        a.unplaced = g.addArc(unit_node[u], sink);
        upper.set(a.unplaced, d);
        cost.set(a.unplaced, penalty);
    }
    supply.set(sink, -total);
    if (total == 0) {
        out.unassigned.assign(demand.size(), 0.0); // every unit under a hundredth of a child
        return out;
    }

    lemon::NetworkSimplex<graph, std::int64_t, std::int64_t> simplex(g);
    simplex.upperMap(upper).costMap(cost).supplyMap(supply);
    if (simplex.run() != lemon::NetworkSimplex<graph, std::int64_t, std::int64_t>::OPTIMAL) {
        throw internal_error(
            "the capacity assignment has no optimal solution (a bug: every child may "
            "stay unassigned, so one always exists)");
    }
    for (std::size_t u = 0; u < demand.size(); ++u) {
        if (std::llround(demand[u] * scale) <= 0) {
            out.unassigned[u] = 0; // under a hundredth of a child: nothing to place
            continue;
        }
        const auto& a = arcs[u];
        for (std::size_t k = 0; k < a.to_facility.size(); ++k) {
            const auto flow = simplex.flow(a.to_facility[k]);
            if (flow <= 0) {
                continue;
            }
            const auto i = a.first_entry + k;
            const double children = static_cast<double>(flow) / scale;
            out.flows.push_back(
                {static_cast<std::uint32_t>(u), costs.facility[i], children, costs.cost[i]});
            out.assigned[costs.facility[i]] += children;
            out.total_cost += children * costs.cost[i];
        }
        out.unassigned[u] = static_cast<double>(simplex.flow(a.unplaced)) / scale;
    }
    return out;
}

} // namespace standort::planning
