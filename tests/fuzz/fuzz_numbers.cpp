// The parsers of text a planner types or a table holds: numbers in both notations, distances
// and times, age bands. Each answers or declines; the answers are finite.
#include "geo/number_text.hpp"
#include "planning/model/age_band.hpp"
#include "planning/reach/travel_costs.hpp"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace standort;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string problem;
    for (auto format : {geo::number_format::plain, geo::number_format::german}) {
        if (auto n = geo::parse_number(text, format, &problem); n && !std::isfinite(n->number)) {
            std::abort();
        }
    }
    geo::looks_like_german_thousands(text);
    if (auto cost = planning::parse_travel_cost(text);
        cost && !(std::isfinite(cost->value) && cost->value > 0)) {
        std::abort();
    }
    if (auto band = planning::parse_age_band(text); band && band->from >= band->to) {
        std::abort();
    }
    return 0;
}
