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
#include "planning/siting/site_problem.hpp"

#include <array>

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

// One state of the facilities (today, an option, an optimum) and how the children fare in it.
struct siting_scenario {
    std::string name;             // "today", the option as written, "optimum p = 2"
    std::vector<bool> open;       // per site
    std::vector<double> capacity; // per site, as used (extensions added); infinity: unknown
    double children = 0;
    std::vector<double> within; // children within each threshold of their nearest site
    std::vector<double> share_pct;
    double mean_way = 0; // child-weighted, to the nearest open site
    double max_way = 0;
    double unreached = 0;              // children no open site reaches within the reach limit
    double without_seat = 0;           // children the capacity assignment finds no seat for
    double total_way = 0;              // of the capacity assignment: children times way
    std::vector<double> site_children; // assigned per site (capacity assignment)
    std::vector<double> site_free;     // capacity left; infinity where it is unknown
    std::vector<double> site_mean_way; // of the children assigned there
    std::vector<double> site_max_way;
    std::vector<std::int64_t> unit_site;     // nearest open site, -1: none in reach
    std::vector<double> unit_cost;           // to it
    std::vector<std::int64_t> unit_assigned; // where the assignment sends most of a unit's children
    std::vector<assignment_flow> flows;      // the assignment: unit -> site
    std::vector<std::vector<double>> district_within; // [district][threshold]
    std::vector<std::vector<std::optional<double>>> district_share_pct;
    std::vector<double> district_children;
};

struct siting_solution_info {
    siting_objective objective = siting_objective::p_median;
    std::size_t p = 0;
    double value = 0;
    std::optional<double> bound;
    std::optional<double> gap;
    bool within_gap = false; // proven within the gap asked for
    bool optimal = false;    // proven optimal: the bound meets the plan
    double seconds = 0;
    std::string method;
    std::vector<std::size_t> chosen; // sites opened among the choosable ones
};

struct siting_tradeoff_row {
    std::size_t p = 0;
    siting_solution_info solution;
    double within = 0;       // children within the threshold
    double total_way = 0;    // nearest-site way, children times way
    double without_seat = 0; // capacity assignment
};

// How a plan fares under each variant of the projected demand, and its regret against the
// variant's own optimum.
struct siting_robust_row {
    std::string plan; // "optimum low", ...
    std::vector<std::size_t> chosen;
    std::array<double, 3> value{}; // [variant]
    std::array<double, 3> regret{};
    double max_regret = 0;
};

struct siting_report {
    std::string kind;
    age_band ages;
    int year = 0;
    bool projected = false; // the demand of a future year, from the forecast
    std::string variant;
    cost_metric metric = cost_metric::distance_m;
    std::vector<double> thresholds; // the kind's coverage thresholds, reported per scenario
    double threshold = 0;           // of the objective
    double capacity_limit = 0;      // how far the assignment may send a child
    travel_used travel;
    std::vector<std::size_t> sites; // site -> index into planning_model::facilities
    std::vector<site_role> roles;
    std::vector<double> base_capacity;
    std::vector<geo::point> units;
    std::vector<std::int32_t> unit_district;
    std::vector<double> unit_children;
    std::vector<siting_scenario> scenarios; // [0] today, then the options, then the optimum
    std::optional<siting_solution_info> solution;
    std::vector<siting_tradeoff_row> tradeoff;
    std::vector<siting_robust_row> robust;
    std::vector<std::size_t> uncoverable; // units no site reaches within the threshold
    std::vector<std::string> notes;
};

} // namespace standort::planning
