#pragma once

#include "geo/network/street_network.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace standort::geo::network {

// Which way the costs run. `to_seeds`: the cost of travelling from anywhere to the nearest
// seed (from a home to a destination, which matters once oneway streets make costs
// asymmetric). `from_seeds`: from the seeds outwards.
enum class direction { to_seeds, from_seeds };

// Dijkstra's algorithm on a street_network from one or more seeds, cut off at a cost limit.
// The buffers are kept between runs and only the touched nodes are reset, so running it once
// per seed costs what the search reaches, not the size of the network. One per thread.
class network_search {
public:
    explicit network_search(const street_network& net);

    // Seeds carry a label (the caller's number for them); every node remembers the label of the
    // seed that reached it first. Nodes that cost more than `limit` are not settled.
    void run(std::span<const network_location> seeds, std::span<const std::uint32_t> labels,
             cost_metric metric, direction dir, double limit = unreachable);

    struct cost_and_label {
        double cost = unreachable;
        std::uint32_t label = 0;
    };
    // The cost between a located point and the nearest seed of the last run: through either
    // end of its edge, or along the edge when a seed stands on the same one; both off-street
    // legs included. Infinite if not reached within the limit.
    cost_and_label cost_at(const network_location& where) const;

    double node_cost(std::uint32_t n) const { return m_cost[n]; }
    std::uint32_t node_label(std::uint32_t n) const { return m_label[n]; }
    // The nodes settled in the last run, in the order they were settled.
    const std::vector<std::uint32_t>& settled() const noexcept { return m_settled; }
    const street_network& network() const noexcept { return m_net; }
    const std::vector<network_location>& seeds() const noexcept { return m_seeds; }
    cost_metric metric() const noexcept { return m_metric; }
    direction search_direction() const noexcept { return m_direction; }
    double limit() const noexcept { return m_limit; }

private:
    const street_network& m_net;
    std::vector<double> m_cost;
    std::vector<std::uint32_t> m_label;
    std::vector<std::uint32_t> m_touched;
    std::vector<std::uint32_t> m_settled;
    std::vector<network_location> m_seeds;
    std::vector<std::uint32_t> m_seed_labels;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_seed_edges; // (edge, seed), sorted
    cost_metric m_metric = cost_metric::distance_m;
    direction m_direction = direction::to_seeds;
    double m_limit = unreachable;
};

} // namespace standort::geo::network
