#pragma once

// The education database (Bildungsdatenbank) of a Bildungsmonitoring: a project's validated
// inputs kept year after year in one GeoPackage (or PostGIS database), so indicators run over
// every year imported, not only the year of the files at hand.
//
// Tables (English names, one row per record, every row with its source file and import time):
//   districts   polygons, one version per Gebietsstand: valid_from, valid_to (years, valid_to
//               empty while current); a changed set of keys starts a new version
//   facilities  points, per import year: kind, places, seats, Züge, district and catchment
//   catchments  polygons, per import year
//   population  district, year, ages, persons
//   enrolment   facility, school_year, grade, pupils
//   kita_care   district, facility, year, ages, children
//   ganztag     facility, school_year, participants, places
//   grid        points, the population grid per year: persons per age band
//   crosswalk   links between two Gebietsstände: from_key (earlier) became (part of) to_key
//   imports     one row per import year: when, from which project, how many rows

#include "geo/finding.hpp"
#include "planning/model/model.hpp"
#include "services/load/open_project.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace standort::services {

struct db_table_change {
    std::string table;
    std::vector<int> years;  // the years this import replaced
    std::size_t removed = 0; // rows of those years that were there before
    std::size_t written = 0;
};

struct db_import_result {
    std::string database; // as messages show it
    int year = 0;         // the import year: the facilities' and districts' year
    std::string imported_at;
    std::vector<db_table_change> tables;
    std::string districts;          // German: what became of the Gebietsstand
    std::vector<std::string> notes; // German: what was not kept
};

// Adds the project's model (validated: the caller refuses a project with errors) to the
// database, created when missing, in one transaction: the rows of every year the inputs hold
// replace that year's rows; facilities and catchments are kept per import `year` (default:
// the latest population year). Importing the same inputs twice changes nothing but the time.
// Throws output_error naming the database and table; config_error when the database holds
// another CRS than the project's or no year can be told.
db_import_result import_into_database(const opened_project& project, const std::string& database,
                                      std::optional<int> year, const std::string& imported_at);

struct db_district_version {
    int valid_from = 0;
    std::optional<int> valid_to;
    std::size_t districts = 0;
};

struct db_table_inventory {
    std::string table;
    std::size_t rows = 0;
    std::map<int, std::size_t> rows_per_year;
    std::set<std::string> sources;
};

struct db_import_row {
    int year = 0;
    std::string project;
    std::string imported_at;
    std::int64_t rows = 0;
};

struct db_inventory {
    std::string database;
    std::string crs;
    std::vector<db_table_inventory> tables;
    std::vector<db_district_version> district_versions;
    std::vector<db_import_row> imports;
};

// What the database holds. Throws input_error when it is no standort database.
db_inventory list_database(const std::string& database);

struct db_model {
    planning::planning_model model;
    findings found;         // rows carried over or left out (another Gebietsstand), said
    int districts_year = 0; // the year whose Gebietsstand the districts are
};

// The database as a planning model: the districts valid in `year` (default: the latest year of
// the population), every facility and catchment in its latest imported state up to that year,
// every year of the series. Rows naming a district of another Gebietsstand are carried onto
// these districts where a crosswalk links the two (planning::plan_crosswalk: whole where a
// district was renamed or merged, by persons where it was split, over its Bezirk where no link
// names it), and said; without a crosswalk they are left out and said.
db_model read_database(const std::string& database, std::optional<int> year);

struct db_crosswalk_request {
    std::string matches_file;     // a JSON object key -> [keys]; empty: from the geometries
    std::optional<int> from_year; // the Gebietsstand in force then (default: the one before)
    std::optional<int> to_year;   // ...(default: the latest)
};

struct db_crosswalk_link {
    std::string from;
    std::string to;
    std::optional<double> shared_m2; // where geometries were intersected
};

struct db_crosswalk_result {
    std::string database;
    int from_valid_from = 0;
    int to_valid_from = 0;
    std::string method; // "matches" or "geometry"
    std::vector<db_crosswalk_link> links;
    std::size_t ignored = 0;  // entries of the file naming no district of either
    std::size_t replaced = 0; // links of an earlier crosswalk out of the same Gebietsstand
    std::vector<std::string> unlinked_from; // keys only the earlier one has that no link names
    std::vector<std::string> unreached_to;  // keys only the later one has that no link reaches
};

// Stores the links between two Gebietsstände (replacing the crosswalk out of the earlier one),
// from a matches file or, without one, from the districts' polygons (every pair sharing more
// than 0.1 % of the smaller area, with the area shared). Districts whose key both hold are
// taken as unchanged. Throws input_error naming the file and key for a malformed file, and
// when no link lands: a file of other keys is refused, not stored as an empty crosswalk.
db_crosswalk_result store_crosswalk(const std::string& database,
                                    const db_crosswalk_request& request,
                                    const std::string& imported_at);

} // namespace standort::services
