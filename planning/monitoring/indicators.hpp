#pragma once

// Bildungsmonitoring: indicators per area (district, every level above it, the municipality)
// and year, each a value with the numerator and denominator it was computed from, so an
// office can check it and a publication can suppress what must not be shown.

#include "planning/model/model.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

enum class indicator_unit { count, percent };

// What an indicator means, written next to every table it appears in.
struct indicator_definition {
    std::string id;    // "betreuungsquote_u3"
    std::string title; // German, for legends and reports
    indicator_unit unit = indicator_unit::count;
    std::string definition; // German: numerator ÷ denominator, ages, reporting day
    std::string source;     // which inputs
    // A rate's numerator and denominator are the counts of these indicators (empty: a count).
    std::string numerator;
    std::string denominator;
};

// An area of the hierarchy: a district, a unit of a named level, or the whole municipality;
// or a school (the facility-level figures).
struct indicator_area {
    std::string level; // "district", a level's name ("gemeinde"), "gesamt", "schule"
    std::string id;
    std::string name;
    std::string parent_level; // the area whose total it adds to; empty for the top and schools
    std::string parent_id;
};

struct indicator_row {
    std::size_t area = 0; // into indicator_report::areas
    int year = 0;
    std::string indicator;
    std::optional<double> value; // nullopt: not computable (the note says why)
    std::optional<double> numerator;
    std::optional<double> denominator;
};

struct indicator_report {
    std::vector<indicator_definition> definitions;
    std::vector<indicator_area> areas; // districts first, in model order, then levels, top
    std::vector<indicator_row> rows;   // by indicator, area, year
    std::vector<int> years;
    std::vector<std::string> notes; // German: what could not be computed and why
};

struct indicator_request {
    // The year the facility sources describe (places, seats): the Versorgungsquote and the
    // Auslastung are computed for it only, never for years the places are not known for.
    int facilities_year = 0;
};

// The definition of `id` in the report; nullptr when it has none.
const indicator_definition* find_definition(const indicator_report& r, const std::string& id);

indicator_report compute_indicators(const planning_model& model, const indicator_request& request);

} // namespace standort::planning
