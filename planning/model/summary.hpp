#pragma once

#include "planning/model/model.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

struct facility_kind_summary {
    facility_kind kind = facility_kind::other;
    std::size_t count = 0;
    std::size_t in_district = 0;
    std::size_t in_catchment = 0;
    double places = 0; // Kita places, where given
    double seats = 0;  // school seats, where given or derived
    std::size_t without_capacity = 0;
};

struct population_year_summary {
    int year = 0;
    std::size_t districts = 0;
    double persons = 0;
    std::vector<age_band> bands;
    int age_from = 0; // the ages covered without gaps, from the youngest band on
    int age_to = 0;
    std::optional<double> children_under_6;
};

struct enrolment_year_summary {
    int school_year = 0;
    std::size_t facilities = 0;
    double pupils = 0;
};

// Children in Kita care per year: the Kitas (or districts) that reported, and the children.
struct care_year_summary {
    int year = 0;
    std::size_t reporting = 0;
    double children = 0;
};

struct grid_summary {
    std::size_t cells = 0;
    std::size_t in_district = 0;
    double persons = 0;
    std::optional<int> year;
    std::vector<age_band> bands;
    double cell_size_m = 0;       // 0: points that are no grid (Voronoi areas)
    std::string cell_size_origin; // declared, detected, irregular
};

struct model_summary {
    std::size_t districts = 0;
    double districts_area_km2 = 0;
    std::size_t catchments = 0;
    std::size_t catchments_without_school = 0;
    std::vector<facility_kind_summary> facilities;
    std::vector<population_year_summary> population;
    std::vector<enrolment_year_summary> enrolment;
    std::vector<care_year_summary> care;
    grid_summary grid;
};

model_summary summarise(const planning_model& model);

} // namespace standort::planning
