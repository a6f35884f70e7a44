#pragma once

#include "planning/siting/site_problem.hpp"

namespace standort::planning {

// Bounds for instances too large for the MIP, by Lagrangian relaxation and subgradient
// optimisation (Beasley 1993, "Lagrangean heuristics for location problems"):
// - p-median: the assignment constraints Σ_j x_uj + s_u = 1 relaxed with multipliers λ_u;
//   for fixed λ each site is worth ρ_j = Σ_u min(0, w_u d_uj − λ_u) and the p most negative
//   choosable ones open; L(λ) = Σ_u λ_u + Σ_u min(0, w_u M − λ_u) + Σ_open ρ_j ≤ optimum.
// - MCLP: the covering constraints z_u ≤ Σ_{j covers u} y_j relaxed with μ_u ≥ 0; each site
//   is worth Σ_{u covered} μ_u, the p largest open, L(μ) = Σ_u max(0, w_u − μ_u) + Σ_open ≥
//   optimum.
// `incumbent` is the best plan's objective (it scales the steps); the bound never passes it.
struct lagrangian_bound {
    double bound = 0;
    std::size_t iterations = 0;
};

lagrangian_bound p_median_bound(const site_problem& problem, std::size_t p, double incumbent,
                                double time_limit_s);
lagrangian_bound mclp_bound(const site_problem& problem, std::size_t p, double incumbent,
                            double time_limit_s);

} // namespace standort::planning
