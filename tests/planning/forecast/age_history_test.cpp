#include "planning/forecast/age_history.hpp"

#include <gtest/gtest.h>

using namespace standort::planning;

namespace {

std::vector<district> one_district() {
    std::vector<district> d(1);
    d[0].id = district_id{"A"};
    return d;
}

} // namespace

TEST(AgeHistory, BandsAreSpreadEvenlyOverTheirYears) {
    const district_id a{"A"};
    // 0-3: 30 (10 a year), 3-6: 60 (20 a year), 6-19: 130 (10 a year), 19-65: 460.
    const std::vector<population_record> records{{a, 2020, {0, 3}, 30},
                                                 {a, 2020, {3, 6}, 60},
                                                 {a, 2020, {6, 19}, 130},
                                                 {a, 2020, {19, 65}, 460}};
    const auto h = single_age_history(records, one_district(), 18, age_band{15, 45});
    ASSERT_EQ(h.districts.size(), 1u);
    const auto& ages = h.districts[0].persons.at(2020);
    ASSERT_EQ(ages.size(), 19u);
    EXPECT_DOUBLE_EQ(ages[0], 10);
    EXPECT_DOUBLE_EQ(ages[2], 10);
    EXPECT_DOUBLE_EQ(ages[3], 20);
    EXPECT_DOUBLE_EQ(ages[5], 20);
    EXPECT_DOUBLE_EQ(ages[6], 10);
    EXPECT_DOUBLE_EQ(ages[18], 10);
    // Reference 15-45: 4 of the 13 years of 6-19 (40) and 26 of the 46 years of 19-65 (260).
    EXPECT_DOUBLE_EQ(h.districts[0].reference.at(2020), 300);
    EXPECT_TRUE(h.gaps.empty());
}

TEST(AgeHistory, AYearWhoseBandsLeaveAGapIsLeftOutAndNamed) {
    const district_id a{"A"};
    const std::vector<population_record> records{
        {a, 2021, {0, 3}, 30},
        {a, 2021, {6, 19}, 130}, // 3-6 missing
        {a, 2022, {0, 6}, 60},
        {a, 2022, {3, 19}, 100}, // overlapping: counted twice
        {a, 2023, {0, 19}, 190}};
    const auto h = single_age_history(records, one_district(), 18, std::nullopt);
    EXPECT_EQ(h.districts[0].persons.size(), 1u);
    EXPECT_TRUE(h.districts[0].persons.contains(2023));
    ASSERT_EQ(h.gaps.size(), 2u);
    EXPECT_EQ(h.gaps[0], "A 2021: ages 0-18 not covered by the age bands");
    EXPECT_TRUE(h.districts[0].reference.empty());
}

TEST(AgeHistory, ReferenceNeedsItsWholeBand) {
    const district_id a{"A"};
    // Nobody above 19 in the table: the reference 15-45 cannot be told.
    const std::vector<population_record> records{{a, 2020, {0, 19}, 190}};
    const auto h = single_age_history(records, one_district(), 18, age_band{15, 45});
    EXPECT_TRUE(h.districts[0].persons.contains(2020));
    EXPECT_FALSE(h.districts[0].reference.contains(2020));
}
