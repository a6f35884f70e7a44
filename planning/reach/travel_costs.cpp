#include "planning/reach/travel_costs.hpp"

#include "geo/error.hpp"
#include "geo/network/network_search.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include <fmt/format.h>

namespace standort::planning {

namespace bgi = boost::geometry::index;
using geo::network::direction;
using geo::network::network_location;
using geo::network::network_search;

std::optional<travel_cost> parse_travel_cost(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || !(v > 0) || !std::isfinite(v)) {
        return std::nullopt;
    }
    std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    while (!unit.empty() && unit.front() == ' ') {
        unit.remove_prefix(1);
    }
    while (!unit.empty() && unit.back() == ' ') {
        unit.remove_suffix(1);
    }
    if (unit.empty() || unit == "m") {
        return travel_cost{cost_metric::distance_m, v};
    }
    if (unit == "km") {
        return travel_cost{cost_metric::distance_m, v * 1000};
    }
    if (unit == "min") {
        return travel_cost{cost_metric::time_s, v * 60};
    }
    return std::nullopt;
}

double output_value(cost_metric metric, double cost) {
    return metric == cost_metric::time_s ? cost / 60.0 : cost;
}

std::string output_unit(cost_metric metric) {
    return metric == cost_metric::time_s ? "min" : "m";
}

std::string to_string(const travel_cost& cost) {
    return fmt::format("{:g} {}", output_value(cost.metric, cost.value), output_unit(cost.metric));
}

std::string field_suffix(const travel_cost& cost) {
    return fmt::format("{:g}{}", output_value(cost.metric, cost.value), output_unit(cost.metric));
}

std::string travel_costs::describe() const {
    if (!m_network) {
        return "straight line";
    }
    const auto& o = m_network->options();
    switch (o.mode) {
    case geo::network::travel_mode::walk:
        return fmt::format("street network, walk {:g} km/h", o.speeds.walk_kmh);
    case geo::network::travel_mode::cycle:
        return fmt::format("street network, cycle {:g} km/h", o.speeds.cycle_kmh);
    case geo::network::travel_mode::drive:
        return "street network, drive (maxspeed or road class)";
    }
    return "street network";
}

namespace {

using facility_tree = bgi::rtree<std::pair<geo::point, std::uint32_t>, bgi::rstar<16>>;

facility_tree tree_of(const std::vector<geo::point>& facilities) {
    std::vector<std::pair<geo::point, std::uint32_t>> entries;
    entries.reserve(facilities.size());
    for (std::uint32_t f = 0; f < facilities.size(); ++f) {
        entries.emplace_back(facilities[f], f);
    }
    return facility_tree(entries);
}

void require_distance(cost_metric metric) {
    if (metric != cost_metric::distance_m) {
        throw config_error("travel times need a street network (`network:` in the project file); "
                           "a straight line only gives distances");
    }
}

// Units by the edge they stand on (CSR), so a search finds the units at the nodes it settles.
struct units_by_edge {
    std::vector<std::uint32_t> start;
    std::vector<std::uint32_t> units;
    units_by_edge(const std::vector<network_location>& at, std::size_t edges)
        : start(edges + 1, 0) {
        for (const auto& l : at) {
            ++start[l.edge + 1];
        }
        for (std::size_t e = 0; e < edges; ++e) {
            start[e + 1] += start[e];
        }
        units.resize(at.size());
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (std::uint32_t u = 0; u < at.size(); ++u) {
            units[fill[at[u].edge]++] = u;
        }
    }
};

} // namespace

nearest_costs travel_costs::nearest(const std::vector<geo::point>& units,
                                    const std::vector<geo::point>& facilities,
                                    cost_metric metric) const {
    nearest_costs out;
    out.facility.assign(units.size(), -1);
    out.cost.assign(units.size(), std::numeric_limits<double>::infinity());
    if (facilities.empty()) {
        return out;
    }
    if (!m_network) {
        require_distance(metric);
        const auto tree = tree_of(facilities);
        std::vector<std::pair<geo::point, std::uint32_t>> hit;
        for (std::size_t u = 0; u < units.size(); ++u) {
            hit.clear();
            tree.query(bgi::nearest(units[u], 1), std::back_inserter(hit));
            out.facility[u] = hit.front().second;
            out.cost[u] = boost::geometry::distance(units[u], hit.front().first);
        }
        return out;
    }
    // One search from all facilities at once: every node learns its nearest facility.
    const auto seeds = m_network->snap(facilities);
    std::vector<std::uint32_t> labels(facilities.size());
    for (std::uint32_t f = 0; f < labels.size(); ++f) {
        labels[f] = f;
    }
    network_search search(*m_network);
    search.run(seeds, labels, metric, direction::to_seeds);
    for (std::size_t u = 0; u < units.size(); ++u) {
        const auto at = m_network->snap(units[u]);
        const auto c = search.cost_at(*at);
        if (c.cost != geo::network::unreachable) {
            out.facility[u] = c.label;
            out.cost[u] = c.cost;
        }
    }
    return out;
}

