#pragma once

#include "planning/model/model.hpp"
#include "planning/reach/capacity_assignment.hpp"
#include "planning/reach/travel_costs.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// Grundschule catchments from the grid: every populated cell to its nearest school (straight
// line or street network), dissolved per school; capacity-constrained catchments, where no
// school takes more children than it has seats and the total way to school is the least
// possible; and the official catchments evaluated: the children living in each, the seats of
// its school, and how many of those children have another school nearer.
struct catchment_options {
    age_band ages{6, 10};
    cost_metric metric = cost_metric::distance_m;
    // Capacity-constrained catchments, children assigned only within this cost (metres or
    // seconds); nullopt: not computed.
    std::optional<double> capacity_limit;
};

struct nearest_catchment {
    std::size_t facility = 0; // index into planning_model::facilities
    geo::multi_polygon area;  // the school's populated cells, dissolved
    std::size_t cells = 0;
    double children = 0;
    std::optional<double> seats;
    std::optional<double> seats_per_100; // seats per 100 children
    double mean_cost = 0;                // child-weighted, metres or seconds
};

struct capacity_catchment {
    std::size_t facility = 0;
    geo::multi_polygon area; // the cells that send most of their children here
    double seats = 0;
    double children = 0;               // assigned
    std::optional<double> utilisation; // children per 100 seats
    double mean_cost = 0;
};

struct capacity_catchments {
    double limit = 0;
    std::vector<capacity_catchment> schools; // the schools with a seat figure
    std::size_t schools_without_seats = 0;   // left out: their room is unknown
    std::vector<assignment_flow> flows;      // unit -> facility (index into the model)
    std::vector<double> unit_unassigned;
    double children_unassigned = 0;
    geo::multi_polygon unassigned_area; // cells with children no school in reach has room for
    double total_cost = 0;
};

struct official_catchment_row {
    std::size_t catchment = 0;        // index into planning_model::catchments
    std::vector<std::size_t> schools; // its school: the one it names, else those inside
    double children = 0;              // living in it (cells by their centre)
    std::optional<double> seats;      // of its schools; nullopt if one has no figure
    std::optional<double> seats_per_100;
    double children_nearer_elsewhere = 0;         // whose nearest school is not one of its schools
    std::optional<double> share_nearer_elsewhere; // percent of its children
};

struct catchment_analysis {
    age_band ages;
    cost_metric metric = cost_metric::distance_m;
    std::string travel;
    std::vector<geo::point> units; // the grid cells with children
    std::vector<double> unit_children;
    std::vector<std::int64_t> unit_nearest; // facility index, -1: none reachable
    std::vector<double> unit_cost;
    double children_unreached = 0; // in cells from which no school can be reached
    std::vector<nearest_catchment> nearest;
    std::optional<capacity_catchments> capacity;
    std::vector<official_catchment_row> official;
    double children_outside_official = 0; // in cells no official catchment holds
};

// Needs a grid whose bands cover the ages; throws config_error otherwise.
catchment_analysis analyse_catchments(const planning_model& model, const catchment_options& options,
                                      const travel_costs& costs = {});

} // namespace standort::planning
