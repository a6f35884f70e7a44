#pragma once

#include "planning/forecast/population_projection.hpp"

#include <optional>
#include <vector>

namespace standort::planning {

// The bands every year and district of a period share (the finest common coarsening: Berlin's
// 0-6, 6-15, 15-18 and single ages of another year give 0-6, 6-15, 15-18), up to the first
// boundary past last_age, and the band after them, which shapes the ages leaving the last.
struct band_partition {
    std::vector<age_band> bands;
    std::optional<age_band> context;
};

// Throws config_error when the years share no bands from age 0 up past last_age.
band_partition common_partition(const age_history_table& history, int first_year, int last_year,
                                int last_age);

// A year's bands summed into the partition's (context last); nullopt when they do not fit.
std::optional<std::vector<band_count>> regroup(const std::vector<band_count>& bands,
                                               const band_partition& partition);

// projection_method::damped_cohort over every observed year up to the base year.
population_projection project_damped(const age_history_table& history,
                                     const projection_options& options);

// The same base projected with each damping (a back-test's candidates), observed once.
std::vector<population_projection> project_damped_each(const age_history_table& history,
                                                       const projection_options& options,
                                                       const std::vector<damping>& dampings);

} // namespace standort::planning
