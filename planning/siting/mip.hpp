#pragma once

#include "planning/siting/site_problem.hpp"

#include <string>
#include <vector>

namespace standort::planning {

// The siting problems as mixed-integer programs, solved to a proven optimum (or the stated
// gap) by COIN-OR CBC with its default cuts and heuristics, as the CBC command line solves
// them:
//   p-median      min Σ w_u d_uj x_uj + M w_u s_u;  Σ_j x_uj + s_u = 1;  x_uj ≤ y_j;  Σ y_j = p
//                 (a unit's arcs end at its nearest always-open site: a farther one never
//                 serves it)
//   MCLP          max Σ w_u z_u;  z_u ≤ Σ_{j covers u} y_j;  Σ y_j = p  (units covered by an
//                 always-open site and units no site covers leave the model; units with the
//                 same covering sites merge)
//   LSCP          min Σ y_j;  Σ_{j covers u} y_j ≥ 1 for every coverable unit
//   p-center      the smallest radius among the costs whose LSCP needs at most p sites, by
//                 bisection (Minieka 1970)
//   capacitated   as p-median (or as MCLP on the arcs within the threshold), with
//                 Σ_u w_u x_uj ≤ C_j y_j
struct mip_limits {
    double time_limit_s = 60;
    double gap = 0.005; // relative
};

struct mip_solution {
    bool solved = false;  // a plan was found
    bool optimal = false; // proven, within the gap
    std::vector<bool> open;
    double objective = 0;
    double bound = 0; // a proven bound on the optimum (below for minimum, above for maximum)
    std::size_t rows = 0;
    std::size_t columns = 0;
};

// The nonzeros of the formulation, to judge whether CBC can take it.
std::size_t mip_size(const site_problem& problem, siting_objective objective);

// `incumbent`, when not empty, starts the search (a plan from the heuristic).
mip_solution solve_mip(const site_problem& problem, siting_objective objective, std::size_t p,
                       const std::vector<bool>& incumbent, const mip_limits& limits);

} // namespace standort::planning
