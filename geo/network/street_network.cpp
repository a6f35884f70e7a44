#include "geo/network/street_network.hpp"

#include "geo/error.hpp"

#include <boost/geometry.hpp>

#include <cmath>
#include <numeric>
#include <unordered_map>

namespace standort::geo::network {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

std::string to_string(cost_metric metric) {
    return metric == cost_metric::distance_m ? "distance" : "time";
}

namespace {

struct cell_key {
    std::int64_t x;
    std::int64_t y;
    bool operator==(const cell_key&) const = default;
};
struct cell_hash {
    std::size_t operator()(const cell_key& k) const noexcept {
        return std::hash<std::uint64_t>{}(static_cast<std::uint64_t>(k.x) * 73856093ULL ^
                                          static_cast<std::uint64_t>(k.y) * 19349663ULL);
    }
};

} // namespace

street_network street_network::build(const std::vector<street_way>& ways,
                                     const network_options& options) {
    street_network net;
    net.m_options = options;
    net.m_stats.ways_read = ways.size();
    if (!(options.node_tolerance_m >= 1e-4)) {
        throw config_error("the network's node tolerance must be at least 0.1 mm");
    }
    // Vertices are found by a hash grid of tolerance-sized cells; a vertex looks in its cell and
    // the eight around it, so two within the tolerance meet even across a cell border.
    const double tol = options.node_tolerance_m;
    const double scale = 1.0 / tol;
    std::unordered_multimap<cell_key, std::uint32_t, cell_hash> node_of;
    auto node_at = [&](const point& p) {
        // Readers refuse non-finite coordinates; llround of one would be undefined.
        if (!std::isfinite(p.x()) || !std::isfinite(p.y()) || std::abs(p.x() * scale) > 9e18 ||
            std::abs(p.y() * scale) > 9e18) {
            throw input_error("a street vertex is not a usable coordinate");
        }
        const std::int64_t cx = std::llround(p.x() * scale);
        const std::int64_t cy = std::llround(p.y() * scale);
        std::uint32_t best = std::numeric_limits<std::uint32_t>::max();
        double best_d = tol;
        for (std::int64_t dx = -1; dx <= 1; ++dx) {
            for (std::int64_t dy = -1; dy <= 1; ++dy) {
                const auto [from, to] = node_of.equal_range(cell_key{cx + dx, cy + dy});
                for (auto it = from; it != to; ++it) {
                    const double d = bg::distance(p, net.m_nodes[it->second]);
                    if (d <= best_d) {
                        best_d = d;
                        best = it->second;
                    }
                }
            }
        }
        if (best != std::numeric_limits<std::uint32_t>::max()) {
            return best;
        }
        const auto n = static_cast<std::uint32_t>(net.m_nodes.size());
        net.m_nodes.push_back(p);
        node_of.emplace(cell_key{cx, cy}, n);
        return n;
    };
    for (const auto& way : ways) {
        const way_access access = access_for(options.mode, way.tags, options.speeds);
        if (!(access.forward || access.backward) || way.line.size() < 2 ||
            !(access.speed_kmh > 0)) {
            continue;
        }
        ++net.m_stats.ways_used;
        const double mps = access.speed_kmh / 3.6;
        std::uint32_t prev = node_at(way.line.front());
        for (std::size_t i = 1; i < way.line.size(); ++i) {
            const std::uint32_t next = node_at(way.line[i]);
            if (next == prev) {
                continue;
            }
            edge e;
            e.a = prev;
            e.b = next;
            e.length_m = bg::distance(net.m_nodes[prev], net.m_nodes[next]);
            e.forward_s = access.forward ? e.length_m / mps : unreachable;
            e.backward_s = access.backward ? e.length_m / mps : unreachable;
            net.m_stats.length_km += e.length_m / 1000;
            net.m_edges.push_back(e);
            prev = next;
        }
    }
    if (net.m_edges.size() >= std::numeric_limits<std::uint32_t>::max()) {
        throw input_error("the street network has too many segments for 32-bit edge numbers");
    }

    // Incident edges per node (CSR).
    const std::size_t n = net.m_nodes.size();
    net.m_incident_start.assign(n + 1, 0);
    for (const auto& e : net.m_edges) {
        ++net.m_incident_start[e.a + 1];
        ++net.m_incident_start[e.b + 1];
    }
    std::partial_sum(net.m_incident_start.begin(), net.m_incident_start.end(),
                     net.m_incident_start.begin());
    net.m_incident.resize(net.m_incident_start[n]);
    {
        std::vector<std::uint32_t> fill(net.m_incident_start.begin(),
                                        net.m_incident_start.end() - 1);
        for (std::uint32_t i = 0; i < net.m_edges.size(); ++i) {
            net.m_incident[fill[net.m_edges[i].a]++] = i;
            net.m_incident[fill[net.m_edges[i].b]++] = i;
        }
    }

    // Connected parts (ignoring direction), by union-find over the edges.
    std::vector<std::uint32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0u);
    auto find = [&](std::uint32_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    };
    for (const auto& e : net.m_edges) {
        const auto ra = find(e.a);
        const auto rb = find(e.b);
        if (ra != rb) {
            parent[std::max(ra, rb)] = std::min(ra, rb);
        }
    }
    std::vector<std::size_t> part_edges(n, 0);
    for (const auto& e : net.m_edges) {
        ++part_edges[find(e.a)];
    }
    std::uint32_t main = 0;
    for (std::uint32_t i = 0; i < n; ++i) {
        if (part_edges[i] > 0) {
            ++net.m_stats.components;
            if (part_edges[i] > part_edges[main]) {
                main = i;
            }
        }
    }
    std::vector<segment_entry> entries;
    entries.reserve(net.m_edges.size());
    for (std::uint32_t i = 0; i < net.m_edges.size(); ++i) {
        const auto& e = net.m_edges[i];
        if (find(e.a) != main) {
            ++net.m_stats.edges_outside_main;
            continue;
        }
        box b;
        bg::envelope(bg::model::segment<point>(net.m_nodes[e.a], net.m_nodes[e.b]), b);
        entries.emplace_back(b, i);
    }
    net.m_segments = decltype(net.m_segments)(entries);
    return net;
}

