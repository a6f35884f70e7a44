#pragma once

#include "geo/network/travel_mode.hpp"
#include "planning/reach/accessibility.hpp"
#include "planning/reach/travel_costs.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::planning {

// What a user may ask of each analysis: the parameters a front end fills from its options (the
// CLI's flags, an HTTP request's JSON). Empty means "the default": the planner resolves and
// validates every request once, in one place, and reports the values it used.

enum class travel_choice {
    automatic, // the street network when the project has one, else straight lines
    network,
    straight,
};
std::optional<travel_choice> parse_travel_choice(std::string_view name);

struct travel_request {
    travel_choice choice = travel_choice::automatic;
    std::optional<geo::network::travel_mode> mode; // default: the project's
};

struct supply_request {
    std::optional<int> year; // default: supply.year of the project, else the latest year
};

struct coverage_request {
    std::optional<int> year; // default: the grid's year, else the latest population year
    travel_request travel;
};

struct access_request {
    std::optional<int> year;
    decay weighting = decay::step;
    bool balanced = false;
    std::optional<travel_cost> kita_catchment;   // default 1 km
    std::optional<travel_cost> school_catchment; // default 2 km
    travel_request travel;
};

struct catchments_request {
    bool capacity = false;
    // How far a child may be sent; default twice the farthest Grundschule threshold.
    std::optional<travel_cost> capacity_limit;
    travel_request travel;
};

struct isochrones_request {
    std::optional<int> year;
    std::string kind = "kita";       // a coverage kind of the project: kita or grundschule
    std::vector<travel_cost> limits; // default: the kind's coverage thresholds
    double buffer_m = 50;            // metres either side of a reached street, 0 to 1000
    travel_request travel;           // isochrones follow the streets: never straight
};

struct forecast_request {
    std::optional<int> base_year; // default: the project's, else the latest population year
    std::optional<int> horizon;   // 1 to 30 years; default: the project's, else 10
    std::string land;             // class rules of a Land; default: the project's, else NW
    int backtest = 0;             // years held out for the back-test, 0 to 10
};

} // namespace standort::planning