cost_matrix travel_costs::within(const std::vector<geo::point>& units,
                                 const std::vector<geo::point>& facilities, cost_metric metric,
                                 double limit) const {
    // Entries per facility first (that is how a search produces them), then turned into rows.
    std::vector<std::vector<std::pair<std::uint32_t, double>>> by_facility(facilities.size());
    if (!m_network) {
        require_distance(metric);
        const auto tree = tree_of(facilities);
        for (std::uint32_t u = 0; u < units.size(); ++u) {
            const auto& p = units[u];
            const geo::box around{{p.x() - limit, p.y() - limit}, {p.x() + limit, p.y() + limit}};
            for (auto it = tree.qbegin(bgi::intersects(around)); it != tree.qend(); ++it) {
                const double d = boost::geometry::distance(p, it->first);
                if (d <= limit) {
                    by_facility[it->second].emplace_back(u, d);
                }
            }
        }
    } else if (!facilities.empty()) {
        const auto seeds = m_network->snap(facilities);
        const auto at = m_network->snap(units);
        const units_by_edge index(at, m_network->edges().size());
        std::atomic<std::size_t> next{0};
        std::exception_ptr failed;
        std::mutex failed_mutex;
        auto work = [&] {
            try {
                network_search search(*m_network);
                std::vector<std::uint32_t> seen(units.size(), 0); // run stamp per unit
                const std::uint32_t label = 0;
                for (std::size_t f = next++; f < facilities.size(); f = next++) {
                    const auto stamp = static_cast<std::uint32_t>(f + 1);
                    search.run(std::span(&seeds[f], 1), std::span(&label, 1), metric,
                               direction::to_seeds, limit);
                    auto& row = by_facility[f];
                    auto visit_edge = [&](std::uint32_t e) {
                        for (auto i = index.start[e]; i < index.start[e + 1]; ++i) {
                            const auto u = index.units[i];
                            if (seen[u] == stamp) {
                                continue;
                            }
                            seen[u] = stamp;
                            const double c = search.cost_at(at[u]).cost;
                            if (c <= limit) {
                                row.emplace_back(u, c);
                            }
                        }
                    };
                    visit_edge(seeds[f].edge);
                    for (const auto n : search.settled()) {
                        for (const auto e : m_network->incident(n)) {
                            visit_edge(e);
                        }
                    }
                }
            } catch (...) {
                // An exception must not leave a worker thread (std::terminate): hand it over.
                const std::lock_guard lock(failed_mutex);
                failed = std::current_exception();
                next = facilities.size();
            }
        };
        const unsigned threads = std::max(1u, std::min(std::thread::hardware_concurrency(), 8u));
        std::vector<std::jthread> pool;
        for (unsigned t = 1; t < threads; ++t) {
            pool.emplace_back(work);
        }
        work();
        pool.clear(); // joins
        if (failed) {
            std::rethrow_exception(failed);
        }
    }
    cost_matrix out;
    out.start.assign(units.size() + 1, 0);
    for (const auto& row : by_facility) {
        for (const auto& [u, c] : row) {
            ++out.start[u + 1];
        }
    }
    for (std::size_t u = 0; u < units.size(); ++u) {
        out.start[u + 1] += out.start[u];
    }
    out.facility.resize(out.start.back());
    out.cost.resize(out.start.back());
    std::vector<std::size_t> fill(out.start.begin(), out.start.end() - 1);
    for (std::uint32_t f = 0; f < by_facility.size(); ++f) {
        for (const auto& [u, c] : by_facility[f]) {
            out.facility[fill[u]] = f;
            out.cost[fill[u]++] = c;
        }
    }
    return out;
}

} // namespace standort::planning
