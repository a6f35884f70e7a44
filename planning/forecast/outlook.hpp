#pragma once

#include "planning/forecast/forecast.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// The forecast as a planner reads it: children by age group for every year and variant, Kita
// demand against the places of each district and shared out to its Kitas, each school's peak
// and first shortage, and the municipality's totals. Computed once from a forecast_result;
// layers, tables and summaries only select from it.

// Age groups: u3 (0-2), ue3 (3 to school entry), primary (the Land's Grundschule ages), sek1
// (to 16) and children (0-17).
struct forecast_age_group {
    std::string name;
    age_band ages;
};
std::vector<forecast_age_group> forecast_age_groups(const forecast_options& options);

struct district_year_outlook {
    int year = 0;
    bool observed = false;                     // the base year
    std::vector<std::array<double, 3>> groups; // [group][variant]: persons
    double movers_children = 0;                // housing movers 0-17 (middle)
    double kita_demand_u3 = 0;                 // middle
    double kita_demand_ue3 = 0;                // middle
    std::array<double, 3> kita_demand{};       // [variant]: U3 + Ü3
    std::optional<double> kita_missing;        // middle demand - places, where places are known
    std::optional<double> kita_places_per_100; // per 100 children under school age
};

struct district_outlook {
    std::size_t forecast = 0; // index into forecast_result::districts
    std::vector<district_year_outlook> years;
    std::vector<std::optional<double>> change_pct; // per group, base to last year (middle)
};

struct school_outlook {
    std::size_t forecast = 0;    // index into forecast_result::facilities
    std::size_t peak = 0;        // the step of most pupils (middle), the first of equals
    bool short_of_seats = false; // in its first school year short (middle)
    bool short_of_rooms = false;
};

// A Kita carries its district's demand in proportion to its places (a Kita with a tenth of the
// district's places carries a tenth of the demand); a shortage is the district's.
struct kita_outlook {
    std::size_t facility = 0; // index into planning_model::facilities
    std::size_t district = 0; // index into forecast_result::districts
    double places = 0;
    std::array<std::vector<double>, 3> demand; // [variant][step]
    std::size_t peak = 0;                      // the step of most demand (middle)
    std::vector<double> utilisation;           // [step]: middle demand per 100 places
    std::vector<bool> district_short;          // [step]: the district's demand above its places
};

struct forecast_totals {
    double children_base = 0; // 0-17, middle
    double children_last = 0;
    double children_last_low = 0;
    double children_last_high = 0;
    double kita_places = 0; // of the districts whose places are known
    double kita_demand_base = 0;
    double kita_demand_last = 0;
    std::size_t short_districts = 0;        // with a first Kita shortage (middle)
    std::vector<std::size_t> short_schools; // indices into forecast_result::facilities
};

struct forecast_outlook {
    std::vector<forecast_age_group> groups;
    std::vector<district_outlook> districts; // one per forecast_result::districts
    std::vector<school_outlook> schools;     // schools with projected years
    std::vector<kita_outlook> kitas;         // Kitas with places in a projected district
    forecast_totals totals;
};

forecast_outlook make_outlook(const planning_model& model, const forecast_result& forecast);

} // namespace standort::planning
