#pragma once

// What an education database kept year after year must be checked for before its series are
// reported: a year missing inside a series, a school that stops reporting, a count that jumps
// (a boundary change or a wrong file, not a trend).

#include "planning/model/model.hpp"

#include <string>
#include <vector>

namespace standort::planning {

struct series_rules {
    // A change between two consecutive years above this share of the earlier year is a jump.
    double jump_share = 0.25;
    // ...counted only where the earlier year has at least this many (persons, pupils): 3 of 6
    // children moving away is no finding.
    double jump_minimum = 50;
};

struct series_finding {
    std::string code;    // "series-gap", "school-vanished", "sudden-jump"
    std::string table;   // "population", "enrolment", "kita_care", "ganztag"
    std::string key;     // the district or school; empty for the whole table
    int year = 0;        // the year missing, the first year without, the year of the jump
    std::string message; // German, for the office
};

// Every finding, by table, key and year. Years are calendar years for the population and the
// Kita care, school years (2024 = 2024/25) for enrolment and Ganztag.
std::vector<series_finding> check_series(const planning_model& model,
                                         const series_rules& rules = {});

} // namespace standort::planning
