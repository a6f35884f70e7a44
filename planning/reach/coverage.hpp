#pragma once

#include "geo/types.hpp"
#include "planning/model/model.hpp"
#include "planning/reach/travel_costs.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// Who lives too far from a place: for each demand unit the nearest facility of a kind and the
// distance or time to it (straight line or street network), per district the children within each
// threshold, and the populated areas beyond the first threshold (the coverage gaps).
struct coverage_kind {
    std::string name; // "kita", "grundschule"
    facility_kind kind = facility_kind::kita;
    age_band ages;                   // the children this kind serves
    std::vector<age_band> sub_bands; // how gaps report them (Kita: U3 and Ü3)
    // Distances in metres or times in seconds, near to far; the first is the gap limit.
    cost_metric metric = cost_metric::distance_m;
    std::vector<double> thresholds;
};

// Thresholds of a kind and isochrone limits, at most: each is a search (and for isochrones a
// union) per facility, and no map tells more bands apart.
inline constexpr std::size_t max_thresholds = 12;

// Kita: 500 m and 1 km (a short walk with small children); Grundschule: 1 km, and 2 km, the
// Schulweg distance several Länder use as the limit for walking (beyond it the school trip is
// paid, e.g. NRW's Schülerfahrkostenverordnung for primary pupils).
std::vector<coverage_kind> default_coverage_kinds();

struct coverage_district {
    std::optional<double> children;           // nullopt: no demand unit knows the ages
    std::vector<double> within;               // children within each threshold
    std::vector<std::optional<double>> share; // per threshold, percent; nullopt without children
    std::optional<double> mean_cost;          // child-weighted, in the kind's metric
};

struct coverage_gap {
    geo::multi_polygon area;      // dissolved populated cells beyond the first threshold
    double total = 0;             // children of the kind's ages
    std::vector<double> children; // per sub band
    std::vector<bool> sub_known;  // false where the grid bands cannot split the ages so
    std::size_t cells = 0;
    double area_ha = 0;
};

struct coverage_result {
    coverage_kind kind;
    bool from_grid = false; // else one unit per district, placed on its point on surface
    std::size_t facilities = 0;
    std::vector<geo::point> units;
    std::vector<std::int32_t> unit_district;
    std::vector<double> unit_children; // per unit, the kind's ages
    std::vector<std::int64_t> nearest; // index into planning_model::facilities, -1: none
    std::vector<double> cost;          // metres or seconds, infinite where nothing is reachable
    std::string travel;                // how costs were measured, for the outputs
    std::vector<coverage_district> districts;
    std::vector<coverage_gap> gaps;
};

// `year` picks the district figures when the project has no grid; a grid describes its own
// year. Gap areas are drawn as the grid's cells (see population_grid::cell_size_m).
coverage_result compute_coverage(const planning_model& model, int year, const coverage_kind& kind,
                                 const travel_costs& costs = {});

} // namespace standort::planning
