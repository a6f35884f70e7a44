#pragma once

#include "planning/forecast/age_history.hpp"
#include "planning/forecast/housing_area.hpp"
#include "planning/forecast/trend_rates.hpp"

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// Cohort-component projection of children by district and single year of age (Hamilton-Perry
// form, as small-area projections in German municipalities are done): age a in year t becomes
// age a+1 in t+1 times the district's cohort change ratio CCR(a) = P(a+1,t+1) / P(a,t), which
// holds net migration (and the little mortality of children); the ratios are trend-weighted
// means over the base period. Newborns follow the ratio of under-ones to the reference
// population (women or persons of childbearing age), or the previous year's newborns. New
// housing areas add movers with an age profile on top.
//
// Small areas: a district whose cohort held fewer than 20 persons over the base years (Berlin
// has planning areas with a handful of children per age) takes the municipality's ratio for
// that age; so do its births when its reference population is that small.

enum class births_basis {
    reference_population, // P(0,t) / R(t), R projected with its own trend
    previous_births       // P(0,t+1) / P(0,t)
};

enum class variant { low, middle, high };
inline constexpr std::array<variant, 3> all_variants{variant::low, variant::middle, variant::high};
std::string to_string(variant v);

struct projection_options {
    int base_year = 0; // the last observed year, the projection's start
    int horizon = 10;  // years projected after the base year
    // Ages 0 ... last_age: the children. 18 is left out on purpose: in a university city the
    // 18-year-olds are mostly newcomers, and their ratio says nothing about families.
    int last_age = 17;
    // Trend weights of the base period, oldest first: 1:2:3 averages the last three yearly
    // transitions, the newest counting three times the oldest.
    std::vector<double> weights{1, 2, 3};
    births_basis births = births_basis::reference_population;
    age_band reference{15, 45};
    // The corridor. nullopt: low and high from the spread of the base years' rates, every
    // rate one weighted standard deviation below or above its mean. Else factors on every rate
    // ({0.98, 1.02}).
    std::optional<std::pair<double, double>> variant_factors;
    std::vector<housing_area> housing;
    movers_profile movers = default_movers_profile();
};

struct district_rates {
    std::vector<trend_rate> ccr;  // ages 0 ... last_age-1: age a -> a+1
    std::vector<bool> ccr_pooled; // the district had no base data: the municipality's ratio
    trend_rate births;            // newborns per reference person, or births growth
    bool births_pooled = false;
    // R(t+1) / R(t) of the whole municipality (mean 1 with the previous-births basis): a
    // district's own growth of adults reflects one wave of construction that does not repeat;
    // planned building enters through the housing areas.
    trend_rate reference_growth;
};

struct district_projection {
    district_id district;
    district_rates rates;
    // persons[variant][k][age]: k = 0 the base year (observed), k = horizon the last year.
    std::array<std::vector<std::vector<double>>, 3> persons;
    std::vector<std::vector<double>> movers; // [k][age], housing movers included above
};

struct population_projection {
    projection_options options;
    std::vector<district_projection> districts; // those with an observed base year
    std::vector<std::string> notes;             // districts left out, pooled rates

    int year(std::size_t k) const { return options.base_year + static_cast<int>(k); }
    std::size_t steps() const { return static_cast<std::size_t>(options.horizon) + 1; }
};

// Housing movers of one district and year by single age 0 ... last_age, and in the reference
// band (index last_age + 1).
std::vector<double> housing_movers(const projection_options& options, const district_id& district,
                                   int year);

// Throws config_error for options that make no projection (no weights, negative
// horizon) and when no district has the base year.
population_projection project_population(const age_history_table& history,
                                         const projection_options& options);

} // namespace standort::planning
