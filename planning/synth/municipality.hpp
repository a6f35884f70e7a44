#pragma once

#include "geo/types.hpp"
#include "planning/model/model.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace standort::planning::synth {

enum class scale { town, city, land, germany };
std::optional<scale> parse_scale(std::string_view name);
std::string to_string(scale s);

// A settlement (Gemeinde or Ortsteil): the parent level of the districts.
struct settlement {
    std::string id; // 4 digits
    std::string name;
    geo::point centre;
    double radius_m = 0; // of its built-up area
    double persons = 0;
};

// A populated 100 m cell, as the Zensus grid publishes it: children by single year of age.
struct grid_cell {
    std::int32_t ix = 0; // lower-left corner = (ix, iy) * cell size
    std::int32_t iy = 0;
    std::uint32_t district = 0; // index into districts
    std::uint32_t persons = 0;
    std::array<std::uint16_t, 18> children{}; // ages 0 ... 17
};

struct street {
    geo::linestring line;
    std::string highway; // primary, secondary, tertiary, residential (OSM classes)
    bool bridge = false;
};

// A new housing area (Neubaugebiet): dwellings completed per year from `first_year` on.
struct housing_area {
    std::size_t district = 0;
    int first_year = 0;
    int last_year = 0; // building ends: ten years of a Neubaugebiet
    int dwellings_per_year = 0;
    double persons_per_dwelling = 0;
};

// A plot that could take a new Kita or Grundschule, with what it could hold: a Kita of 75
// places needs about 2,500 m² of plot, 100 places 4,000 m²; a Grundschule about 4,000 m² per
// Zug (classrooms and schoolyard; the sports hall shared).
struct candidate_site {
    std::string id;
    std::string name;
    geo::point location;
    double area_m2 = 0;
    std::string owner;
    int kita_places = 0;
    int zuege = 0; // of a Grundschule the plot could take (0: too small)
};

// Pupils leaving a Grundschule for one school form, as the Schulstatistik writes the form
// ("Gymnasium", "Hauptschule"): the example's transitions table.
struct transition_row {
    facility_id facility;
    int school_year = 0; // the year they start at the secondary school
    std::string form;
    double pupils = 0;
};

// Everything the generator makes, in the working CRS (ETRS89 / UTM).
struct municipality {
    std::string name;
    std::string crs;
    int base_year = 0;  // the latest observed year
    int first_year = 0; // the earliest
    double cell_size_m = 100;
    geo::multi_polygon boundary;
    std::vector<settlement> settlements;
    std::vector<geo::multi_polygon> settlement_areas; // parallel to settlements
    std::vector<district> districts;
    std::vector<population_record> population; // single ages 0-17, then 18-65 and 65+
    std::vector<grid_cell> grid;               // the base year
    std::vector<facility> facilities;          // Kitas, Grundschulen, Sek I, Förderschulen
    std::vector<catchment> catchments;         // of the Grundschulen
    std::vector<enrolment_record> enrolment;   // Grundschulen, grades 1-4, past school years
    std::vector<care_record> care;             // children in each Kita, U3 and Ü3, last 5 years
    std::vector<ganztag_record> ganztag;       // Ganztag pupils and places per Grundschule
    std::vector<transition_row> transitions;   // grade 4 of a year to the forms of the next
    std::vector<candidate_site> candidates;
    std::vector<housing_area> housing;
    std::vector<street> streets;
    geo::linestring river;
    geo::linestring railway;
};

struct options {
    scale size = scale::town;
    std::uint64_t seed = 1;
    int base_year = 2024;
    int history_years = 11; // base_year - 10 ... base_year
};

// A plausible German municipality (or Land, or country) at a real place: a dense centre,
// suburbs and villages, population evolving by ageing, births and migration, with one or two
// new housing areas; facilities sized so some are over and some under capacity.
municipality generate(const options& opts);

// What a generated municipality holds, for the terminal and --json.
struct municipality_summary {
    double persons = 0; // in the base year
    std::size_t kitas = 0;
    std::size_t grundschulen = 0;
    std::size_t sek1 = 0;
    std::size_t foerderschulen = 0;
    std::size_t berufsschulen = 0;
};
municipality_summary summarise(const municipality& m);

} // namespace standort::planning::synth
