#include "planning/reach/catchment_analysis.hpp"

#include "geo/error.hpp"
#include "geo/spatial_index.hpp"
#include "planning/detail/parallel.hpp"
#include "planning/reach/demand_units.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

namespace standort::planning {

catchment_analysis analyse_catchments(const planning_model& model, const catchment_options& options,
                                      const travel_costs& costs) {
    catchment_analysis out;
    out.ages = options.ages;
    out.metric = options.metric;
    out.travel = costs.describe();
    auto units = make_demand_units(model, 0, options.ages, {});
    if (!units.from_grid) {
        throw config_error(fmt::format("catchments are built from the population grid: the "
                                       "project needs a `grid:` with ages {}",
                                       to_string(options.ages)));
    }
    // Only cells with children take part: empty cells neither belong to a catchment nor
    // burden the assignment.
    std::vector<std::size_t> kept;
    for (std::size_t u = 0; u < units.locations.size(); ++u) {
        if (units.children[u] > 0) {
            kept.push_back(u);
            out.units.push_back(units.locations[u]);
            out.unit_children.push_back(units.children[u]);
        }
    }
    const unit_shapes shapes = units.shapes.subset(kept);
    std::vector<std::size_t> schools;
    std::vector<geo::point> school_points;
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        if (model.facilities[f].kind == facility_kind::grundschule) {
            schools.push_back(f);
            school_points.push_back(model.facilities[f].location);
        }
    }
    const auto nearest = costs.nearest(out.units, school_points, options.metric);
    out.unit_nearest.assign(out.units.size(), -1);
    out.unit_cost = nearest.cost;
    for (std::size_t u = 0; u < out.units.size(); ++u) {
        if (nearest.facility[u] >= 0) {
            out.unit_nearest[u] =
                static_cast<std::int64_t>(schools[static_cast<std::size_t>(nearest.facility[u])]);
        } else {
            out.children_unreached += out.unit_children[u];
        }
    }

    // Nearest-school catchments: the populated cells of each school, dissolved.
    std::map<std::size_t, std::vector<std::size_t>> cells_of;
    for (std::size_t u = 0; u < out.units.size(); ++u) {
        if (out.unit_nearest[u] >= 0) {
            cells_of[static_cast<std::size_t>(out.unit_nearest[u])].push_back(u);
        }
    }
    std::vector<const std::vector<std::size_t>*> nearest_cells;
    for (const auto& [f, cells] : cells_of) {
        nearest_catchment c;
        c.facility = f;
        c.cells = cells.size();
        double weighted = 0;
        for (auto u : cells) {
            c.children += out.unit_children[u];
            weighted += out.unit_children[u] * out.unit_cost[u];
        }
        c.mean_cost = c.children > 0 ? weighted / c.children : 0.0;
        c.seats = model.facilities[f].cap.seats;
        if (c.seats && c.children > 0) {
            c.seats_per_100 = 100 * *c.seats / c.children;
        }
        out.nearest.push_back(std::move(c));
        nearest_cells.push_back(&cells);
    }
    // Dissolving the cells is most of this analysis; each school's are dissolved on their own,
    // on every core (one part per school, so a large catchment holds up no other).
    detail::for_each_part(
        out.nearest.size(), out.nearest.size(), [&](std::size_t, std::size_t from, std::size_t to) {
            for (std::size_t i = from; i < to; ++i) {
                out.nearest[i].area = shapes.dissolve(out.units, *nearest_cells[i]);
            }
        });

