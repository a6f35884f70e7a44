// How planners write distances and times, and how standort reads them back out.
#include "planning/reach/travel_costs.hpp"

#include <gtest/gtest.h>

#include <optional>

using namespace standort::planning;

namespace {

struct cost_case {
    const char* text;
    std::optional<travel_cost> expected; // nullopt: not a distance or time
};

void PrintTo(const cost_case& c, std::ostream* os) {
    *os << '"' << c.text << '"';
}

const cost_case cost_cases[] = {
    {"500", travel_cost{cost_metric::distance_m, 500}},
    {"500 m", travel_cost{cost_metric::distance_m, 500}},
    {"500m", travel_cost{cost_metric::distance_m, 500}},
    {" 1.5 km ", travel_cost{cost_metric::distance_m, 1500}},
    {"2 km", travel_cost{cost_metric::distance_m, 2000}},
    {"10 min", travel_cost{cost_metric::time_s, 600}},
    {"7.5min", travel_cost{cost_metric::time_s, 450}},
    {"1e3", travel_cost{cost_metric::distance_m, 1000}},
    {"0", std::nullopt}, // a threshold above 0
    {"-500", std::nullopt},
    {"5 parsecs", std::nullopt},
    {"1,5 km", std::nullopt}, // German decimals are not guessed
    {"km", std::nullopt},
    {"", std::nullopt},
    {"inf", std::nullopt},
    {"nan", std::nullopt},
    {"10 h", std::nullopt},
    {"10 minutes", std::nullopt},
};

class TravelCostText : public testing::TestWithParam<cost_case> {};

} // namespace

TEST_P(TravelCostText, ReadsAsPlannersWriteIt) {
    const auto& c = GetParam();
    const auto cost = parse_travel_cost(c.text);
    ASSERT_EQ(cost.has_value(), c.expected.has_value());
    if (cost) {
        EXPECT_EQ(cost->metric, c.expected->metric);
        EXPECT_DOUBLE_EQ(cost->value, c.expected->value);
    }
}

INSTANTIATE_TEST_SUITE_P(TravelCosts, TravelCostText, testing::ValuesIn(cost_cases));

TEST(TravelCosts, WrittenBackInTheUnitsPlannersRead) {
    EXPECT_EQ(to_string({cost_metric::distance_m, 1500}), "1500 m");
    EXPECT_EQ(to_string({cost_metric::time_s, 600}), "10 min");
    EXPECT_EQ(field_suffix({cost_metric::time_s, 450}), "7.5min");
    EXPECT_EQ(field_suffix({cost_metric::distance_m, 500}), "500m");
    EXPECT_DOUBLE_EQ(output_value(cost_metric::time_s, 90), 1.5);
    EXPECT_EQ(output_unit(cost_metric::distance_m), "m");
}
