// The robust choice on a hand instance where the plan of least maximum regret is no variant's
// optimum, nor the optimum of the mean demand.
#include "planning/siting/robust.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace standort::planning;

namespace {

// Homes at 0 and 10, sites A, B, C at 0, 5 and 10; one site to build (p-median, p = 1).
site_problem two_homes(double at_0, double at_10) {
    std::vector<std::vector<std::pair<std::uint32_t, double>>> rows(2);
    for (std::uint32_t j = 0; j < 3; ++j) {
        rows[0].emplace_back(j, 5.0 * j);
        rows[1].emplace_back(j, 10 - 5.0 * j);
    }
    return make_site_problem({at_0, at_10}, rows, std::vector<site_role>(3, site_role::candidate),
                             std::vector<double>(3, no_limit), 5, 1e6);
}

} // namespace

TEST(RobustSiting, LeastMaximumRegretIsTheCompromise) {
    // Children (home 0, home 10): low (10, 1), middle (6, 5), high (1, 10).
    // Total way of A / B / C:  low 10 / 55 / 100, middle 50 / 55 / 60, high 100 / 55 / 10.
    // Optima: A, A, C; the mean (17/3, 16/3) also takes A (53.3 / 55 / 56.7).
    // Largest regret: A 90 (high), C 90 (low), B 45 (low and high): B is the robust plan.
    const auto low = two_homes(10, 1);
    const auto middle = two_homes(6, 5);
    const auto high = two_homes(1, 10);
    const auto plans = robust_plans({&low, &middle, &high}, siting_objective::p_median, 1, {});
    ASSERT_EQ(plans.size(), 5u);
    EXPECT_EQ(plans[0].origin, "optimum low");
    EXPECT_EQ(plans[0].open, (std::vector<bool>{true, false, false}));
    EXPECT_EQ(plans[2].open, (std::vector<bool>{false, false, true}));
    EXPECT_EQ(plans[3].origin, "optimum of the mean");
    EXPECT_EQ(plans[3].open, (std::vector<bool>{true, false, false}));
    EXPECT_DOUBLE_EQ(plans[0].max_regret, 90);
    EXPECT_DOUBLE_EQ(plans[2].max_regret, 90);

    const auto& robust = plans.back();
    EXPECT_EQ(robust.origin, "least maximum regret");
    EXPECT_EQ(robust.open, (std::vector<bool>{false, true, false}));
    EXPECT_DOUBLE_EQ(robust.value[0], 55);
    EXPECT_DOUBLE_EQ(robust.value[1], 55);
    EXPECT_DOUBLE_EQ(robust.value[2], 55);
    EXPECT_DOUBLE_EQ(robust.regret[0], 45);
    EXPECT_DOUBLE_EQ(robust.regret[1], 5);
    EXPECT_DOUBLE_EQ(robust.regret[2], 45);
    EXPECT_DOUBLE_EQ(robust.max_regret, 45);
}

TEST(RobustSiting, CoverageRegretCountsChildrenNotReached) {
    // MCLP within 5, p = 1: A covers home 0 only, C home 10 only, B (5 from each) both: B is
    // every variant's optimum, with no regret anywhere; low covers 10 + 1 = 11 children.
    const auto low = two_homes(10, 1);
    const auto middle = two_homes(6, 5);
    const auto high = two_homes(1, 10);
    const auto plans = robust_plans({&low, &middle, &high}, siting_objective::mclp, 1, {});
    EXPECT_EQ(plans.back().open, (std::vector<bool>{false, true, false}));
    EXPECT_DOUBLE_EQ(plans.back().max_regret, 0);
    EXPECT_DOUBLE_EQ(plans.back().value[0], 11);
}
