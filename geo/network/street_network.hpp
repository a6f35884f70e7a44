#pragma once

#include "geo/network/travel_mode.hpp"
#include "geo/types.hpp"

#include <boost/geometry/index/rtree.hpp>

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <vector>

namespace standort::geo::network {

// One way of a street layer, in a projected CRS (metres).
struct street_way {
    linestring line;
    way_tags tags;
    std::int64_t source_fid = -1;
};

enum class cost_metric { distance_m, time_s };
std::string to_string(cost_metric metric);

constexpr double unreachable = std::numeric_limits<double>::infinity();

// A point's place on the network: on edge `edge`, the fraction `t` of the way from its node
// `a` to its node `b`, `connector_m` away from the point it stands for.
struct network_location {
    std::uint32_t edge = 0;
    double t = 0.0;
    double connector_m = 0.0;
    point on_edge;
};

struct network_options {
    travel_mode mode = travel_mode::walk;
    mode_speeds speeds;
    // Vertices closer than this are one node: OSM ways share node coordinates exactly, but
    // lines digitised in a GIS meet only to within the digitising precision.
    double node_tolerance_m = 0.01;
};

// The street graph of one travel mode: every vertex of the ways is a node, every segment an
// edge with its length and its travel time in each direction (infinite where the mode may not
// go). Ways the mode may not use are left out. Points snap only to the largest connected part,
// so a point is never placed on a private driveway cut off from everything else; the other
// parts stay in the graph and are counted.
//
// Ways meet where they share a vertex, as in OSM: a bridge crossing a street without a shared
// node is not a junction.
class street_network {
public:
    struct edge {
        std::uint32_t a = 0;
        std::uint32_t b = 0;
        double length_m = 0.0;
        double forward_s = unreachable;  // a -> b
        double backward_s = unreachable; // b -> a
    };
    struct statistics {
        std::size_t ways_read = 0;
        std::size_t ways_used = 0; // open to the mode
        std::size_t components = 0;
        std::size_t edges_outside_main = 0; // not snapped to: outside the largest part
        double length_km = 0.0;             // of the edges used
    };

    static street_network build(const std::vector<street_way>& ways,
                                const network_options& options);

    const network_options& options() const noexcept { return m_options; }
    const statistics& stats() const noexcept { return m_stats; }
    std::size_t node_count() const noexcept { return m_nodes.size(); }
    const point& node(std::uint32_t n) const { return m_nodes[n]; }
    const std::vector<edge>& edges() const noexcept { return m_edges; }
    // Edges that touch node n.
    std::span<const std::uint32_t> incident(std::uint32_t n) const {
        return {m_incident.data() + m_incident_start[n],
                m_incident.data() + m_incident_start[n + 1]};
    }

    // Cost of travelling edge e from its node `from` to its other node; infinite if not allowed.
    double edge_cost(std::uint32_t e, std::uint32_t from, cost_metric metric) const;
    // Cost of a part of edge e, travelled from a towards b (`forward`) or from b towards a.
    double part_cost(std::uint32_t e, bool forward, double fraction, cost_metric metric) const;
    // The off-street leg between a point and its place on the network, covered at the mode's
    // speed (driving: on foot, the way from a door to the car).
    double connector_cost(double metres, cost_metric metric) const;

    // The nearest place on the main part, or nullopt when the network is empty.
    std::optional<network_location> snap(const point& p) const;
    std::vector<network_location> snap(const std::vector<point>& points) const;

private:
    using segment_entry = std::pair<box, std::uint32_t>;
    network_options m_options;
    statistics m_stats;
    std::vector<point> m_nodes;
    std::vector<edge> m_edges;
    std::vector<std::uint32_t> m_incident_start;
    std::vector<std::uint32_t> m_incident;
    boost::geometry::index::rtree<segment_entry, boost::geometry::index::rstar<16>> m_segments;
};

} // namespace standort::geo::network
