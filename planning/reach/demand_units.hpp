#pragma once

#include "geo/types.hpp"
#include "planning/model/model.hpp"

#include <vector>

namespace standort::planning {

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
};

// The square of a grid cell around its centre (axis-aligned, `cell_size_m` wide), and the
// cells `cells` (indices into `centres`) dissolved into one area.
geo::multi_polygon cell_square(const geo::point& centre, double cell_size_m);
geo::multi_polygon dissolve_cells(const std::vector<geo::point>& centres,
                                  const std::vector<std::size_t>& cells, double cell_size_m);

demand_units make_demand_units(const planning_model& model, int year, age_band ages,
                               const std::vector<age_band>& sub_bands);

} // namespace standort::planning
