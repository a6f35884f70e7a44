#pragma once

#include "geo/finding.hpp"
#include "geo/network/street_network.hpp"
#include "planning/forecast/forecast.hpp"
#include "planning/monitoring/publication.hpp"
#include "planning/reach/coverage.hpp"
#include "planning/reach/supply.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// The Bildungsmonitoring's parameters: the expected take-up of the Ganztag claim and the
// confidentiality rules a publication applies unless the front end is told otherwise.
struct monitoring_settings {
    double ganztag_per_100 = 75; // about three in four parents want a place (DJI estimate)
    publication_rules publication;
};

// What a project file says about its analyses, as written: targets, thresholds, the Land and
// the forecast's parameters. Where it is silent the defaults stand; rules that follow from
// other settings (the Grundschule ages from the Land) are resolved by the planner.
struct analysis_settings {
    std::vector<supply_group> supply_groups = default_supply_groups();
    std::optional<int> supply_year; // default: the latest population year
    std::vector<coverage_kind> coverage_kinds = default_coverage_kinds();
    // The Grundschule ages when the project sets them (supply.grundschule_ages or
    // coverage.grundschule_ages); else the Land's: school entry plus its primary grades
    // (6-10, Berlin and Brandenburg 6-12).
    std::optional<age_band> grundschule_ages;
    forecast_options forecast; // population.housing comes from the housing areas
    monitoring_settings monitoring;
};

// A street layer read into the working CRS, before a graph is built from it: the planner
// builds one graph per travel mode, when an analysis first needs it.
struct street_data {
    std::string source; // as the project file names it
    std::string layer;
    std::size_t features = 0;
    std::string class_field; // for messages: the field that classifies the ways
    std::vector<geo::network::street_way> ways;
    geo::network::network_options options; // the project's mode, speeds and tolerance
    findings found;
};

} // namespace standort::planning
