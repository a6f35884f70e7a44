#pragma once

// Bildungsmonitoring: indicators per area (district, every level above it, the municipality)
// and year, each a value with the numerator and denominator it was computed from, so an
// office can check it and a publication can suppress what must not be shown.

#include "planning/model/model.hpp"

#include <array>
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
    // A count computed from another's cells (the Ganztag need from the entitled pupils): where
    // that one is suppressed, this one is too, or it would give it back.
    std::string derived_from;
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
    bool projected = false; // from the projection (a school year not observed yet), not counted
};

// How unequal a rate is between the districts of an area (a level's unit, the municipality) in
// a year: the lowest and the highest district and the Gini coefficient (spread.hpp).
struct indicator_spread {
    std::size_t area = 0; // into indicator_report::areas: a level's unit or the municipality
    int year = 0;
    std::string indicator; // a rate
    std::size_t known = 0; // districts with the rate
    std::size_t of = 0;    // districts of the area with a row for the rate and year
    double min = 0;        // the lowest district's rate
    std::size_t min_area = 0;
    double max = 0;
    std::size_t max_area = 0;
    // Gini coefficient of the districts' rates weighted by their denominators (children,
    // pupils): 0 when every district has the same rate, towards 1 when one has it all. Empty
    // when the weighted mean is 0.
    std::optional<double> gini;
};

// A count that is the sum of others in every area and year (the transitions of all forms,
// the children under 6): the publication protects it as it protects the area totals.
struct indicator_sum {
    std::string total;
    std::vector<std::string> parts;
};

struct indicator_report {
    std::vector<indicator_definition> definitions;
    std::vector<indicator_area> areas; // districts first, in model order, then levels, top
    std::vector<indicator_row> rows;   // by indicator, area, year
    std::vector<int> years;
    std::vector<std::string> notes;        // German: what could not be computed and why
    std::vector<indicator_spread> spreads; // per rate, area above the districts and year
    std::vector<indicator_sum> sums;
};

// Pupils of one Grundschule's grades 1 to 4 in a school year, as the projection has them.
struct projected_grades {
    facility_id school;
    int school_year = 0;
    std::array<double, 4> pupils{};
};

// How far the children of a district live from the nearest facility of a kind: the coverage
// analysis's figures per district, for the access indicators.
struct reach_figures {
    std::string name;  // the coverage kind: "kita", "grundschule"
    std::string title; // German: "Kita", "Grundschule"
    std::string limit; // German, the kind's farthest threshold: "2.000 m (Luftlinie)"
    std::string ages;  // German: "0 bis unter 6 Jahren"
    std::string basis; // German: where the children live, "nach dem Zensusgitter"
    int year = 0;      // the grid's (or the district figures') year
    std::vector<std::optional<double>> children; // per model district, the kind's ages
    std::vector<std::optional<double>> beyond;   // of them beyond the limit
};

struct indicator_request {
    // The year the facility sources describe (places, seats): the Versorgungsquote and the
    // Auslastung are computed for it only, never for years the places are not known for.
    int facilities_year = 0;
    // Ganztag places needed per 100 pupils the legal claim covers: the parents' demand.
    double ganztag_per_100 = 75;
    // The Einschulungsquote's children: the age at which grade 1 of the school year starting in
    // a year draws on them (the forecast's entry_age, 6 by default).
    int entry_age = 6;
    // The school years the Schulstatistik does not have yet, up to the claim's full year: the
    // projection's pupils of grades 1 to 4 (middle variant), for the claim's need.
    std::vector<projected_grades> projected;
    // Per coverage kind: the children beyond its limit (empty: no access indicators).
    std::vector<reach_figures> reach;
};

// The Ganztag legal claim (GaFöG; § 24 Abs. 4 SGB VIII) starts with grade 1 in 2026/27 and
// adds a grade each year: the number of grades (from 1) it covers in a school year, 0 to 4.
int ganztag_claim_grades(int school_year);

// The school year from which the claim covers grades 1 to 4.
constexpr int ganztag_claim_full_year = 2029;

// The definition of `id` in the report; nullptr when it has none.
const indicator_definition* find_definition(const indicator_report& r, const std::string& id);

indicator_report compute_indicators(const planning_model& model, const indicator_request& request);

} // namespace standort::planning
