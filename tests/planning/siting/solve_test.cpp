// Site choice: each objective by hand on a line of four homes, and every solver path against
// the exhaustive enumeration of all plans on small random instances.
#include "planning/siting/heuristic.hpp"
#include "planning/siting/lagrangian.hpp"
#include "planning/siting/solve.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace standort::planning;

namespace {

constexpr double big_m = 1e6;

// Homes at 0, 10, 20 and 30 along a road (one child each); sites at 0, 15 and 30.
std::vector<site_role> candidates() {
    return std::vector<site_role>(3, site_role::candidate);
}

std::vector<double> unlimited() {
    return std::vector<double>(3, no_limit);
}

site_problem line(std::vector<site_role> roles = candidates(),
                  std::vector<double> capacity = unlimited(), double threshold = 5) {
    const std::vector<double> homes{0, 10, 20, 30};
    const std::vector<double> sites{0, 15, 30};
    std::vector<std::vector<std::pair<std::uint32_t, double>>> rows(homes.size());
    for (std::size_t u = 0; u < homes.size(); ++u) {
        for (std::uint32_t j = 0; j < sites.size(); ++j) {
            rows[u].emplace_back(j, std::abs(homes[u] - sites[j]));
        }
    }
    return make_site_problem({1, 1, 1, 1}, rows, std::move(roles), std::move(capacity), threshold,
                             big_m);
}

std::vector<bool> open_sites(std::initializer_list<bool> v) {
    return v;
}

} // namespace

TEST(SitingByHand, PMedian) {
    // p = 1: the middle site: 15 + 5 + 5 + 15 = 40 (either end: 0 + 10 + 20 + 30 = 60).
    const auto one = solve_siting(line(), siting_objective::p_median, 1);
    EXPECT_EQ(one.open, open_sites({false, true, false}));
    EXPECT_DOUBLE_EQ(one.objective, 40);
    EXPECT_TRUE(one.optimal);
    // p = 2: both ends, 0 + 10 + 10 + 0 = 20 (with the middle: 25).
    const auto two = solve_siting(line(), siting_objective::p_median, 2);
    EXPECT_EQ(two.open, open_sites({true, false, true}));
    EXPECT_DOUBLE_EQ(two.objective, 20);
}

TEST(SitingByHand, CoverageLocationAndSetCover) {
    // Within 5: the middle site covers the homes at 10 and 20, an end one home.
    const auto mclp = solve_siting(line(), siting_objective::mclp, 1);
    EXPECT_EQ(mclp.open, open_sites({false, true, false}));
    EXPECT_DOUBLE_EQ(mclp.objective, 2);
    EXPECT_DOUBLE_EQ(solve_siting(line(), siting_objective::mclp, 2).objective, 3);
    // LSCP: within 5 all three sites; within 10 both ends; within 15 the middle one alone.
    EXPECT_DOUBLE_EQ(solve_siting(line(), siting_objective::lscp, 0).objective, 3);
    const auto ten = solve_siting(line(candidates(), unlimited(), 10), siting_objective::lscp, 0);
    EXPECT_EQ(ten.open, open_sites({true, false, true}));
    const auto fifteen =
        solve_siting(line(candidates(), unlimited(), 15), siting_objective::lscp, 0);
    EXPECT_EQ(fifteen.open, open_sites({false, true, false}));
}

TEST(SitingByHand, PCenter) {
    // p = 1: the middle, worst way 15; p = 2: both ends, worst way 10.
    EXPECT_DOUBLE_EQ(solve_siting(line(), siting_objective::p_center, 1).objective, 15);
    const auto two = solve_siting(line(), siting_objective::p_center, 2);
    EXPECT_DOUBLE_EQ(two.objective, 10);
    EXPECT_TRUE(two.optimal);
}

TEST(SitingByHand, Capacitated) {
    // Two seats per site. p = 1: the middle takes the homes at 10 and 20 (5 + 5), two children
    // stay without a seat; p = 2: both ends, 0 + 10 + 10 + 0 = 20.
    const auto roles = std::vector<site_role>(3, site_role::candidate);
    const auto one =
        solve_siting(line(roles, {2, 2, 2}), siting_objective::capacitated_p_median, 1);
    EXPECT_DOUBLE_EQ(one.evaluation.unserved, 2);
    EXPECT_DOUBLE_EQ(one.evaluation.total_cost, 10);
    const auto two =
        solve_siting(line(roles, {2, 2, 2}), siting_objective::capacitated_p_median, 2);
    EXPECT_EQ(two.open, open_sites({true, false, true}));
    EXPECT_DOUBLE_EQ(two.objective, 20);
    // One seat each, within 10: two sites place two children.
    const auto cover =
        solve_siting(line(roles, {1, 1, 1}, 10), siting_objective::capacitated_coverage, 2);
    EXPECT_DOUBLE_EQ(cover.objective, 2);
}

