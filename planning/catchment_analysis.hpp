#pragma once

#include "planning/model.hpp"

#include <optional>
#include <vector>

namespace standort::planning {

// Grundschule catchments from the grid: every populated cell to its nearest school
// (straight line), dissolved per school; and the official catchments evaluated against them:
// the children living in each, the seats of its school, and how many of those children have
// another school nearer.
struct nearest_catchment {
    std::size_t facility = 0; // index into planning_model::facilities
    geo::multi_polygon area;  // the school's populated cells, dissolved
    std::size_t cells = 0;
    double children = 0;
    std::optional<double> seats;
};

struct official_catchment_row {
    std::size_t catchment = 0;         // index into planning_model::catchments
    std::vector<std::size_t> schools;  // its school: the one it names, else those inside
    double children = 0;               // living in it (cells by their centre)
    std::optional<double> seats;       // of its schools; nullopt if one has no figure
    std::optional<double> seats_per_100;
    double children_nearer_elsewhere = 0; // whose nearest school is not one of its schools
};

struct catchment_analysis {
    age_band ages;
    std::vector<nearest_catchment> nearest;
    std::vector<official_catchment_row> official;
    double children_outside_official = 0; // in cells no official catchment holds
};

// Needs a grid whose bands cover `ages`; throws config_error otherwise.
catchment_analysis analyse_catchments(const planning_model& model, age_band ages,
                                      double cell_size_m = 100.0);

} // namespace standort::planning
