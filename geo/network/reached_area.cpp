#include "geo/network/reached_area.hpp"

#include <algorithm>
#include <cmath>

namespace standort::geo::network {

namespace {

point along(const point& a, const point& b, double t) {
    return {a.x() + t * (b.x() - a.x()), a.y() + t * (b.y() - a.y())};
}

void add_piece(multi_linestring& out, const point& a, const point& b, double from, double to) {
    from = std::clamp(from, 0.0, 1.0);
    to = std::clamp(to, 0.0, 1.0);
    if (to - from <= 1e-9) {
        return;
    }
    out.push_back(linestring{along(a, b, from), along(a, b, to)});
}

// How far along an edge (as a fraction) the budget left at one end carries, travelling away
// from that end with `full` the cost of the whole edge in that direction.
double reach(double budget, double full) {
    if (budget < 0) {
        return -1; // the end itself is beyond the limit
    }
    if (full == unreachable) {
        return 0;
    }
    return full > 0 ? budget / full : 1.0;
}

} // namespace

multi_linestring reached_lines(const network_search& search, double limit) {
    const auto& net = search.network();
    const auto metric = search.metric();
    const bool to = search.search_direction() == direction::to_seeds;
    multi_linestring out;
    std::vector<char> done(net.edges().size(), 0);
    for (const auto n : search.settled()) {
        for (const auto e : net.incident(n)) {
            if (done[e]) {
                continue;
            }
            done[e] = 1;
            const auto& ed = net.edges()[e];
            const point& a = net.node(ed.a);
            const point& b = net.node(ed.b);
            // to_seeds: a point x along the edge reaches the seed through a by travelling back
            // to a, so the part from a is limited by the cost of b -> a; from_seeds the other way.
            const double from_a =
                reach(limit - search.node_cost(ed.a), net.edge_cost(e, to ? ed.b : ed.a, metric));
            const double from_b =
                reach(limit - search.node_cost(ed.b), net.edge_cost(e, to ? ed.a : ed.b, metric));
            if (from_a >= 0 && from_b >= 0 && from_a + from_b >= 1) {
                add_piece(out, a, b, 0, 1);
                continue;
            }
            if (from_a > 0) {
                add_piece(out, a, b, 0, from_a);
            }
            if (from_b > 0) {
                add_piece(out, a, b, 1 - from_b, 1);
            }
        }
    }
    // Along a seed's own edge, where neither end may be within the limit.
    for (const auto& s : search.seeds()) {
        const auto& ed = net.edges()[s.edge];
        const double budget = limit - net.connector_cost(s.connector_m, metric);
        // to_seeds: points before the seed travel forward to it, points after it backward.
        const double before = reach(budget, net.edge_cost(s.edge, to ? ed.a : ed.b, metric));
        const double after = reach(budget, net.edge_cost(s.edge, to ? ed.b : ed.a, metric));
        if (budget > 0) {
            add_piece(out, net.node(ed.a), net.node(ed.b), s.t - std::max(before, 0.0),
                      s.t + std::max(after, 0.0));
        }
    }
    return out;
}

} // namespace standort::geo::network