TEST(SitingByHand, CapacitatedBoundCountsTheSeatsShort) {
    // One seat per site, p = 1, without CBC: one child placed at way 0, three without a seat:
    // 3 M. The bound: the p-median's 40 (the middle site) plus three children short of a seat,
    // each costing M instead of at most the farthest way, 30: 40 + 3 (M - 30) = 3 M - 50.
    const auto roles = std::vector<site_role>(3, site_role::candidate);
    const auto s = solve_siting(line(roles, {1, 1, 1}), siting_objective::capacitated_p_median, 1,
                                {5, 1e-9, 0});
    EXPECT_DOUBLE_EQ(s.objective, 3 * big_m);
    ASSERT_TRUE(s.bound);
    EXPECT_NEAR(*s.bound, 3 * big_m - 50, 0.01); // less a rounding slack of 1e-9 per child

    // A fifth home no site reaches costs M in the relaxation already: it is not short of a
    // seat a second time. Optimum 4 M, bound 40 + M + 3 (M - 30) = 4 M - 50.
    auto far = line(roles, {1, 1, 1});
    far.demand.push_back(1);
    far.start.push_back(far.start.back());
    const auto f = solve_siting(far, siting_objective::capacitated_p_median, 1, {5, 1e-9, 0});
    EXPECT_DOUBLE_EQ(f.objective, 4 * big_m);
    ASSERT_TRUE(f.bound);
    EXPECT_NEAR(*f.bound, 4 * big_m - 50, 0.01);
}

TEST(SitingByHand, CompetitorsServeButAreNeverChosen) {
    // Another provider's site at 30: with it, the end at 0 (0 + 10 + 10 + 0 = 20) beats the
    // middle (15 + 5 + 5 + 0 = 25).
    const auto r =
        solve_siting(line({site_role::candidate, site_role::candidate, site_role::competitor}),
                     siting_objective::p_median, 1);
    EXPECT_EQ(r.open, open_sites({true, false, true}));
    EXPECT_DOUBLE_EQ(r.objective, 20);
    EXPECT_EQ(r.evaluation.open, 1u); // the competitor is not counted
    // A required school in the middle: one more site at either end, 5 + 5 + 0 + ... = 25.
    const auto req =
        solve_siting(line({site_role::candidate, site_role::required, site_role::candidate}),
                     siting_objective::p_median, 1);
    EXPECT_DOUBLE_EQ(req.objective, 25);
    EXPECT_TRUE(req.open[1]);
}

TEST(SitingByHand, UncoverableHomesAreListed) {
    // Within 3 the homes at 10 and 20 have no site.
    const auto p = line(candidates(), unlimited(), 3);
    EXPECT_EQ(uncoverable_units(p), (std::vector<std::size_t>{1, 2}));
    EXPECT_DOUBLE_EQ(solve_siting(p, siting_objective::lscp, 0).objective, 2);
}

