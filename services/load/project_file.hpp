#pragma once

#include "geo/network/street_ways.hpp"
#include "geo/read_layer.hpp"
#include "planning/model/model_spec.hpp"
#include "planning/settings.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace standort::services {

// Where one input lives and how to read it (the I/O half of a project file entry; the mapping
// half is in planning::model_spec).
struct source_spec {
    std::string role; // "districts", "facilities[1]", ... for messages
    geo::read_options read;
};

// The street network the travel costs run on.
struct network_spec {
    source_spec source;
    geo::network::way_fields fields;
    geo::network::network_options options;
};

// New housing areas (Neubaugebiete): a table with one row per area. Each mapping names a field;
// persons_per_dwelling may be a number for all rows; last_year may be absent (building goes on
// to the end of the horizon).
struct housing_spec {
    source_spec source;
    std::string district;
    std::string name;
    std::string first_year;
    std::string last_year;
    planning::field_or_number dwellings_per_year;
    planning::field_or_number persons_per_dwelling;
    geo::number_format numbers = geo::number_format::plain;
};

// A planner's project file, parsed and checked (unknown keys are errors: a typo must not be
// silently ignored). Relative paths are resolved against the file's folder.
struct project_file {
    std::filesystem::path path;
    std::string crs; // working CRS; empty: the ETRS89/UTM zone of the districts
    planning::model_spec spec;
    source_spec districts;
    std::vector<source_spec> facilities;
    std::optional<source_spec> catchments;
    std::vector<source_spec> population;
    std::vector<source_spec> enrolment;
    std::vector<source_spec> care; // kita_care
    std::vector<source_spec> ganztag;
    std::vector<source_spec> transitions;
    std::optional<source_spec> grid;
    std::optional<network_spec> network;
    std::optional<housing_spec> housing;
    planning::analysis_settings analyses; // targets, thresholds, ages, the forecast's parameters
    // The education database `standort db import` adds to: a GeoPackage path (relative to
    // the project file) or a "PG:..." connection string; empty: none named.
    std::string database;
    bool csv_excel_de = false; // `csv: excel-de`: tables for German Excel (';', 0,5, BOM)
};

// Throws config_error naming the file, the line and the key.
project_file read_project_file(const std::filesystem::path& path);

} // namespace standort::services
