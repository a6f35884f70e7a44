#include "geo/error.hpp"
#include "planning/forecast/backtest.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace standort::planning;

namespace {

// One district whose every cohort grows by 10 % a year (newborns too), adults by 10 % a year:
// the cohort-component model reproduces it exactly.
planning_model growing(double last_year_factor) {
    planning_model m;
    m.districts.resize(1);
    m.districts[0].id = district_id{"D"};
    m.districts[0].area.resize(1);
    m.districts[0].area[0].outer() = {{0, 0}, {0, 10}, {10, 10}, {10, 0}, {0, 0}};
    for (int year = 2018; year <= 2022; ++year) {
        const double f = std::pow(1.1, year - 2018) * (year == 2022 ? last_year_factor : 1.0);
        for (int a = 0; a <= 18; ++a) {
            // age a in year t: 100 * 1.1^(t - 2018); the cohort of age a+1 next year is 1.1 x.
            m.population.push_back({district_id{"D"}, year, {a, a + 1}, 100 * f});
        }
        m.population.push_back({district_id{"D"}, year, {19, 65}, 1000 * f});
    }
    return m;
}

} // namespace

// The hand figures below are those of the cohort ratios (the damped model's are in
// damped_cohort_test.cpp).
forecast_options ratio_options() {
    forecast_options o;
    o.population.method = projection_method::cohort_ratios;
    o.population.method_by_backtest = false;
    return o;
}

TEST(Backtest, AnExactTrendIsProjectedWithoutError) {
    const auto o = ratio_options();
    const auto r = run_backtest(growing(1.0), o, 2);
    EXPECT_EQ(r.base_year, 2020);
    ASSERT_FALSE(r.rows.empty());
    for (const auto& row : r.rows) {
        ASSERT_TRUE(row.mape);
        EXPECT_NEAR(*row.mape, 0.0, 1e-9) << row.measure;
        EXPECT_EQ(row.years, (std::vector<int>{2021, 2022}));
    }
}

TEST(Backtest, TenPercentMoreObservedIsMinusNinePointOnePercent) {
    // The last year came out 10 % above the trend: projected / observed = 1 / 1.1, an error
    // of -9.0909 % in that year and 0 in the year before. Mean over the two years: 4.5454 %.
    const auto o = ratio_options();
    const auto r = run_backtest(growing(1.1), o, 2);
    bool seen = false;
    for (const auto& row : r.rows) {
        if (row.unit == "district" && row.measure == "0-3") {
            seen = true;
            EXPECT_NEAR(row.projected[1] / row.observed[1], 1 / 1.1, 1e-12);
            EXPECT_NEAR(*row.mape, 100.0 * (1 - 1 / 1.1) / 2, 1e-9);
            EXPECT_NEAR(*row.bias, -100.0 * (1 - 1 / 1.1) / 2, 1e-9);
        }
    }
    EXPECT_TRUE(seen);
    for (const auto& s : r.summary) {
        if (s.measure == "0-18") {
            EXPECT_EQ(s.rows, 1u);
            EXPECT_NEAR(s.mape, 100.0 * (1 - 1 / 1.1) / 2, 1e-9);
        }
    }
}

TEST(Backtest, TooFewYearsToHoldOut) {
    forecast_options o;
    EXPECT_THROW(run_backtest(growing(1.0), o, 4), standort::config_error);
    EXPECT_THROW(run_backtest(growing(1.0), o, 0), standort::config_error);
}
