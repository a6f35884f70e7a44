#include "geo/error.hpp"
#include "planning/forecast/trend_rates.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace standort::planning;

TEST(TrendRates, WeightedMeanAndSpreadOfThreeYears) {
    // Rates 1.1, 0.9, 1.2 weighted 1:2:3: (1.1 + 1.8 + 3.6) / 6 = 6.5 / 6.
    const auto r = weighted_rate({{110, 100}, {90, 100}, {120, 100}}, {1, 2, 3});
    ASSERT_TRUE(r);
    const double mean = 6.5 / 6;
    EXPECT_NEAR(r->mean, mean, 1e-12);
    EXPECT_EQ(r->years, 3u);
    // Weighted variance: (1 (1.1-m)^2 + 2 (0.9-m)^2 + 3 (1.2-m)^2) / 6.
    const double var =
        (std::pow(1.1 - mean, 2) + 2 * std::pow(0.9 - mean, 2) + 3 * std::pow(1.2 - mean, 2)) / 6;
    EXPECT_NEAR(r->spread, std::sqrt(var), 1e-12);
    EXPECT_NEAR(r->spread, 0.1343709, 1e-6);
}

TEST(TrendRates, AnEmptyYearLeavesWithItsWeight) {
    // The oldest year had no cohort: (0.9 * 2 + 1.2 * 3) / 5 = 1.08.
    const auto r = weighted_rate({{5, 0}, {90, 100}, {120, 100}}, {1, 2, 3});
    ASSERT_TRUE(r);
    EXPECT_NEAR(r->mean, 1.08, 1e-12);
    EXPECT_EQ(r->years, 2u);
    // Below the minimum denominator counts as empty too.
    const auto small = weighted_rate({{3, 0.5}, {90, 100}, {120, 100}}, {1, 2, 3}, 1.0);
    EXPECT_NEAR(small->mean, 1.08, 1e-12);
}

TEST(TrendRates, FewerYearsThanWeightsTakeTheNewestWeights) {
    // One year only: its rate whatever its weight.
    const auto one = weighted_rate({{120, 100}}, {1, 2, 3});
    EXPECT_NEAR(one->mean, 1.2, 1e-12);
    EXPECT_EQ(one->spread, 0.0);
    // Two years with 1:2:3: weights 2 and 3: (2 * 0.9 + 3 * 1.2) / 5.
    const auto two = weighted_rate({{90, 100}, {120, 100}}, {1, 2, 3});
    EXPECT_NEAR(two->mean, 1.08, 1e-12);
    // More years than weights: only the newest count.
    const auto four = weighted_rate({{500, 100}, {110, 100}, {90, 100}, {120, 100}}, {1, 2, 3});
    EXPECT_NEAR(four->mean, 6.5 / 6, 1e-12);
}

TEST(TrendRates, NothingObservedIsNoRate) {
    EXPECT_FALSE(weighted_rate({{1, 0}, {2, 0}}, {1, 1}));
    EXPECT_FALSE(weighted_rate({}, {1, 2, 3}));
    EXPECT_THROW(weighted_rate({{1, 1}}, {}), standort::config_error);
}
