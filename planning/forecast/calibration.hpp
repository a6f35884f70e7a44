#pragma once

#include "planning/forecast/damped_cohort.hpp"
#include "planning/forecast/population_projection.hpp"

#include <map>
#include <string>
#include <vector>

namespace standort::planning {

// What a rolling-origin back-test of the damped cohort model on the years up to a base year
// says: the damping that did best on them (when the project does not fix one) and the
// prediction interval its errors give. Only years up to `until` are ever looked at, so the
// choice for a year is never judged on that year.
struct calibration {
    projection_method method = projection_method::damped_cohort;
    damping chosen;
    bool chosen_by_backtest = false;
    std::size_t pairs = 0; // (origin, horizon) pairs judged
    double mape = 0;       // the chosen damping's mean band MAPE over them
    std::optional<error_interval> interval;
    std::string note; // for the forecast's notes
};

class calibrator {
public:
    // Projects from every observed year with a year before it to last_year, once per
    // candidate: each damping (the project's, or damping_grid()) and, when the method is left
    // to the back-test, the cohort ratios.
    calibrator(const age_history_table& history, const projection_options& options, int last_year);

    // The choice on origins and targets up to `until` (<= last_year).
    calibration at(int until) const;

private:
    struct score {
        double abs_sum = 0;
        std::size_t n = 0;
    };
    // Percentage errors of one projection per (target year, band), with each band's base value.
    struct error {
        int target = 0;
        int horizon = 0;
        age_band band;
        double base = 0;
        double pct = 0;
    };
    struct candidate {
        projection_method method = projection_method::damped_cohort;
        damping d;
    };
    // Per candidate, the errors of its projection from `origin` up to `until`.
    std::vector<std::vector<error>> errors(const std::vector<candidate>& candidates, int origin,
                                           int until) const;
    std::vector<error> errors_of(const population_projection& p, const band_partition& partition,
                                 int origin) const;
    std::optional<error_interval> interval(const candidate& c, int until) const;

    const age_history_table& m_history;
    projection_options m_options;
    std::vector<candidate> m_grid;
    int m_first = 0;
    std::vector<int> m_origins;
    std::map<std::string, const age_history*> m_by_id;
    // [grid] -> band -> target year -> score
    std::vector<std::map<age_band, std::map<int, score>>> m_scores;
};

// Percentage errors below this observed value say more about one family than about a method.
inline constexpr double min_observed_for_error = 10;

} // namespace standort::planning
