#pragma once

#include "geo/types.hpp"
#include "planning/model/age_band.hpp"
#include "planning/model/ids.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace standort::planning {

// Where a model object came from, so later findings can still name the file and feature.
struct source_ref {
    std::string file;
    std::string layer;
    std::int64_t feature = -1;
};

// A Planungsraum: the smallest area the municipality plans and publishes figures for.
struct district {
    district_id id;
    std::string name;
    std::optional<district_id> parent;                       // e.g. the Bezirk
    std::vector<std::pair<std::string, std::string>> levels; // (level name, key), coarse first
    geo::multi_polygon area;
    double area_m2 = 0.0;
    std::vector<source_ref> sources; // more than one when duplicate features were merged
};

enum class facility_kind {
    kita,          // Kindertageseinrichtung: Krippe (U3) and Kindergarten (Ü3)
    grundschule,   // primary school, grades 1-4 (1-6 in Berlin and Brandenburg)
    sek1,          // weiterführende Schule, lower secondary (school type says which)
    sek2,          // gymnasiale Oberstufe and other upper secondary
    foerderschule, // special school (Förderschule / Förderzentrum)
    berufsschule,  // vocational school
    candidate,     // a candidate site for a new facility
    other
};

std::optional<facility_kind> parse_facility_kind(std::string_view name);
std::string to_string(facility_kind kind);

// Capacity as the sources give it. Kita: approved places, optionally split U3 (under three) and
// Ü3 (three to school entry). Schools: seats, or Züge (parallel classes per grade) times the
// class size (Klassenfrequenz) times the grades.
struct capacity {
    std::optional<double> places;
    std::optional<double> places_u3;
    std::optional<double> places_ue3;
    std::optional<double> seats;
    std::optional<double> zuege;
    std::optional<double> class_size;
    std::optional<double> grades;
    bool seats_derived = false; // seats = zuege * class_size * grades
};

struct facility {
    facility_id id;
    std::string name;
    facility_kind kind = facility_kind::other;
    std::string school_type; // as the source names it: "Gymnasium", "Integrierte Sekundarschule"
    geo::point location;
    capacity cap;
    std::optional<district_id> district;   // by location
    std::optional<catchment_id> catchment; // by location
    // Another provider's (a private school, a neighbouring municipality's Kita): it serves
    // children, and site choice never closes nor chooses it.
    bool competitor = false;
    source_ref source;
};

// An Einschulungsbereich / Schulbezirk: where children are assigned to a Grundschule.
struct catchment {
    catchment_id id;
    std::string name;
    std::optional<facility_id> facility; // as declared by the source, when it says
    std::vector<facility_id> facilities_inside;
    geo::multi_polygon area;
    double area_m2 = 0.0;
    source_ref source;
};

struct population_record {
    district_id district;
    int year = 0;
    age_band band;
    double persons = 0.0;
    std::uint16_t source = 0; // which of the project's population tables it came from
};

// Pupils (or Kita children) of a facility in a school year, by grade or group.
struct enrolment_record {
    facility_id facility;
    int school_year = 0; // the year the school year starts: 2019 is 2019/20
    std::string grade;   // "1" ... "13", "all", or a Kita group such as "u3"
    double pupils = 0.0;
    std::uint16_t source = 0; // which of the project's enrolment tables it came from
};

// Children in Kita care (Kindertagesbetreuung) on the reporting day of a year, by age, as a
// Kita (or a district's statistics) reports them: the numerator of the Betreuungsquote.
struct care_record {
    district_id district;                // where the Kita is (or the district the row names)
    std::optional<facility_id> facility; // the Kita, when the table is per Kita
    int year = 0;
    age_band ages;
    double children = 0.0;
    std::uint16_t source = 0; // which of the project's care tables it came from
};

// Ganztag (OGS, offene or gebundene Ganztagsschule) at a Grundschule in a school year: the
// pupils who take part and, where the source has them, the Ganztag places.
struct ganztag_record {
    facility_id facility;
    int school_year = 0; // 2026 is 2026/27
    double participants = 0.0;
    std::optional<double> places;
    std::uint16_t source = 0; // which of the project's Ganztag tables it came from
};

// The school forms a Grundschule's leavers go on to (the Übergang to grade 5, or grade 7 where
// the Grundschule has six grades): the Länder name the integrated one differently
// (Gesamtschule, ISS, Gemeinschafts-, Stadtteil-, Oberschule).
enum class school_form { gymnasium, gesamtschule, realschule, sonstige };
constexpr std::array<school_form, 4> school_forms{school_form::gymnasium, school_form::gesamtschule,
                                                  school_form::realschule, school_form::sonstige};
std::string to_string(school_form form); // "gymnasium", ...
// A form by our name or as the Länder's statistics write it ("Gymnasium", "ISS",
// "Integrierte Sekundarschule", "Hauptschule" is one of the others); case does not matter.
// Names whose meaning differs between Länder (Oberschule) are not recognised.
std::optional<school_form> parse_school_form(std::string_view text);
// A form's name as it is compared: lower case, without surrounding spaces ("Gymnasium " and
// "gymnasium" are one name).
std::string school_form_key(std::string_view text);

// Pupils leaving a Grundschule for a secondary school of one form: they start there in
// `school_year` (2024 is 2024/25).
struct transition_record {
    facility_id facility; // the Grundschule they leave
    int school_year = 0;
    school_form form = school_form::sonstige;
    std::optional<double> pupils; // unknown where the table's cell is empty: not 0
    std::uint16_t source = 0;     // which of the project's transition tables it came from
};

// How German schools write a school year: 2019 is "2019/20".
std::string school_year_label(int school_year);

// Population grid cells with persons by age band, flattened: counts[cell * bands.size() + band].
// Held compactly because a country has millions of cells.
struct population_grid {
    std::optional<int> year;
    std::vector<age_band> bands;
    std::vector<std::string> ids;
    std::vector<geo::point> locations;
    std::vector<std::int32_t> district; // index into planning_model::districts, -1: none
    std::vector<float> persons;
    std::vector<float> counts;
    // What the points stand for in the areas the analyses draw: squares of `cell_size_m`
    // (a grid: declared, or detected from the spacing), or, where the points are no grid
    // (address points), `areas`, one per point: its Voronoi cell within its district.
    double cell_size_m = 100;
    std::string cell_size_origin = "default";
    std::vector<geo::multi_polygon> areas;
    double neighbour_reach_m = 105; // points farther apart have areas that do not touch
    std::size_t size() const { return ids.size(); }
};

struct planning_model {
    std::string name;
    std::string crs; // the working CRS everything is in
    std::vector<district> districts;
    std::vector<facility> facilities;
    std::vector<catchment> catchments;
    std::vector<population_record> population;
    std::vector<enrolment_record> enrolment;
    std::vector<care_record> care;
    std::vector<ganztag_record> ganztag;
    std::vector<transition_record> transitions;
    population_grid grid;
};

} // namespace standort::planning
