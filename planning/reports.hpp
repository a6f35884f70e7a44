#pragma once

#include "geo/finding.hpp"
#include "geo/network/travel_mode.hpp"
#include "planning/forecast/backtest.hpp"
#include "planning/forecast/forecast.hpp"
#include "planning/forecast/outlook.hpp"
#include "planning/model/district_figures.hpp"
#include "planning/model/summary.hpp"
#include "planning/reach/accessibility.hpp"
#include "planning/reach/catchment_analysis.hpp"
#include "planning/reach/coverage.hpp"
#include "planning/reach/isochrones.hpp"
#include "planning/reach/supply.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// What each planner entry returns: the per-unit and per-district results, the municipality's
// totals and shares, the parameters actually used (defaults resolved), the findings and the
// phase timings. Front ends only format these; every figure is computed here.

struct phase_time {
    std::string phase; // "network", "compute"
    double seconds = 0;
};

// The street network a run measured on, for the parameters side-car.
struct network_used {
    std::string source;
    std::size_t features = 0;
    geo::network::travel_mode mode = geo::network::travel_mode::walk;
    double walk_kmh = 0;
    double cycle_kmh = 0;
    std::size_t ways_used = 0;
    std::size_t nodes = 0;
    std::size_t edges = 0;
    double length_km = 0;
    std::size_t components = 0;
    std::size_t edges_outside_main = 0;
};

struct travel_used {
    std::string description; // "straight line", "street network, walk 4.5 km/h"
    std::optional<network_used> network;
};

// The base figures of the model: what `inspect` and `export` show.
struct base_report {
    model_summary summary;
    std::vector<district_capacity> districts;  // per district, model order
    std::vector<catchment_schools> catchments; // per catchment, model order
};

// Totals over the municipality: children and places add up; the places missing only in the
// districts short of the target (a surplus elsewhere does not fill a gap across town).
struct supply_total {
    std::string group;
    double children = 0;
    double places = 0;
    std::optional<double> quota; // places per 100 children
    double target_per_100 = 0;
    double missing_in_short_districts = 0;
    std::size_t short_districts = 0;
    std::size_t districts_without_data = 0;
};

struct supply_report {
    int year = 0;
    std::vector<supply_group> groups;    // as used: targets and ages resolved
    std::vector<supply_row> rows;        // rows[district * groups.size() + group]
    std::vector<bool> district_complete; // every group of the district has children and places
    std::vector<supply_total> totals;    // per group
};

struct coverage_within_total {
    double threshold = 0; // in the kind's metric (metres or seconds)
    double children = 0;
    double share_pct = 0; // of the kind's children in districts with figures; 0 without any
};

struct coverage_total {
    double children = 0; // in districts with figures
    std::vector<coverage_within_total> within;
    double children_in_gaps = 0;
};

struct coverage_report {
    int year = 0;
    travel_used travel;
    std::vector<coverage_result> kinds;
    std::vector<coverage_total> totals; // per kind
    std::vector<phase_time> seconds;
};

struct access_total {
    double children = 0;
    double children_without_access = 0; // no place within the catchment
};

struct access_report {
    int year = 0;
    travel_used travel;
    decay weighting = decay::step;
    bool balanced = false;
    std::vector<access_result> kinds;
    std::vector<access_total> totals; // per kind
};

// One row per Grundschule for the annex: nearest-school and capacity figures side by side.
struct school_catchment_row {
    std::size_t facility = 0; // index into planning_model::facilities
    std::optional<double> seats;
    double nearest_children = 0;
    std::optional<double> nearest_mean_cost;
    bool in_capacity = false; // the school took part in the capacity assignment
    std::optional<double> assigned_children;
    std::optional<double> utilisation; // assigned per 100 seats
    std::optional<double> assigned_mean_cost;
};

struct catchments_report {
    catchment_options options; // ages, metric and capacity limit as used
    travel_used travel;
    catchment_analysis analysis;
    std::vector<school_catchment_row> schools;
    double children = 0;             // in all populated cells
    double children_in_official = 0; // living in an official catchment
    double children_nearer_elsewhere = 0;
    double share_nearer_elsewhere_pct = 0;
    std::optional<double> children_assigned; // with --capacity
};

struct isochrones_report {
    int year = 0;
    std::string kind;          // "kita", "grundschule"
    isochrone_options options; // limits, buffer and ages as used
    travel_used travel;
    isochrone_result result;
    std::size_t facilities = 0;
};

struct forecast_report {
    forecast_result result;
    std::optional<backtest_result> backtest;
    std::vector<housing_area> housing;
    forecast_outlook outlook;
};

} // namespace standort::planning