namespace {

struct random_instance {
    site_problem problem;
    std::size_t choosable = 0;
};

// Up to 30 homes and 10 sites in a 10 km square, some sites required or another provider's.
random_instance random_problem(std::mt19937& rng, bool capacities) {
    std::uniform_real_distribution<double> coordinate(0, 10'000);
    std::uniform_int_distribution<int> children(0, 20);
    std::uniform_int_distribution<int> sites_count(4, 10);
    std::uniform_int_distribution<int> role(0, 9);
    const int n = 30;
    const int m = sites_count(rng);
    std::vector<std::pair<double, double>> homes(static_cast<std::size_t>(n));
    std::vector<std::pair<double, double>> sites(static_cast<std::size_t>(m));
    for (auto& h : homes) {
        h = {coordinate(rng), coordinate(rng)};
    }
    for (auto& s : sites) {
        s = {coordinate(rng), coordinate(rng)};
    }
    random_instance out;
    std::vector<site_role> roles;
    std::vector<double> capacity;
    for (int j = 0; j < m; ++j) {
        const int r = role(rng);
        roles.push_back(r == 0   ? site_role::required
                        : r == 1 ? site_role::competitor
                                 : site_role::candidate);
        out.choosable += roles.back() == site_role::candidate ? 1 : 0;
        capacity.push_back(capacities ? static_cast<double>(20 + 10 * role(rng)) : no_limit);
    }
    std::vector<double> demand;
    std::vector<std::vector<std::pair<std::uint32_t, double>>> rows(homes.size());
    const double reach = 6'000; // sparse rows: sites beyond 6 km are out of reach
    for (std::size_t u = 0; u < homes.size(); ++u) {
        demand.push_back(children(rng));
        for (std::uint32_t j = 0; j < sites.size(); ++j) {
            const double d =
                std::hypot(homes[u].first - sites[j].first, homes[u].second - sites[j].second);
            if (d <= reach) {
                rows[u].emplace_back(j, std::round(d));
            }
        }
    }
    out.problem = make_site_problem(demand, rows, roles, capacity, 2'500, 1e7);
    // Entries from 4.5 to 6 km are fallbacks: ways, never seats.
    out.problem.reach = 4'500;
    return out;
}

// The optimum by enumeration: every set of `p` choosable sites (LSCP: every set, the smallest
// covering all coverable homes).
double exhaustive(const site_problem& p, siting_objective objective, std::size_t count) {
    std::vector<std::size_t> choosable;
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (p.choosable(j)) {
            choosable.push_back(j);
        }
    }
    const auto uncoverable = uncoverable_units(p);
    double best = minimises(objective) ? std::numeric_limits<double>::infinity() : -1;
    for (std::uint32_t mask = 0; mask < (1u << choosable.size()); ++mask) {
        const auto size = static_cast<std::size_t>(__builtin_popcount(mask));
        if (objective != siting_objective::lscp && size != std::min(count, choosable.size())) {
            continue;
        }
        std::vector<std::size_t> chosen;
        for (std::size_t i = 0; i < choosable.size(); ++i) {
            if (mask & (1u << i)) {
                chosen.push_back(choosable[i]);
            }
        }
        const auto e = evaluate_plan(p, plan_with(p, chosen), objective);
        if (objective == siting_objective::lscp) {
            double coverable = 0;
            for (std::size_t u = 0; u < p.units(); ++u) {
                coverable += p.demand[u];
            }
            for (auto u : uncoverable) {
                coverable -= p.demand[u];
            }
            if (e.covered + 1e-9 < coverable) {
                continue;
            }
        }
        best = minimises(objective) ? std::min(best, e.objective) : std::max(best, e.objective);
    }
    return best;
}

} // namespace

TEST(SitingExhaustive, EveryObjectiveMatchesTheEnumeration) {
    std::mt19937 rng(20261201);
    const siting_objective objectives[] = {siting_objective::p_median,
                                           siting_objective::mclp,
                                           siting_objective::lscp,
                                           siting_objective::p_center,
                                           siting_objective::capacitated_p_median,
                                           siting_objective::capacitated_coverage};
    for (int instance = 0; instance < 12; ++instance) {
        for (auto objective : objectives) {
            const auto r = random_problem(rng, is_capacitated(objective));
            for (std::size_t p = 1; p <= 3; ++p) {
                const double optimum = exhaustive(r.problem, objective, p);
                const auto s = solve_siting(r.problem, objective, p, {30, 1e-9});
                EXPECT_NEAR(s.objective, optimum, 1e-6 * std::max(1.0, std::abs(optimum)))
                    << to_string(objective) << " instance " << instance << " p " << p;
                EXPECT_TRUE(s.optimal)
                    << to_string(objective) << " instance " << instance << " bound "
                    << s.bound.value_or(-1) << " objective " << s.objective << " " << s.method;
                if (objective == siting_objective::lscp) {
                    break; // LSCP has no p
                }
            }
        }
    }
}

TEST(SitingExhaustive, HeuristicBoundsHoldTheOptimumBetweenThem) {
    // Without CBC: the plan is no better than the optimum and the Lagrangian bound no worse.
    std::mt19937 rng(7);
    for (int instance = 0; instance < 20; ++instance) {
        const auto r = random_problem(rng, false);
        for (std::size_t p = 1; p <= 3; ++p) {
            const double median = exhaustive(r.problem, siting_objective::p_median, p);
            const auto s = solve_siting(r.problem, siting_objective::p_median, p, {5, 1e-9, 0});
            ASSERT_TRUE(s.bound);
            EXPECT_GE(s.objective, median - 1e-6 * median);
            EXPECT_LE(*s.bound, median + 1e-6 * median);
            const double covered = exhaustive(r.problem, siting_objective::mclp, p);
            const auto c = solve_siting(r.problem, siting_objective::mclp, p, {5, 1e-9, 0});
            ASSERT_TRUE(c.bound);
            EXPECT_LE(c.objective, covered + 1e-6);
            EXPECT_GE(*c.bound, covered - 1e-6);
        }
    }
}

TEST(SitingExhaustive, CapacitatedBoundsWithoutSeatsHoldTheOptimum) {
    // Too large for CBC, the capacitated objectives are bounded by the same choice without
    // seats: never past the optimum with seats, which enumeration finds.
    std::mt19937 rng(11);
    for (int instance = 0; instance < 12; ++instance) {
        const auto r = random_problem(rng, true);
        for (std::size_t p = 1; p <= 3; ++p) {
            for (auto objective :
                 {siting_objective::capacitated_p_median, siting_objective::capacitated_coverage}) {
                const double optimum = exhaustive(r.problem, objective, p);
                const auto s = solve_siting(r.problem, objective, p, {5, 1e-9, 0});
                ASSERT_TRUE(s.bound) << to_string(objective);
                const double slack = 1e-6 * std::max(1.0, std::abs(optimum));
                if (minimises(objective)) {
                    EXPECT_GE(s.objective, optimum - slack);
                    EXPECT_LE(*s.bound, optimum + slack) << "instance " << instance;
                } else {
                    EXPECT_LE(s.objective, optimum + slack);
                    EXPECT_GE(*s.bound, optimum - slack) << "instance " << instance;
                }
            }
        }
    }
}
