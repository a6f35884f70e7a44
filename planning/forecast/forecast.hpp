#pragma once

#include "planning/forecast/class_formation.hpp"
#include "planning/forecast/enrolment_projection.hpp"
#include "planning/forecast/population_projection.hpp"
#include "planning/model/model.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// The projection chain of a Kita-Bedarfsplan and a Schulentwicklungsplan in one run: children
// by district (cohort-component), Kita demand against the places in each district, and
// enrolment, classes and seats of every school with enrolment figures.

// Participation in Kita by age: places needed per 100 children (Betreuungsquote as a target).
struct kita_rate {
    age_band ages;
    double per_100 = 0;
};

// The U3 legal entitlement starts at age one (§ 24 Abs. 2 SGB VIII), so under-ones count
// little: 10 / 55 / 70 per 100 at ages 0 / 1 / 2 (45 on average, the U3 demand the supply
// command starts from), 95 per 100 from three to school entry.
std::vector<kita_rate> default_kita_rates();

struct forecast_options {
    projection_options population; // base_year 0: the latest year with population by age
    std::vector<kita_rate> kita_rates = default_kita_rates();
    // Grade 1 of school year t draws on the children aged entry_age at the end of year t (the
    // birth cohort t - entry_age).
    int entry_age = 6;
    land_rules rules = *rules_of_land("NW");
};

// Kita U3 = ages 0-2, Ü3 = 3 to school entry.
struct district_forecast {
    std::size_t district = 0;        // index into planning_model::districts
    std::size_t projection = 0;      // index into forecast_result::population.districts
    std::optional<double> places_u3; // nullopt: a Kita of the district has no U3 split
    std::optional<double> places_ue3;
    // All places of the district's Kitas; nullopt where unknown: the project has no Kitas, or
    // a Kita of the district has no places figure (a partial sum would show a false shortage).
    std::optional<double> places;
    std::size_t kitas = 0;
    std::array<std::vector<double>, 3> demand_u3; // [variant][k]
    std::array<std::vector<double>, 3> demand_ue3;
    std::array<std::optional<int>, 3>
        first_shortage; // first year from the base on: demand > places
};

struct school_year_figures {
    double pupils = 0;
    int classes = 0;
    std::optional<double> utilisation; // pupils per 100 seats
    bool short_of_seats = false;
    bool short_of_rooms = false; // more classes than Züge x grades
};

struct facility_forecast {
    std::size_t facility = 0; // index into planning_model::facilities
    int entry_grade = 1;
    int last_grade = 4;
    bool totals_only = false; // the figures give pupils per school, not per grade
    int base_year = 0;        // its latest observed school year, the projection's start
    class_rule rule;
    std::optional<double> seats;
    std::optional<int> rooms; // class rooms: Züge x grades
    school_rates rates;
    std::array<std::vector<std::vector<double>>, 3> pupils; // [variant][k][grade - entry]
    std::array<std::vector<school_year_figures>, 3> years;  // [variant][k]
    std::array<std::optional<int>, 3> first_shortage; // first school year from the base on short
    int year(std::size_t k) const { return base_year + static_cast<int>(k); }
    std::vector<std::string> notes;
};

struct forecast_result {
    forecast_options options;
    int base_year = 0;        // population
    int school_base_year = 0; // enrolment: the latest school year observed at any school
    population_projection population;
    std::vector<district_forecast> districts;
    std::vector<facility_forecast> facilities;
    std::vector<std::string> notes;

    int year(std::size_t k) const { return base_year + static_cast<int>(k); }
};

// Throws config_error (with a readable message) when the model has no population by
// single age for the base year or the options make no projection.
forecast_result run_forecast(const planning_model& model, const forecast_options& options);

// Pupils of each school and school year as the projection counts them: the school's total
// where the figures give one ("all"), else the sum of its numbered grades. Key: (id, year).
std::map<std::pair<std::string, int>, double> observed_pupils(const planning_model& model);

// Share of each district's children living in each catchment, from the grid cells of `year`
// (or by area without a grid): shares[catchment][district].
std::vector<std::vector<double>> catchment_shares(const planning_model& model, int year);

// The catchments each facility serves (index into planning_model::facilities): the ones that
// name it, or without a named school the ones it stands in.
std::vector<std::vector<std::size_t>> facility_catchments(const planning_model& model);

// The latest year with population figures, 0 if none.
int latest_population_year(const planning_model& model);

// Holding out the last K observed years: the model as it was known K years earlier.
planning_model held_out(const planning_model& model, int base_year, int school_base_year);

} // namespace standort::planning
