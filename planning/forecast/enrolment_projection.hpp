#pragma once

#include "planning/forecast/trend_rates.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// School enrolment by the Übergangsquotenverfahren German school-development plans use:
// - the entry grade (1 at a Grundschule, 5 or 7 at a secondary school) is the pool it draws
//   from times the school's entry quote, the trend-weighted mean of entrants / pool over the
//   base years. At a Grundschule the pool is the children of school-entry age in its catchment
//   and the quote is its Einschulungsquote; at a secondary school the pool is the last grade
//   of the sending Grundschulen the year before and the quote its Übergangsquote;
// - every later grade is the grade below the year before times the transition rate
//   q_g = pupils(g+1, t+1) / pupils(g, t), trend-weighted over the base years.
struct school_series {
    int entry_grade = 1;
    int last_grade = 4;
    std::map<int, std::vector<double>> pupils; // school year -> grades entry ... last
    std::map<int, double> pool;                // school year -> the entry grade's pool
};

struct school_rates {
    std::optional<trend_rate> entry; // nullopt: no base year had entrants and pool
    std::vector<std::optional<trend_rate>> transitions; // grade g -> g+1, g = entry ... last-1
};

struct school_projection {
    school_rates rates;
    // pupils[k][g - entry]: k = 0 the base year (observed), k = horizon the last.
    std::vector<std::vector<double>> pupils;
    std::vector<std::string> notes;
};

// Rates from the base period ending in base_year (weights oldest first, one per transition).
school_rates enrolment_rates(const school_series& s, int base_year,
                             const std::vector<double>& weights);

// Projects from the observed base year. A rate the base period cannot give (a grade that was
// empty) is taken as 1 for transitions and leaves the entry grade empty, with a note.
// Throws config_error when the school has no enrolment in the base year.
school_projection project_enrolment(const school_series& s, const school_rates& rates,
                                    int base_year, int horizon);

} // namespace standort::planning
