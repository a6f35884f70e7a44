#include "geo/error.hpp"
#include "planning/forecast/population_projection.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace standort::planning;

namespace {

// District D with ages 0, 1 and 2 and its reference population R over three years:
//   2019: 10 20 30, R 100
//   2020: 12 22 18, R 110
//   2021: 11 24 21, R 121
age_history_table history() {
    age_history_table t;
    age_history h;
    h.district = district_id{"D"};
    h.persons = {{2019, {10, 20, 30}}, {2020, {12, 22, 18}}, {2021, {11, 24, 21}}};
    h.reference = {{2019, 100}, {2020, 110}, {2021, 121}};
    t.districts.push_back(h);
    return t;
}

projection_options options() {
    projection_options o;
    o.method = projection_method::cohort_ratios; // the hand figures below are its ratios
    o.base_year = 2021;
    o.horizon = 2;
    o.last_age = 2;
    o.weights = {1, 2};
    return o;
}

constexpr auto low = static_cast<std::size_t>(variant::low);
constexpr auto mid = static_cast<std::size_t>(variant::middle);
constexpr auto high = static_cast<std::size_t>(variant::high);

} // namespace

TEST(PopulationProjection, CohortChangeRatiosBirthsAndAgeing) {
    const auto p = project_population(history(), options());
    ASSERT_EQ(p.districts.size(), 1u);
    const auto& d = p.districts[0];
    // CCR(0) = (1 * 22/10 + 2 * 24/12) / 3; CCR(1) = (1 * 18/20 + 2 * 21/22) / 3.
    const double ccr0 = (2.2 + 2 * 2.0) / 3;
    const double ccr1 = (0.9 + 2 * 21.0 / 22) / 3;
    EXPECT_NEAR(d.rates.ccr[0].mean, ccr0, 1e-12);
    EXPECT_NEAR(d.rates.ccr[1].mean, ccr1, 1e-12);
    // Births per reference person: (12/110 + 2 * 11/121) / 3; R grows 1.1 a year.
    const double b = (12.0 / 110 + 2 * 11.0 / 121) / 3;
    EXPECT_NEAR(d.rates.births.mean, b, 1e-12);
    EXPECT_NEAR(d.rates.reference_growth.mean, 1.1, 1e-12);
    const auto& mid_years = d.persons[mid];
    ASSERT_EQ(mid_years.size(), 3u);
    EXPECT_EQ(mid_years[0], (std::vector<double>{11, 24, 21})); // the observed base year
    // 2022: newborns b * 133.1, the one-year-olds from 11 newborns, the two-year-olds from 24.
    EXPECT_NEAR(mid_years[1][0], b * 133.1, 1e-9);
    EXPECT_NEAR(mid_years[1][1], ccr0 * 11, 1e-9);
    EXPECT_NEAR(mid_years[1][2], ccr1 * 24, 1e-9);
    // 2023 follows the 2022 cohorts.
    EXPECT_NEAR(mid_years[2][0], b * 146.41, 1e-9);
    EXPECT_NEAR(mid_years[2][1], ccr0 * b * 133.1, 1e-9);
    EXPECT_NEAR(mid_years[2][2], ccr1 * ccr0 * 11, 1e-9);
    EXPECT_EQ(p.year(2), 2023);
}

TEST(PopulationProjection, VariantsFromTheSpreadOrFromFactors) {
    const auto p = project_population(history(), options());
    const auto& d = p.districts[0];
    // CCR(0) rates 2.2 and 2.0, weights 1 and 2: mean 6.2/3, variance
    // (1 (2.2 - m)^2 + 2 (2.0 - m)^2) / 3 = 0.0088889, sd 0.0942809.
    const double m = 6.2 / 3;
    const double sd = std::sqrt((std::pow(2.2 - m, 2) + 2 * std::pow(2.0 - m, 2)) / 3);
    EXPECT_NEAR(sd, 0.0942809, 1e-7);
    EXPECT_NEAR(d.persons[low][1][1], (m - sd) * 11, 1e-9);
    EXPECT_NEAR(d.persons[high][1][1], (m + sd) * 11, 1e-9);
    EXPECT_LT(d.persons[low][2][2], d.persons[mid][2][2]);
    EXPECT_GT(d.persons[high][2][2], d.persons[mid][2][2]);

    auto o = options();
    o.variant_factors = std::pair{0.9, 1.1};
    const auto f = project_population(history(), o);
    EXPECT_NEAR(f.districts[0].persons[low][1][1], 0.9 * m * 11, 1e-9);
    EXPECT_NEAR(f.districts[0].persons[high][1][1], 1.1 * m * 11, 1e-9);
}

TEST(PopulationProjection, BirthsFromThePreviousYearsBirths) {
    auto o = options();
    o.births = births_basis::previous_births;
    const auto p = project_population(history(), o);
    // (1 * 12/10 + 2 * 11/12) / 3
    const double g = (1.2 + 2 * 11.0 / 12) / 3;
    EXPECT_NEAR(p.districts[0].rates.births.mean, g, 1e-12);
    EXPECT_NEAR(p.districts[0].persons[mid][1][0], g * 11, 1e-9);
    EXPECT_NEAR(p.districts[0].persons[mid][2][0], g * g * 11, 1e-9);
}

