#pragma once

#include "planning/siting/solve.hpp"

#include <array>
#include <string>
#include <vector>

namespace standort::planning {

// A plan judged against each variant of the projected demand (low, middle, high): its value
// there and its regret, how much worse it is than the best plan known for that variant.
struct robust_plan {
    std::string origin; // "optimum low", "optimum of the mean", "least maximum regret"
    std::vector<bool> open;
    std::array<double, 3> value{};
    std::array<double, 3> regret{};
    double max_regret = 0;
};

// The minimax-regret choice (Kouvelis and Yu 1997; Daskin, Hesse and ReVelle 1997 for
// location): each variant's optimum and the optimum of the mean demand are candidates, and
// from the best of them single swaps of an open and a closed choosable site go on while the
// largest regret falls, so the robust plan need not be any variant's optimum. Regrets count
// against the best plan found per variant (a swap may find a better one). Candidates first,
// the least maximum regret last; swapping stops after `limits.time_limit_s`.
std::vector<robust_plan> robust_plans(const std::array<const site_problem*, 3>& variants,
                                      siting_objective objective, std::size_t p,
                                      const solve_limits& limits);

} // namespace standort::planning
