#include "planning/model/population_index.hpp"

#include <gtest/gtest.h>

using namespace standort::planning;

namespace {
// One district with Berlin's EWR bands for the under-sevens.
std::vector<population_record> records() {
    const district_id d{"01011101"};
    return {
        {d, 2020, {0, 1}, 22}, {d, 2020, {1, 2}, 26}, {d, 2020, {2, 3}, 24},
        {d, 2020, {3, 5}, 60}, {d, 2020, {5, 6}, 24}, {d, 2020, {6, 7}, 22},
    };
}
} // namespace

TEST(PopulationIndex, SumsBandsThatTileTheQuestion) {
    const population_index index(records());
    const district_id d{"01011101"};
    EXPECT_EQ(index.persons(d, 2020, {0, 3}), 22.0 + 26 + 24);                // U3
    EXPECT_EQ(index.persons(d, 2020, {3, 6}), 60.0 + 24);                     // Ü3
    EXPECT_EQ(index.persons(d, 2020, {0, 7}), 22.0 + 26 + 24 + 60 + 24 + 22); // 178
    EXPECT_FALSE(index.total(d, 2020)) << "children only: no total of all persons";
    auto all = records();
    all.push_back({d, 2020, {7, max_age}, 1000});
    EXPECT_EQ(population_index(all).total(d, 2020), 1178.0);
}

TEST(PopulationIndex, RefusesQuestionsTheBandsCannotAnswer) {
    const population_index index(records());
    const district_id d{"01011101"};
    EXPECT_FALSE(index.persons(d, 2020, {0, 4}));  // 3-5 straddles the edge
    EXPECT_FALSE(index.persons(d, 2020, {0, 10})); // no data beyond 7
    EXPECT_FALSE(index.persons(d, 2021, {0, 3}));  // no such year
    EXPECT_FALSE(index.persons(district_id{"x"}, 2020, {0, 3}));
}
