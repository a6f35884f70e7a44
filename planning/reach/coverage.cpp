#include "planning/reach/coverage.hpp"

#include "planning/reach/demand_units.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <cmath>
#include <map>
#include <numeric>
#include <unordered_map>

namespace standort::planning {

namespace bgi = boost::geometry::index;

std::vector<coverage_kind> default_coverage_kinds() {
    return {
        {"kita",
         facility_kind::kita,
         {0, 6},
         {{0, 3}, {3, 6}},
         cost_metric::distance_m,
         {500, 1000}},
        {"grundschule",
         facility_kind::grundschule,
         {6, 10},
         {{6, 10}},
         cost_metric::distance_m,
         {1000, 2000}},
    };
}

coverage_result compute_coverage(const planning_model& model, int year, const coverage_kind& kind,
                                 const travel_costs& costs) {
    coverage_result out;
    out.kind = kind;
    auto units = make_demand_units(model, year, kind.ages, kind.sub_bands);
    out.from_grid = units.from_grid;
    out.units = std::move(units.locations);
    out.unit_district = std::move(units.district);
    out.unit_children = std::move(units.children);
    const auto& unit_sub = units.sub;
    const auto units_sub_known = units.sub_known;

    // Nearest facility of the kind for every unit.
    std::vector<std::size_t> facility_index;
    std::vector<geo::point> facility_points;
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        if (model.facilities[f].kind == kind.kind) {
            facility_index.push_back(f);
            facility_points.push_back(model.facilities[f].location);
        }
    }
    out.facilities = facility_points.size();
    out.travel = costs.describe();
    auto nearest = costs.nearest(out.units, facility_points, kind.metric);
    out.cost = std::move(nearest.cost);
    out.nearest.assign(out.units.size(), -1);
    for (std::size_t u = 0; u < out.units.size(); ++u) {
        if (nearest.facility[u] >= 0) {
            out.nearest[u] = static_cast<std::int64_t>(
                facility_index[static_cast<std::size_t>(nearest.facility[u])]);
        }
    }

    // Per district: children, children within each threshold, mean distance (child-weighted).
    out.districts.assign(model.districts.size(), coverage_district{});
    std::vector<double> weighted(model.districts.size(), 0.0);
    std::vector<double> reached(model.districts.size(), 0.0); // children with a finite cost
    for (auto& d : out.districts) {
        d.within.assign(kind.thresholds.size(), 0.0);
    }
    for (std::size_t u = 0; u < out.units.size(); ++u) {
        const auto d = out.unit_district[u];
        if (d < 0) {
            continue;
        }
        auto& row = out.districts[static_cast<std::size_t>(d)];
        const double n = out.unit_children[u];
        row.children = row.children.value_or(0.0) + n;
        for (std::size_t t = 0; t < kind.thresholds.size(); ++t) {
            if (out.cost[u] <= kind.thresholds[t]) {
                row.within[t] += n;
            }
        }
        if (std::isfinite(out.cost[u])) {
            weighted[static_cast<std::size_t>(d)] += n * out.cost[u];
            reached[static_cast<std::size_t>(d)] += n;
        }
    }
    for (std::size_t d = 0; d < out.districts.size(); ++d) {
        auto& row = out.districts[d];
        // The mean over the children who can reach a facility at all (on a network, a unit
        // may be cut off); the thresholds still count the others as beyond.
        if (row.children && reached[d] > 0) {
            row.mean_cost = weighted[d] / reached[d];
        }
        row.share.assign(kind.thresholds.size(), std::nullopt);
        if (row.children && *row.children > 0) {
            for (std::size_t t = 0; t < kind.thresholds.size(); ++t) {
                row.share[t] = 100.0 * row.within[t] / *row.children;
            }
        }
    }

    // Gaps: the populated cells beyond the first threshold, dissolved into areas. Cells are
    // grouped into connected components first (union-find over neighbours), so each area is
    // dissolved on its own: small unions, and the children per area are plain sums. Neighbours
    // are found by distance, not by a lattice, because a grid reprojected into the working CRS
    // (the Zensus grid is in EPSG:3035) is no longer aligned with its axes: edge neighbours lie
    // one cell size apart, diagonal ones 1.41 apart. The squares drawn are axis-aligned cells
    // of the grid's size around the centres, an approximation for such a grid; points that are
    // no grid are drawn as their own areas (population_grid::areas).
    if (!out.from_grid || kind.thresholds.empty()) {
        return out;
    }
    const double limit = kind.thresholds.front();
    std::vector<std::size_t> beyond;
    std::vector<std::pair<geo::point, std::size_t>> beyond_points;
    for (std::size_t u = 0; u < out.units.size(); ++u) {
        if (out.cost[u] > limit && out.unit_children[u] > 0) {
            beyond_points.emplace_back(out.units[u], beyond.size());
            beyond.push_back(u);
        }
    }
    const bgi::rtree<std::pair<geo::point, std::size_t>, bgi::rstar<16>> beyond_tree(beyond_points);
    std::vector<std::size_t> parent(beyond.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](std::size_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    };
    const double reach = units.shapes.reach_m;
    for (std::size_t i = 0; i < beyond.size(); ++i) {
        const auto& p = out.units[beyond[i]];
        const geo::box around{{p.x() - reach, p.y() - reach}, {p.x() + reach, p.y() + reach}};
        for (auto it = beyond_tree.qbegin(bgi::intersects(around)); it != beyond_tree.qend();
             ++it) {
            if (it->second != i && boost::geometry::distance(p, it->first) <= reach) {
                parent[find(i)] = find(it->second);
            }
        }
    }
    std::map<std::size_t, std::vector<std::size_t>> components; // root -> members, ordered
    for (std::size_t i = 0; i < beyond.size(); ++i) {
        components[find(i)].push_back(i);
    }
    for (const auto& [root, members] : components) {
        coverage_gap gap;
        gap.children.assign(kind.sub_bands.size(), 0.0);
        gap.sub_known = units_sub_known;
        std::vector<std::size_t> cells;
        cells.reserve(members.size());
        for (auto i : members) {
            const auto u = beyond[i];
            cells.push_back(u);
            ++gap.cells;
            gap.total += out.unit_children[u];
            for (std::size_t s = 0; s < kind.sub_bands.size(); ++s) {
                gap.children[s] += unit_sub[s][u];
            }
        }
        gap.area = units.shapes.dissolve(out.units, cells);
        gap.area_ha = geo::area(gap.area) / 1e4;
        out.gaps.push_back(std::move(gap));
    }
    return out;
}

} // namespace standort::planning
