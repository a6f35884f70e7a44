#pragma once

#include "planning/forecast/forecast.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// How good the projection would have been: the last K observed years held out, projected from
// the years before, and compared with what was observed (middle variant).
//
// Per district and age band the errors over the K years: MAPE, the mean absolute percentage
// error, and bias, the mean signed percentage error (positive: projected too many). Per
// school the same on its pupils. Bands the observed figures cannot answer are left out.
struct backtest_row {
    std::string unit;      // "district" or "facility"
    std::size_t index = 0; // into planning_model::districts or ::facilities
    std::string measure;   // "0-3", "6-10", ... or "pupils"
    std::vector<int> years;
    std::vector<double> projected;
    std::vector<double> observed;
    std::vector<std::optional<double>> error_pct; // per year; nullopt where nothing was observed
    std::optional<double> mape;                   // nullopt when nothing was observed (all zero)
    std::optional<double> bias;
};

struct backtest_summary {
    std::string unit;
    std::string measure;
    std::size_t rows = 0;
    double mape = 0; // mean over the rows' MAPEs
    double bias = 0;
    double total_projected = 0; // the municipality's sum over the held-out years
    double total_observed = 0;
};

// The rolling-origin back-test: every observed year with a year before it is a base, each
// horizon up to the chosen one is projected from it as the projection would have been then
// (with only the years up to that base: damping chosen and corridor drawn on them alone), and
// the same is done by the two naive forecasts a planner compares with: no change from the base
// year, and the linear trend (least squares over the years up to the base). Per method,
// measure and horizon: MAPE, median absolute and signed percentage error, and the weighted
// MAPE (sum |projected - observed| / sum observed), over every district (or school) with at
// least min_observed_for_error persons observed, pooled over the bases. For the projection
// also how often the observation fell within its low and high variant.
struct horizon_score {
    std::string unit;    // "district" or "facility"
    std::string measure; // "0-6", ... or "pupils"
    std::string method;  // "standort", "no change", "trend"
    int horizon = 0;
    std::size_t n = 0;
    double mape = 0;
    double median_ape = 0;
    double bias = 0;
    double weighted_mape = 0;
    std::size_t in_corridor = 0; // of corridor_n observations
    std::size_t corridor_n = 0;  // those whose base had a prediction interval
};

struct horizon_backtest {
    std::vector<int> bases;
    std::vector<horizon_score> scores;
};

horizon_backtest run_horizon_backtest(const planning_model& model, const forecast_options& options,
                                      int max_horizon);

struct backtest_result {
    int held_out = 0;
    int base_year = 0;
    int school_base_year = 0;
    std::vector<backtest_row> rows;
    std::vector<backtest_summary> summary;
    horizon_backtest horizons;
    std::vector<std::string> notes;
};

// The bands compared for the districts.
std::vector<age_band> backtest_bands();

// Throws config_error when fewer than held_out + 2 years are observed.
backtest_result run_backtest(const planning_model& model, const forecast_options& options,
                             int held_out_years);

} // namespace standort::planning
