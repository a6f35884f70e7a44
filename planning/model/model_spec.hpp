#pragma once

#include "geo/number_text.hpp"
#include "planning/model/age_band.hpp"
#include "planning/model/model.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// How the fields of the loaded layers map onto the planning model: what the project file says
// beyond where the inputs live. Pure data; services/project_file fills it from YAML.

// A value given either as the name of a field or as a number for every feature ("class_size: 25").
struct field_or_number {
    std::string field;
    std::optional<double> number;
    bool empty() const { return field.empty() && !number; }
};

struct district_level {
    std::string name;  // "Bezirk", "Prognoseraum"
    std::string field; // the field holding its key
    // Or the key is the first N characters of the district's id (Berlin's LOR: 2 = Bezirk,
    // 6 = Bezirksregion), when no field is named.
    std::size_t prefix = 0;
};

struct district_mapping {
    std::string id;
    std::string name;
    std::string parent; // field holding the parent's key
    // The parent's key is the first N characters of the id (Berlin LOR: 2 = Bezirk; the German
    // Regionalschlüssel nests the same way). Used when no parent field is named.
    std::size_t parent_prefix = 0;
    std::vector<district_level> levels;
    // Keys the source has wrong, corrected by feature id (GDAL's FID, as the findings name
    // it): Berlin's old LOR gives 04030417 the key 06010102 of a polygon 5 km away.
    std::vector<std::pair<std::int64_t, std::string>> corrections;
};

struct capacity_mapping {
    field_or_number places;
    field_or_number places_u3;
    field_or_number places_ue3;
    field_or_number seats;
    field_or_number zuege;
    field_or_number class_size;
    field_or_number grades;
};

struct facility_mapping {
    std::optional<facility_kind> kind; // one kind for the whole source, or:
    std::string kind_field;            // a field whose values map to kinds
    std::map<std::string, facility_kind> kinds;
    std::string school_type; // constant school type; with kind_field its raw value is used
    std::string id;
    std::string name;
    capacity_mapping capacity;
    geo::number_format numbers = geo::number_format::plain;
    bool competitor = false; // the source's facilities are another provider's
};

struct catchment_mapping {
    std::string id;
    std::string name;
    std::string facility; // field naming the school, when the source has it
    // Overlaps and gaps smaller than this (m²) are slivers, not findings.
    double coverage_tolerance_m2 = 10'000.0;
};

enum class table_layout { wide, long_ };

struct band_column {
    std::string column;
    age_band band;
};

struct population_mapping {
    std::string district;
    std::optional<int> year; // constant year of the whole table, or:
    std::string year_field;  // "2020", "202012" (yyyymm) and "2020-12-31" all give 2020
    table_layout layout = table_layout::wide;
    std::vector<band_column> bands; // wide: explicit columns
    // wide: a regular expression whose captures give the ages: two for a band
    // ("^E_E(\d+)_(\d+)$" matches E_E03_05 = ages 3 and 4), one for a single age.
    std::string band_pattern;
    std::string age_field;   // long: "3", "3-5", "65+"
    std::string count_field; // long
    geo::number_format numbers = geo::number_format::plain;
};

struct enrolment_column {
    std::string column;
    int school_year = 0;
    std::string grade = "all";
};

struct enrolment_mapping {
    std::string facility;
    table_layout layout = table_layout::long_;
    std::string year_field;                // long
    std::string grade_field;               // long
    std::string pupils_field;              // long
    std::vector<enrolment_column> columns; // wide
    geo::number_format numbers = geo::number_format::plain;
};

// Children in Kita care: one row per Kita (or district), year and age band.
struct care_mapping {
    std::string facility; // one of facility and district names the row's place
    std::string district;
    std::string year_field;
    std::string age_field;
    std::string children_field;
    geo::number_format numbers = geo::number_format::plain;
};

// Ganztag participation: one row per Grundschule and school year.
struct ganztag_mapping {
    std::string facility;
    std::string year_field;
    std::string participants_field;
    std::string places_field; // optional
    geo::number_format numbers = geo::number_format::plain;
};

// Transitions (Übergänge) from each Grundschule to the secondary school forms. Long: one row per
// school, school year and form (`form_field`, `pupils_field`); wide: one row per school and
// year, a column per form (`columns`: form -> column; a form may have several, summed).
struct transition_mapping {
    std::string facility;
    std::string year_field;
    std::string form_field;                                   // long
    std::string pupils_field;                                 // long
    std::vector<std::pair<school_form, std::string>> columns; // wide
    // Source values -> forms, for names the Länder use differently (Oberschule).
    std::vector<std::pair<std::string, school_form>> form_values;
    geo::number_format numbers = geo::number_format::plain;
};

// A population grid (Zensus 100 m cells, or any points with counts): the demand units of the
// analyses. Joined to the districts by location and checked against their totals.
struct grid_mapping {
    std::string id;
    std::string persons;            // field with all persons of the cell
    std::vector<band_column> bands; // and/or a pattern, as for population tables
    std::string band_pattern;
    std::optional<int> year; // the year the grid describes, for the consistency check
    geo::number_format numbers = geo::number_format::plain;
    std::optional<double> cell_size_m; // declared; else detected from the points' spacing
};

struct model_spec {
    std::string name;
    district_mapping districts;
    std::vector<facility_mapping> facilities;
    std::optional<catchment_mapping> catchments;
    std::vector<population_mapping> population;
    std::vector<enrolment_mapping> enrolment;
    std::vector<care_mapping> care;
    std::vector<ganztag_mapping> ganztag;
    std::vector<transition_mapping> transitions;
    std::optional<grid_mapping> grid;
};

} // namespace standort::planning
