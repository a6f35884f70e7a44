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
    // p-median: the best plan among the relaxation's choices of sites (Beasley's Lagrangian
    // heuristic) and its total way, a start for the interchange.
    std::vector<bool> plan;
    double plan_objective = 0;
};

// The p-median relaxation keeps its multipliers between calls, so a search can alternate:
// some subgradient steps, then the interchange from the relaxation's best plan, which gives a
// better incumbent for the next steps. The multipliers start from each unit's way in the first
// incumbent plan (the dual values of an optimal plan lie near it); the steps are scaled by each
// unit's children.
class p_median_relaxation {
public:
    p_median_relaxation(const site_problem& problem, std::size_t p,
                        const std::vector<double>& unit_cost);

    // Up to `iterations` steps against `incumbent`, stopping early when the bound is within
    // `target_gap` of it or the steps have become too small to matter.
    lagrangian_bound run(double incumbent, std::size_t iterations, double time_limit_s,
                         double target_gap);
    bool converged() const { return m_step <= 1e-5; }

private:
    double value(std::vector<bool>& open);
    double unit_terms(std::size_t from, std::size_t to, std::vector<double>& rho);
    double subgradient(std::vector<double>& g) const;
    double plan_cost(const std::vector<bool>& open) const;

    // The rows' near ends again, packed one after another for the steps that read them a
    // thousand times (scattered rows made every step wait on memory): costs as floats rounded
    // down (a bound for smaller costs is a bound for these) beside their sites. A multiplier
    // that outgrows its prefix reads on in the full row.
    struct entry {
        float cost;
        std::uint32_t site;
    };
    entry entry_at(std::size_t u, std::size_t k) const;
    void pack();
    std::size_t row_length(std::size_t u) const { return m_p.start[u + 1] - m_p.start[u]; }

    const site_problem& m_p;
    std::size_t m_count;
    std::vector<entry> m_near;
    std::vector<std::size_t> m_near_start;
    std::vector<std::uint32_t> m_reach;      // per unit: entries nearer than its multiplier
    std::vector<std::uint32_t> m_most_reach; // the largest reach since the last packing
    std::vector<std::uint8_t> m_open;
    std::vector<double> m_mu; // multiplier per child: λ_u / w_u, a way
    std::vector<double> m_rho;
    std::vector<std::vector<double>> m_rho_parts; // per part of the units, added up into m_rho
    double m_step = 2.0;
    int m_since_better = 0;
    double m_best = -std::numeric_limits<double>::infinity();
};

lagrangian_bound mclp_bound(const site_problem& problem, std::size_t p, double incumbent,
                            double time_limit_s);

} // namespace standort::planning
