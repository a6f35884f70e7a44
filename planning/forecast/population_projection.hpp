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

// Two methods. damped_cohort (the default) ages the bands the register gives: each band of
// year t+1 holds its persons of year t who stay in it plus those who age into it from the band
// below, times the band's cohort change ratio; the ratio of a small area is shrunk towards its
// parent levels and the city by its exposure (empirical Bayes), and its deviation from the
// city's fades year by year towards no change. On Berlin's 447 planning areas (2015-2020,
// rolling origins) this beats the no-change forecast at every horizon, where undamped ratios
// lose to it (planning/README.md, "Projection"). cohort_ratios is the projection of single
// ages with trend-weighted ratios and births per reference person, as before.
enum class projection_method { damped_cohort, cohort_ratios };
std::string to_string(projection_method m);

// The damped cohort model's three choices, chosen by back-test when not set.
struct damping {
    // Prior exposure in persons x years per year of band width: a band's own ratio counts
    // den / (den + strength * width) against its parent's.
    double strength = 1500;
    double persistence = 0.7; // delta: the area's deviation from the city fades as delta^(j-1)
    double weight = 0.5;      // psi: the share of the log ratio kept (0: no change)
    friend bool operator==(const damping&, const damping&) = default;
};
// The back-test's grid: strength 500, 1500, 5000 x persistence 0.5, 0.7, 0.9 x weight 0.5,
// 0.75, 1; the default first.
std::vector<damping> damping_grid();

// The corridor from the back-test's own errors: per band and size class of the band's base
// value (under 100, 100-299, 300 and more persons), the lower and upper quantile of the
// percentage errors (projected - observed) / observed per square root of the horizon's years.
struct error_interval {
    double level = 0.8;
    std::vector<age_band> bands;
    std::vector<std::array<std::pair<double, double>, 3>> quantiles; // [band][size class]
    std::size_t errors = 0;                                          // how many were drawn on
};
std::size_t size_class(double persons);

enum class births_basis {
    reference_population, // P(0,t) / R(t), R projected with its own trend
    previous_births       // P(0,t+1) / P(0,t)
};

enum class variant { low, middle, high };
inline constexpr std::array<variant, 3> all_variants{variant::low, variant::middle, variant::high};
std::string to_string(variant v);

struct projection_options {
    projection_method method = projection_method::damped_cohort;
    bool method_by_backtest = true; // the forecast picks the method that did better on its years
    std::optional<damping> damped;  // nullopt: chosen by back-test on the years before
    // A district whose persons change by more than this share from one year to the next had its
    // boundary changed (or a large building filled): that transition is kept out of its rates.
    double jump_share = 0.2;
    std::optional<error_interval> interval; // set by the forecast from its back-test
    bool interval_from_errors = true;       // false: the envelope (`variants: spread`)
    // The method, damping and interval are set (by a calibrator): the forecast uses them as
    // they are instead of back-testing again.
    bool calibrated = false;
    bool middle_only = false; // damped_cohort: low and high as the middle (a back-test's runs)
    int base_year = 0;        // the last observed year, the projection's start
    int horizon = 10;         // years projected after the base year
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

// One band's cohort change ratio in the damped model.
struct band_ratio {
    age_band band;
    double own = 0;      // the district's own ratio (1 when it has no exposure)
    double exposure = 0; // persons x years behind it
    double shrunk = 0;   // after borrowing from its levels and the city
    double city = 0;
};

struct district_rates {
    std::vector<band_ratio> bands; // damped_cohort
    std::vector<trend_rate> ccr;   // ages 0 ... last_age-1: age a -> a+1
    std::vector<bool> ccr_pooled;  // the district had no base data: the municipality's ratio
    trend_rate births;             // newborns per reference person, or births growth
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
    std::vector<age_band> bands;                // damped_cohort: the bands aged
    damping damped;                             // ... with the damping used
    std::string corridor;                       // how low and high were drawn
    bool corridor_from_errors = false;          // ... as a prediction interval

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