double street_network::edge_cost(std::uint32_t e, std::uint32_t from, cost_metric metric) const {
    const auto& ed = m_edges[e];
    const double s = from == ed.a ? ed.forward_s : ed.backward_s;
    if (metric == cost_metric::time_s || s == unreachable) {
        return s;
    }
    return ed.length_m;
}

double street_network::part_cost(std::uint32_t e, bool forward, double fraction,
                                 cost_metric metric) const {
    if (fraction <= 0) {
        return 0.0; // standing on the node: no part of the edge to travel, allowed or not
    }
    const auto& ed = m_edges[e];
    return fraction * edge_cost(e, forward ? ed.a : ed.b, metric);
}

double street_network::connector_cost(double metres, cost_metric metric) const {
    if (metric == cost_metric::distance_m) {
        return metres;
    }
    const double kmh = m_options.mode == travel_mode::cycle ? m_options.speeds.cycle_kmh
                                                            : m_options.speeds.walk_kmh;
    return metres / (kmh / 3.6);
}

std::optional<network_location> street_network::snap(const point& p) const {
    // The R-tree's nearest box is not always the nearest segment; take a few candidates and
    // measure them exactly, widening until the nearest one is surely among them.
    std::optional<network_location> best;
    double best_d = unreachable;
    for (std::size_t k = 8;; k *= 8) {
        std::size_t seen = 0;
        double farthest_box = 0;
        for (auto it = m_segments.qbegin(bgi::nearest(p, static_cast<unsigned>(k)));
             it != m_segments.qend(); ++it) {
            ++seen;
            farthest_box = std::max(farthest_box, bg::distance(p, it->first));
            const auto& e = m_edges[it->second];
            const point& a = m_nodes[e.a];
            const point& b = m_nodes[e.b];
            const double dx = b.x() - a.x();
            const double dy = b.y() - a.y();
            const double len2 = dx * dx + dy * dy;
            double t = len2 > 0 ? ((p.x() - a.x()) * dx + (p.y() - a.y()) * dy) / len2 : 0.0;
            t = std::clamp(t, 0.0, 1.0);
            const point on{a.x() + t * dx, a.y() + t * dy};
            const double d = bg::distance(p, on);
            if (d < best_d) {
                best_d = d;
                best = network_location{it->second, t, d, on};
            }
        }
        // Every segment not seen lies in a box at least `farthest_box` away.
        if (seen < k || best_d <= farthest_box) {
            break;
        }
    }
    return best;
}

std::vector<network_location> street_network::snap(const std::vector<point>& points) const {
    std::vector<network_location> out;
    out.reserve(points.size());
    for (const auto& p : points) {
        auto loc = snap(p);
        if (!loc) {
            throw input_error("the street network has no way the mode may use");
        }
        out.push_back(*loc);
    }
    return out;
}

} // namespace standort::geo::network