TEST(PopulationProjection, HousingMoversAreAddedAndPurgedFromTheBasePeriod) {
    auto o = options();
    // 10 dwellings a year with 2 persons each, 2021 and 2022: 20 movers a year, a tenth of
    // them at each of ages 0, 1 and 2 and 70 % in the reference ages.
    o.housing = {{"Am Feld", district_id{"D"}, 2021, 2022, 10, 2}};
    o.movers = {{{{0, 3}, 0.3}, {{25, 45}, 0.7}}};
    const auto p = project_population(history(), o);
    const auto& d = p.districts[0];
    // 2021 held 2 movers at each age and 14 in R: the base period's rates leave them out.
    const double ccr0 = (2.2 + 2 * (24.0 - 2) / 12) / 3;
    const double ccr1 = (0.9 + 2 * (21.0 - 2) / 22) / 3;
    const double b = (12.0 / 110 + 2 * (11.0 - 2) / 121) / 3;
    const double g = (1.1 + 2 * (121.0 - 14) / 110) / 3;
    EXPECT_NEAR(d.rates.ccr[0].mean, ccr0, 1e-12);
    EXPECT_NEAR(d.rates.ccr[1].mean, ccr1, 1e-12);
    EXPECT_NEAR(d.rates.births.mean, b, 1e-12);
    EXPECT_NEAR(d.rates.reference_growth.mean, g, 1e-12);
    // 2022: the area still builds; 2023 it does not.
    const double r2022 = g * 121 + 14;
    EXPECT_NEAR(d.persons[mid][1][0], b * r2022 + 2, 1e-9);
    EXPECT_NEAR(d.persons[mid][1][1], ccr0 * 11 + 2, 1e-9);
    EXPECT_NEAR(d.persons[mid][1][2], ccr1 * 24 + 2, 1e-9);
    EXPECT_NEAR(d.persons[mid][2][0], b * g * r2022, 1e-9);
    EXPECT_DOUBLE_EQ(d.movers[1][0], 2);
    EXPECT_DOUBLE_EQ(d.movers[2][0], 0);
}

TEST(PopulationProjection, ADistrictWithoutChildrenInTheBaseUsesTheMunicipalitysRatio) {
    auto h = history();
    age_history e;
    e.district = district_id{"E"};
    // No newborns ever in E: its CCR(0) has no denominator; its 15 one-year-olds a year (30
    // over the two base years) still count.
    e.persons = {{2019, {0, 15, 15}}, {2020, {0, 15, 15}}, {2021, {0, 15, 15}}};
    e.reference = {{2019, 50}, {2020, 50}, {2021, 50}};
    h.districts.push_back(e);
    const auto p = project_population(h, options());
    ASSERT_EQ(p.districts.size(), 2u);
    const auto& de = p.districts[1];
    EXPECT_TRUE(de.rates.ccr_pooled[0]);
    EXPECT_FALSE(de.rates.ccr_pooled[1]);
    // Pooled over D and E: ((22 + 15) / 10 + 2 * (24 + 15) / 12) / 3.
    EXPECT_NEAR(de.rates.ccr[0].mean, (3.7 + 2 * 39.0 / 12) / 3, 1e-12);
    EXPECT_NEAR(de.rates.ccr[1].mean, 1.0, 1e-12);
    ASSERT_EQ(p.notes.size(), 1u);
    EXPECT_NE(p.notes[0].find("E: too few children"), std::string::npos) << p.notes[0];
    // Adults grow as the municipality's do: D's 100, 110, 121 and E's constant 50 pooled,
    // ((110 + 50) / 150 + 2 * (121 + 50) / 160) / 3.
    EXPECT_NEAR(de.rates.reference_growth.mean, (160.0 / 150 + 2 * 171.0 / 160) / 3, 1e-12);
    EXPECT_NEAR(p.districts[0].rates.reference_growth.mean, de.rates.reference_growth.mean, 1e-12);
}

TEST(PopulationProjection, ACohortOfFewerThanTwentyOverTheBaseYearsIsPooled) {
    auto h = history();
    age_history e;
    e.district = district_id{"E"};
    // Nine one-year-olds over the two base years (4 + 5): too few; D has 42 and keeps its own.
    e.persons = {{2019, {3, 4, 4}}, {2020, {3, 5, 4}}, {2021, {3, 5, 5}}};
    e.reference = {{2019, 50}, {2020, 50}, {2021, 50}};
    h.districts.push_back(e);
    const auto p = project_population(h, options());
    EXPECT_TRUE(p.districts[1].rates.ccr_pooled[1]);
    EXPECT_FALSE(p.districts[0].rates.ccr_pooled[1]);
    EXPECT_NEAR(p.districts[1].rates.ccr[1].mean, ((18.0 + 4) / 24 + 2 * (21.0 + 5) / 27) / 3,
                1e-12);
}

TEST(PopulationProjection, AMissingBaseYearIsAClearError) {
    auto o = options();
    o.base_year = 2030;
    EXPECT_THROW(project_population(history(), o), standort::config_error);
    o = options();
    o.weights.clear();
    EXPECT_THROW(project_population(history(), o), standort::config_error);
    // No adults anywhere (a reference band present but empty): no births ratio, and births
    // are never silently zero.
    auto only_base = history();
    only_base.districts[0].reference = {{2019, 0}, {2020, 0}, {2021, 0}};
    try {
        project_population(only_base, options());
        FAIL() << "expected an error";
    } catch (const standort::config_error& e) {
        EXPECT_NE(std::string(e.what()).find("no base year before 2021 has both newborns"),
                  std::string::npos)
            << e.what();
    }
    auto h = history();
    h.districts[0].reference.erase(2021);
    try {
        project_population(h, options());
        FAIL() << "expected an error";
    } catch (const standort::config_error& e) {
        EXPECT_NE(std::string(e.what()).find("births: previous"), std::string::npos) << e.what();
    }
}
