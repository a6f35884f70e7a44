#include "planning/catchment_analysis.hpp"

#include "geo/error.hpp"
#include "geo/overlay.hpp"
#include "geo/spatial_index.hpp"
#include "planning/demand_units.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include <algorithm>

#include <fmt/format.h>

namespace standort::planning {

namespace bgi = boost::geometry::index;

catchment_analysis analyse_catchments(const planning_model& model, age_band ages,
                                      double cell_size_m) {
    catchment_analysis out;
    out.ages = ages;
    const auto units = make_demand_units(model, 0, ages, {});
    if (!units.from_grid) {
        throw config_error(fmt::format("catchments are built from the population grid: the "
                                       "project needs a `grid:` with ages {}",
                                       to_string(ages)));
    }
    std::vector<std::pair<geo::point, std::size_t>> schools;
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        if (model.facilities[f].kind == facility_kind::grundschule) {
            schools.emplace_back(model.facilities[f].location, f);
        }
    }
    if (schools.empty()) {
        return out;
    }
    const bgi::rtree<std::pair<geo::point, std::size_t>, bgi::rstar<16>> tree(schools);
    std::vector<std::size_t> nearest(units.locations.size());
    std::vector<std::pair<geo::point, std::size_t>> hit;
    for (std::size_t u = 0; u < units.locations.size(); ++u) {
        hit.clear();
        tree.query(bgi::nearest(units.locations[u], 1), std::back_inserter(hit));
        nearest[u] = hit.front().second;
    }

    // Nearest-school catchments: the populated cells of each school, dissolved.
    std::map<std::size_t, nearest_catchment> by_school;
    std::map<std::size_t, std::vector<geo::multi_polygon>> squares;
    const double half = cell_size_m / 2;
    for (std::size_t u = 0; u < units.locations.size(); ++u) {
        auto& c = by_school[nearest[u]];
        c.facility = nearest[u];
        ++c.cells;
        c.children += units.children[u];
        const auto& p = units.locations[u];
        geo::multi_polygon sq;
        sq.resize(1);
        sq[0].outer() = {{p.x() - half, p.y() - half}, {p.x() - half, p.y() + half},
                         {p.x() + half, p.y() + half}, {p.x() + half, p.y() - half},
                         {p.x() - half, p.y() - half}};
        squares[nearest[u]].push_back(std::move(sq));
    }
    for (auto& [f, c] : by_school) {
        c.area = geo::dissolve(squares[f]);
        c.seats = model.facilities[f].cap.seats;
        out.nearest.push_back(std::move(c));
    }

    // Official catchments: their schools, and the children living in them.
    if (model.catchments.empty()) {
        return out;
    }
    std::map<std::string, std::size_t> facility_index;
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        if (model.facilities[f].kind == facility_kind::grundschule) {
            facility_index.emplace(model.facilities[f].id.value, f);
        }
    }
    std::vector<const geo::multi_polygon*> areas;
    for (std::size_t c = 0; c < model.catchments.size(); ++c) {
        const auto& catchment = model.catchments[c];
        official_catchment_row row;
        row.catchment = c;
        if (catchment.facility && facility_index.contains(catchment.facility->value)) {
            row.schools.push_back(facility_index.at(catchment.facility->value));
        } else {
            for (const auto& id : catchment.facilities_inside) {
                if (auto it = facility_index.find(id.value); it != facility_index.end()) {
                    row.schools.push_back(it->second);
                }
            }
        }
        if (!row.schools.empty()) {
            row.seats = 0.0;
            for (auto f : row.schools) {
                const auto& seats = model.facilities[f].cap.seats;
                row.seats = row.seats && seats ? std::optional(*row.seats + *seats) : std::nullopt;
            }
        }
        out.official.push_back(std::move(row));
        areas.push_back(&catchment.area);
    }
    const geo::polygon_index index(areas);
    for (std::size_t u = 0; u < units.locations.size(); ++u) {
        const auto hits = index.covering(units.locations[u]);
        if (hits.empty()) {
            out.children_outside_official += units.children[u];
            continue;
        }
        auto& row = out.official[hits.front()];
        row.children += units.children[u];
        // A catchment without a school says nothing about "nearer elsewhere".
        if (!row.schools.empty() &&
            std::find(row.schools.begin(), row.schools.end(), nearest[u]) == row.schools.end()) {
            row.children_nearer_elsewhere += units.children[u];
        }
    }
    for (auto& row : out.official) {
        if (row.seats && row.children > 0) {
            row.seats_per_100 = 100.0 * *row.seats / row.children;
        }
    }
    return out;
}

} // namespace standort::planning