    if (options.capacity_limit) {
        capacity_catchments cap;
        cap.limit = *options.capacity_limit;
        std::vector<std::size_t> with_seats;
        std::vector<geo::point> points;
        std::vector<double> seats;
        for (auto f : schools) {
            if (const auto& s = model.facilities[f].cap.seats) {
                with_seats.push_back(f);
                points.push_back(model.facilities[f].location);
                seats.push_back(*s);
            } else {
                ++cap.schools_without_seats;
            }
        }
        const auto reach = costs.within(out.units, points, options.metric, cap.limit);
        const auto solved = assign_with_capacity(out.unit_children, seats, reach);
        cap.unit_unassigned = solved.unassigned;
        cap.total_cost = solved.total_cost;
        // A cell may be split between schools; its square is drawn with the school that takes
        // most of its children (the figures stay exact).
        std::vector<double> best_share(out.units.size(), 0.0);
        std::vector<std::int64_t> best_school(out.units.size(), -1);
        std::vector<double> weighted(with_seats.size(), 0.0);
        for (const auto& fl : solved.flows) {
            assignment_flow mapped = fl;
            mapped.facility = static_cast<std::uint32_t>(with_seats[fl.facility]);
            cap.flows.push_back(mapped);
            weighted[fl.facility] += fl.children * fl.cost;
            if (fl.children > best_share[fl.unit]) {
                best_share[fl.unit] = fl.children;
                best_school[fl.unit] = fl.facility;
            }
        }
        std::vector<std::vector<std::size_t>> cells(with_seats.size());
        std::vector<std::size_t> unassigned_cells;
        for (std::size_t u = 0; u < out.units.size(); ++u) {
            if (best_school[u] >= 0) {
                cells[static_cast<std::size_t>(best_school[u])].push_back(u);
            }
            if (solved.unassigned[u] > 0) {
                unassigned_cells.push_back(u);
                cap.children_unassigned += solved.unassigned[u];
            }
        }
        for (std::size_t j = 0; j < with_seats.size(); ++j) {
            capacity_catchment c;
            c.facility = with_seats[j];
            c.seats = seats[j];
            c.children = solved.assigned[j];
            c.mean_cost = c.children > 0 ? weighted[j] / c.children : 0.0;
            if (c.seats > 0) {
                c.utilisation = 100 * c.children / c.seats;
            }
            cap.schools.push_back(std::move(c));
        }
        // The unassigned cells are one more area to dissolve: index with_seats.size().
        detail::for_each_part(with_seats.size() + 1, with_seats.size() + 1,
                              [&](std::size_t, std::size_t from, std::size_t to) {
                                  for (std::size_t j = from; j < to; ++j) {
                                      if (j < with_seats.size()) {
                                          cap.schools[j].area =
                                              shapes.dissolve(out.units, cells[j]);
                                      } else {
                                          cap.unassigned_area =
                                              shapes.dissolve(out.units, unassigned_cells);
                                      }
                                  }
                              });
        out.capacity = std::move(cap);
    }

    // Official catchments: their schools, and the children living in them.
    if (model.catchments.empty()) {
        return out;
    }
    std::map<std::string, std::size_t> facility_index;
    for (auto f : schools) {
        facility_index.emplace(model.facilities[f].id.value, f);
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
                const auto& s = model.facilities[f].cap.seats;
                row.seats = row.seats && s ? std::optional(*row.seats + *s) : std::nullopt;
            }
        }
        out.official.push_back(std::move(row));
        areas.push_back(&catchment.area);
    }
    const geo::polygon_index index(areas);
    for (std::size_t u = 0; u < out.units.size(); ++u) {
        const auto hits = index.covering(out.units[u]);
        if (hits.empty()) {
            out.children_outside_official += out.unit_children[u];
            continue;
        }
        auto& row = out.official[hits.front()];
        row.children += out.unit_children[u];
        // A catchment without a school says nothing about "nearer elsewhere"; neither does a
        // cell that reaches no school at all.
        const auto near = out.unit_nearest[u];
        if (!row.schools.empty() && near >= 0 &&
            std::find(row.schools.begin(), row.schools.end(), static_cast<std::size_t>(near)) ==
                row.schools.end()) {
            row.children_nearer_elsewhere += out.unit_children[u];
        }
    }
    for (auto& row : out.official) {
        if (row.seats && row.children > 0) {
            row.seats_per_100 = 100.0 * *row.seats / row.children;
        }
        if (row.children > 0) {
            row.share_nearer_elsewhere = 100 * row.children_nearer_elsewhere / row.children;
        }
    }
    return out;
}

} // namespace standort::planning
