#pragma once

#include "geo/types.hpp"
#include "planning/model/model.hpp"

#include <vector>

namespace standort::planning {

// How the areas of demand units are drawn (coverage gaps, catchments): squares of the grid's
// cell size around the locations, or, where the grid's points are no grid, each point's own
// area (population_grid::areas).
struct unit_shapes {
    double cell_size_m = 100;
    const std::vector<geo::multi_polygon>* areas = nullptr; // by grid cell; null: squares
    std::vector<std::size_t> cell;                          // per unit, its grid cell (for `areas`)
    double reach_m = 105; // units farther apart have areas that do not touch

    // Keeps the units `kept` (indices, ascending), for an analysis that drops some.
    unit_shapes subset(const std::vector<std::size_t>& kept) const;
    // The areas of `units` (indices into `locations`) dissolved into one.
    geo::multi_polygon dissolve(const std::vector<geo::point>& locations,
                                const std::vector<std::size_t>& units) const;
};

// Where the children of some ages live, as points with counts: the grid cells when the
// project has a grid whose bands cover the ages, else one point per district (its point on
// surface) with the district's figures of `year`.
struct demand_units {
    bool from_grid = false;
    std::vector<geo::point> locations;
    std::vector<std::int32_t> district;   // index into planning_model::districts, -1: none
    std::vector<double> children;         // of the requested ages
    std::vector<std::vector<double>> sub; // per sub band, per unit
    std::vector<bool> sub_known;          // per sub band: can the figures answer it
    unit_shapes shapes;                   // from_grid only
};

// The square of a grid cell around its centre (axis-aligned, `cell_size_m` wide).
geo::multi_polygon cell_square(const geo::point& centre, double cell_size_m);

demand_units make_demand_units(const planning_model& model, int year, age_band ages,
                               const std::vector<age_band>& sub_bands);

} // namespace standort::planning
