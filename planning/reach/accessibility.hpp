#pragma once

#include "planning/model/model.hpp"
#include "planning/reach/travel_costs.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// The two-step floating catchment area family: accessibility of each demand unit to places,
// as supply per demand within a catchment distance d0.
//   2SFCA (Luo and Wang 2003):   R_j = S_j / sum_k P_k W(d_kj);  A_k = sum_j R_j W(d_kj)
//   E2SFCA (Luo and Qi 2009):    the same with stepwise weights 1, 0.68, 0.22 for the
//                                thirds of d0 (their 0-10, 10-20, 20-30 minute zones)
//   Gaussian and gravity decay:  W = (e^(-d^2/2d0^2) - e^(-1/2)) / (1 - e^(-1/2)) (Dai 2010),
//                                W = max(d, floor)^-beta
//   BFCA, balanced (Paez, Higgins and Vivona 2019, as the accessibility package of IPEA
//   implements it): step 1 with W normalised over the facilities each unit reaches
//   (W_kj / sum_j W_kj: a child in reach of three Kitas counts a third at each), step 2 with W
//   normalised over the units each facility reaches (W_kj / sum_k W_kj: a facility's level of
//   service is shared among the units, not repeated for each).
// The unbalanced variants hand out each place once in total: sum_k P_k A_k = sum_j S_j over
// the facilities with demand in reach (sum the step 2 terms by facility). Facilities without
// a capacity figure are left out and counted, not taken as 0 places.
// Both steps use the cost from demand unit k to facility j (demand searched towards supply),
// the direction that matters once network costs are asymmetric.
enum class decay { step, e2sfca, gaussian, gravity };
std::optional<decay> parse_decay(std::string_view name);
std::string to_string(decay d);

struct access_options {
    std::string name = "kita"; // what the result is called
    facility_kind kind = facility_kind::kita;
    age_band ages{0, 6};
    cost_metric metric = cost_metric::distance_m;
    double catchment = 1000; // d0, in metres or seconds
    decay weighting = decay::step;
    double gravity_beta = 1.0;
    double gravity_floor = 100; // costs below count as this (no infinite weight)
    bool balanced = false;      // BFCA
};

struct access_result {
    access_options options;
    bool from_grid = false;
    std::vector<geo::point> units;
    std::vector<std::int32_t> unit_district;
    std::vector<double> demand;        // P_k: children of the ages
    std::vector<double> access;        // A_k: places per child within reach
    std::vector<double> access_index;  // A_k divided by the demand-weighted mean (1 = average)
    std::vector<std::size_t> facility; // indices into planning_model::facilities used
    std::vector<double> supply;        // S_j
    std::vector<double> ratio;         // R_j: places per weighted child in the facility's reach
    double mean_access = 0;            // demand-weighted mean of A_k
    std::vector<std::optional<double>> district_index; // demand-weighted mean index per district
    std::size_t facilities_without_capacity = 0;
    std::string travel; // how costs were measured
};

// The weights and both steps do not depend on how costs are measured: straight-line distance
// or travel on the street network.
access_result compute_access(const planning_model& model, int year, const access_options& opts,
                             const travel_costs& costs = {});

} // namespace standort::planning
