#pragma once

#include "planning/model/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// Versorgungsquote: places per 100 children of the ages a facility kind serves, per district,
// against a target quota, and the places missing (positive) or to spare (negative) at it.
// U3 = under three (Krippe), Ü3 = three to school entry (Kindergarten).
struct supply_group {
    std::string name; // "kita_u3", "kita_ue3", "kita", "grundschule"
    facility_kind kind = facility_kind::kita;
    age_band ages;
    double target_per_100 = 0;
};

// Targets planners commonly start from; each is set in the project file:
//   kita_u3 45 (the national U3 demand the BMFSFJ reports, about 45-50 %),
//   kita_ue3 95 (nearly every child from three attends), kita 70 (the two over ages 0-5),
//   grundschule 100 (a seat for every child of primary age; ages 6-10, Berlin 6-12).
std::vector<supply_group> default_supply_groups();

struct supply_row {
    std::size_t district = 0; // index into planning_model::districts
    std::string group;
    std::optional<double> children; // nullopt: the population bands cannot tell
    std::optional<double> places;   // nullopt: a facility lacks the figure (e.g. no U3 split)
    std::size_t facilities = 0;
    std::optional<double> quota; // places per 100 children
    double target_per_100 = 0;
    std::optional<double> missing; // target x children / 100 - places
};

// One row per district and group, districts in model order, groups in the order given.
std::vector<supply_row> compute_supply(const planning_model& model, int year,
                                       const std::vector<supply_group>& groups);

} // namespace standort::planning
