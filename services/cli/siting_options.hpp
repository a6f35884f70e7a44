#pragma once

#include "planning/requests.hpp"
#include "services/cli/options.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::services::cli {

// The options of `standort siting` as written on the command line, and the request they make.
struct siting_args {
    project_args io;
    extra_outputs extras;
    std::string kind = "grundschule";
    std::vector<std::string> open, close, extend, option;
    std::string objective;
    std::string p = "1";
    bool may_close = false;
    std::string threshold, capacity_limit;
    std::optional<int> year;
    std::string variant = "middle";
    bool robust = false;
    double gap = 0.005;
    double time_limit = 60;
    travel_args travel;
};

// Each --open, --close and --extend is one option, each --option one of several changes;
// "GS00001:+1zug" adds a Zug, "K0001:+25" places or seats; --p is a number or a range "0..3".
// Throws request_error naming the option.
planning::siting_request siting_request_of(const siting_args& args);

} // namespace standort::services::cli
