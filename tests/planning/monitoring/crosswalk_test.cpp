// Carrying counts across a boundary change, on a hand-made Gebietsstand change in one Bezirk
// "01" and one in "02": every kind of rule, with the shares worked out by hand.
#include "planning/monitoring/crosswalk.hpp"

#include <gtest/gtest.h>

using namespace standort::planning;

namespace {

// Old A -> new a (renamed); old B and C -> new bc (merged); old D -> new d1, d2 (split,
// d1 with 300 persons, d2 with 100, d2 only half inside D by area); old E, no link, in Bezirk
// 01 where new e is reached by no link; old F, no link, in Bezirk 02 where every new district
// is reached; old G, no link and no parent.
crosswalk_request request() {
    crosswalk_request r;
    r.links = {{"A", "a"},       {"B", "bc"}, {"C", "bc"}, {"D", "d1"},
               {"D", "d2", 0.5}, {"X", "a"}}; // X is no district of the source: ignored
    r.from_parent = {{"A", "01"}, {"B", "01"}, {"C", "01"}, {"D", "01"},
                     {"E", "01"}, {"F", "02"}, {"G", ""}};
    r.to_parent = {{"a", "01"}, {"bc", "01"}, {"d1", "01"}, {"d2", "01"},
                   {"e", "01"}, {"f1", "02"}, {"f2", "02"}};
    r.to_weight = {{"a", 50}, {"bc", 80}, {"d1", 300}, {"d2", 100},
                   {"e", 40}, {"f1", 30}, {"f2", 90}};
    r.links.push_back({"F9", "f1"}); // reaches f1 from a district outside the request
    r.links.push_back({"F", "a"});   // across Bezirke: left out
    return r;
}

double share(const carry_rule& rule, const std::string& to) {
    for (const auto& s : rule.to) {
        if (s.to == to) {
            return s.share;
        }
    }
    return -1;
}

} // namespace

TEST(Crosswalk, EveryKindOfChangeWithItsShares) {
    const auto r = request();
    const auto plan = plan_crosswalk(r);
    ASSERT_EQ(plan.size(), 7u);
    EXPECT_EQ(plan.at("A").kind, carry_kind::renamed);
    EXPECT_DOUBLE_EQ(share(plan.at("A"), "a"), 1.0);
    EXPECT_EQ(plan.at("B").kind, carry_kind::merged);
    EXPECT_EQ(plan.at("C").kind, carry_kind::merged);
    EXPECT_DOUBLE_EQ(share(plan.at("C"), "bc"), 1.0);
    // D: 300 * 1 against 100 * 0.5 -> 300/350 and 50/350.
    EXPECT_EQ(plan.at("D").kind, carry_kind::split);
    EXPECT_DOUBLE_EQ(share(plan.at("D"), "d1"), 300.0 / 350.0);
    EXPECT_DOUBLE_EQ(share(plan.at("D"), "d2"), 50.0 / 350.0);
    // E: Bezirk 01's only unreached district is e.
    EXPECT_EQ(plan.at("E").kind, carry_kind::by_parent);
    ASSERT_EQ(plan.at("E").to.size(), 1u);
    EXPECT_DOUBLE_EQ(share(plan.at("E"), "e"), 1.0);
    // F: f1's only link comes from outside the request and is ignored, so both of Bezirk
    // 02 are unreached: by persons, 30 : 90.
    EXPECT_EQ(plan.at("F").kind, carry_kind::by_parent);
    EXPECT_DOUBLE_EQ(share(plan.at("F"), "f1"), 0.25);
    EXPECT_DOUBLE_EQ(share(plan.at("F"), "f2"), 0.75);
    EXPECT_EQ(plan.at("G").kind, carry_kind::lost);
    EXPECT_TRUE(plan.at("G").to.empty());
    ASSERT_EQ(cross_parent_links(r).size(), 1u);
    EXPECT_EQ(cross_parent_links(r).front().from, "F");
}

TEST(Crosswalk, ADistrictWithNoUnreachedNeighbourSpreadsOverTheWholeParent) {
    auto r = request();
    r.links.push_back({"A", "e"}); // A also gave part of itself to e
    const auto plan = plan_crosswalk(r);
    EXPECT_EQ(plan.at("A").kind, carry_kind::split);
    EXPECT_DOUBLE_EQ(share(plan.at("A"), "a"), 50.0 / 90.0);
    // Every Bezirk-01 district is now reached: E spreads over all five, by persons.
    EXPECT_EQ(plan.at("E").kind, carry_kind::by_parent);
    EXPECT_EQ(plan.at("E").to.size(), 5u);
    EXPECT_DOUBLE_EQ(share(plan.at("E"), "d1"), 300.0 / 570.0);
}

TEST(Crosswalk, CarriedRowsConserveThePersonsAndSumWhereTheyMeet) {
    const auto plan = plan_crosswalk(request());
    const age_band u6{0, 6};
    std::vector<population_record> rows{{district_id{"B"}, 2020, u6, 10},
                                        {district_id{"C"}, 2020, u6, 5},
                                        {district_id{"D"}, 2020, u6, 70},
                                        {district_id{"G"}, 2020, u6, 4},
                                        {district_id{"a"}, 2021, u6, 9}}; // already new
    const auto carried = carry_population(rows, plan);
    std::map<std::string, double> by;
    for (const auto& c : carried) {
        by[c.district.value + "/" + std::to_string(c.year)] += c.persons;
    }
    EXPECT_DOUBLE_EQ(by.at("bc/2020"), 15.0); // one row, summed
    EXPECT_DOUBLE_EQ(by.at("d1/2020"), 60.0); // 70 * 300/350
    EXPECT_DOUBLE_EQ(by.at("d2/2020"), 10.0);
    EXPECT_DOUBLE_EQ(by.at("a/2021"), 9.0);
    EXPECT_EQ(carried.size(), 4u); // G is lost
    EXPECT_EQ(carry_counts(plan).at(carry_kind::merged), 2u);
}
