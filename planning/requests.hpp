#pragma once

#include "geo/network/travel_mode.hpp"
#include "planning/reach/accessibility.hpp"
#include "planning/reach/travel_costs.hpp"
#include "planning/siting/site_problem.hpp"

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

// One option a council paper compares: candidates built, facilities given up, capacity added.
struct siting_option {
    std::string name;               // as the user wrote it
    std::vector<std::string> open;  // candidate ids
    std::vector<std::string> close; // facility ids
    struct extension {
        std::string facility;
        double capacity = 0; // places or seats added
        double zuege = 0;    // Züge added (seats: Züge x class size x grades)
    };
    std::vector<extension> extend;
};

struct siting_request {
    std::string kind = "grundschule";   // a coverage kind of the project: kita or grundschule
    std::vector<siting_option> options; // evaluated side by side with today
    std::optional<siting_objective> objective; // optimise: choose sites among the candidates
    std::size_t p_from = 1; // sites to choose; p_from < p_to: the trade-off curve
    std::size_t p_to = 1;
    bool may_close = false;                    // existing facilities may close (p counts them)
    std::optional<travel_cost> threshold;      // default: the kind's farthest coverage threshold
    std::optional<travel_cost> capacity_limit; // default: twice the farthest threshold
    std::optional<int> year;                   // a future year: the forecast's children
    std::string variant = "middle";            // low, middle or high
    bool robust = false;                       // least maximum regret over the three variants
    double gap = 0.005;
    double time_limit_s = 60;
    travel_request travel;
};

} // namespace standort::planning
