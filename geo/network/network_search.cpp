#include "geo/network/network_search.hpp"

#include "geo/error.hpp"

#include <algorithm>
#include <queue>

namespace standort::geo::network {

network_search::network_search(const street_network& net)
    : m_net(net), m_cost(net.node_count(), unreachable), m_label(net.node_count(), 0) {}

void network_search::run(std::span<const network_location> seeds,
                         std::span<const std::uint32_t> labels, cost_metric metric, direction dir,
                         double limit) {
    if (labels.size() != seeds.size()) {
        throw internal_error("network_search: one label per seed");
    }
    for (auto n : m_touched) {
        m_cost[n] = unreachable;
    }
    m_touched.clear();
    m_settled.clear();
    m_seeds.assign(seeds.begin(), seeds.end());
    m_seed_labels.assign(labels.begin(), labels.end());
    m_seed_edges.clear();
    for (std::uint32_t i = 0; i < seeds.size(); ++i) {
        m_seed_edges.emplace_back(seeds[i].edge, i);
    }
    std::sort(m_seed_edges.begin(), m_seed_edges.end());
    m_metric = metric;
    m_direction = dir;
    m_limit = limit;

    // to_seeds: a node's cost is that of travelling from it to the seed, so a node reaches a
    // seed on edge (a, b) at fraction t by going a -> seed (forward part t) or b -> seed
    // (backward part 1 - t), and the search relaxes edges against their direction.
    const bool to = dir == direction::to_seeds;
    using entry = std::pair<double, std::uint32_t>;
    std::priority_queue<entry, std::vector<entry>, std::greater<>> queue;
    auto offer = [&](std::uint32_t n, double c, std::uint32_t label) {
        if (c > limit || !(c < m_cost[n])) {
            return;
        }
        if (m_cost[n] == unreachable) {
            m_touched.push_back(n);
        }
        m_cost[n] = c;
        m_label[n] = label;
        queue.emplace(c, n);
    };
    for (std::size_t i = 0; i < seeds.size(); ++i) {
        const auto& s = seeds[i];
        const auto& e = m_net.edges()[s.edge];
        const double leg = m_net.connector_cost(s.connector_m, metric);
        // Node a to the seed runs forward along the edge (to_seeds), the seed to node a
        // backward (from_seeds).
        offer(e.a, leg + m_net.part_cost(s.edge, to, s.t, metric), labels[i]);
        offer(e.b, leg + m_net.part_cost(s.edge, !to, 1 - s.t, metric), labels[i]);
    }
    while (!queue.empty()) {
        const auto [c, n] = queue.top();
        queue.pop();
        if (c > m_cost[n]) {
            continue; // a stale entry
        }
        m_settled.push_back(n);
        for (const std::uint32_t e : m_net.incident(n)) {
            const auto& ed = m_net.edges()[e];
            const std::uint32_t other = ed.a == n ? ed.b : ed.a;
            // from_seeds: travel n -> other; to_seeds: other -> n.
            const double step = m_net.edge_cost(e, to ? other : n, metric);
            if (step != unreachable) {
                offer(other, c + step, m_label[n]);
            }
        }
    }
}

network_search::cost_and_label network_search::cost_at(const network_location& where) const {
    const auto& e = m_net.edges()[where.edge];
    const bool to = m_direction == direction::to_seeds;
    cost_and_label best;
    auto consider = [&](double c, std::uint32_t label) {
        if (c < best.cost) {
            best = {c, label};
        }
    };
    // Through node a: to_seeds travels from the point back to a (backward part t).
    if (m_cost[e.a] != unreachable) {
        consider(m_cost[e.a] + m_net.part_cost(where.edge, !to, where.t, m_metric), m_label[e.a]);
    }
    if (m_cost[e.b] != unreachable) {
        consider(m_cost[e.b] + m_net.part_cost(where.edge, to, 1 - where.t, m_metric),
                 m_label[e.b]);
    }
    // A seed on the same edge: straight along it, if the direction is open.
    const auto same =
        std::equal_range(m_seed_edges.begin(), m_seed_edges.end(), std::pair{where.edge, 0u},
                         [](const auto& x, const auto& y) { return x.first < y.first; });
    for (auto it = same.first; it != same.second; ++it) {
        const auto i = it->second;
        const auto& s = m_seeds[i];
        // to_seeds goes from the point to the seed: forward when the seed lies ahead (t_s >= t).
        const double from_t = to ? where.t : s.t;
        const double to_t = to ? s.t : where.t;
        const double part = to_t >= from_t
                                ? m_net.part_cost(where.edge, true, to_t - from_t, m_metric)
                                : m_net.part_cost(where.edge, false, from_t - to_t, m_metric);
        if (part != unreachable) {
            consider(m_net.connector_cost(s.connector_m, m_metric) + part, m_seed_labels[i]);
        }
    }
    if (best.cost == unreachable) {
        return best;
    }
    best.cost += m_net.connector_cost(where.connector_m, m_metric);
    if (best.cost > m_limit) {
        return {};
    }
    return best;
}

} // namespace standort::geo::network
