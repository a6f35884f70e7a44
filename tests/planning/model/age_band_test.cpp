#include "planning/model/age_band.hpp"

#include <gtest/gtest.h>

using namespace standort::planning;

TEST(AgeBand, ParsesBandsSingleAgesAndOpenEnds) {
    EXPECT_EQ(parse_age_band("0-1"), (age_band{0, 1}));
    EXPECT_EQ(parse_age_band("3-5"), (age_band{3, 5})); // Berlin EWR E_E03_05: ages 3 and 4
    EXPECT_EQ(parse_age_band("6"), (age_band{6, 7}));
    EXPECT_EQ(parse_age_band("65+"), (age_band{65, max_age}));
    EXPECT_EQ(parse_age_band("95-110"), (age_band{95, 110}));
}

TEST(AgeBand, RejectsNonsense) {
    EXPECT_FALSE(parse_age_band(""));
    EXPECT_FALSE(parse_age_band("5-3"));
    EXPECT_FALSE(parse_age_band("a-b"));
    EXPECT_FALSE(parse_age_band("-1"));
}

TEST(AgeBand, OverlapIsHalfOpen) {
    EXPECT_FALSE((age_band{0, 3}).overlaps(age_band{3, 6}));
    EXPECT_TRUE((age_band{0, 6}).overlaps(age_band{1, 2}));
    EXPECT_EQ(to_string(age_band{65, max_age}), "65+");
}
