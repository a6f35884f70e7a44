#include "planning/siting/solve.hpp"

#include "planning/siting/heuristic.hpp"
#include "planning/siting/lagrangian.hpp"
#include "planning/siting/mip.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

namespace standort::planning {

namespace {

double relative_gap(double objective, double bound) {
    return std::abs(objective - bound) / std::max(std::abs(objective), 1e-9);
}

bool better(siting_objective objective, double a, double b) {
    return minimises(objective) ? a < b - 1e-9 * std::abs(b) : a > b + 1e-9 * std::abs(b);
}

} // namespace

site_solution solve_siting(const site_problem& p, siting_objective objective, std::size_t count,
                           const solve_limits& limits) {
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    // The heuristic gets half the time when CBC or the bound may follow.
    const auto columns = columns_of(p);
    const auto h = plan_heuristically(p, columns, objective, count, limits.time_limit_s / 2);
    site_solution out;
    out.open = h.open;
    out.objective = h.objective;
    out.method = "greedy and fast interchange";
    const std::size_t size = mip_size(p, objective);
    if (size <= limits.mip_nonzeros) {
        const auto m = solve_mip(p, objective, count, h.open,
                                 {std::max(0.1, limits.time_limit_s - elapsed()), limits.gap});
        if (m.solved) {
            // CBC's plan, re-evaluated as every plan is (the assignment of the capacitated
            // objectives by network simplex), when it is at least as good.
            const double value = evaluate_plan(p, m.open, objective).objective;
            if (!better(objective, out.objective, value)) {
                out.open = m.open;
                out.objective = value;
            }
            out.bound = m.bound;
        }
        out.method =
            fmt::format("CBC branch and cut ({} rows, {} columns) from the heuristic's plan",
                        m.rows, m.columns);
    } else if (objective == siting_objective::p_median) {
        // Beasley's Lagrangian heuristic: subgradient steps, then the interchange from the
        // relaxation's best plan, which may give a better incumbent for the next steps.
        p_median_relaxation relaxation(p, count, evaluate_plan(p, out.open, objective).unit_cost);
        while (elapsed() < limits.time_limit_s) {
            const auto lb =
                relaxation.run(out.objective, 150, limits.time_limit_s - elapsed(), limits.gap);
            out.bound = out.bound ? std::max(*out.bound, lb.bound) : lb.bound;
            if (relative_gap(out.objective, *out.bound) <= limits.gap || relaxation.converged()) {
                break;
            }
            if (!lb.plan.empty()) {
                const auto improved = improve_by_interchange(p, columns, objective, lb.plan);
                if (improved.objective < out.objective) {
                    out.open = improved.open;
                    out.objective = improved.objective;
                }
            }
        }
        out.method = "greedy and fast interchange, Lagrangian heuristic and bound";
    } else if (objective == siting_objective::mclp) {
        out.bound = mclp_bound(p, count, out.objective, limits.time_limit_s - elapsed()).bound;
        out.method = "greedy and fast interchange, Lagrangian bound";
    }
    if (out.bound) {
        // A bound cannot be better than a plan: equal within rounding is the optimum.
        out.bound = minimises(objective) ? std::min(*out.bound, out.objective)
                                         : std::max(*out.bound, out.objective);
        out.gap = relative_gap(out.objective, *out.bound);
        out.within_gap = *out.gap <= limits.gap + 1e-9;
        out.optimal = *out.gap <= 1e-6;
    }
    out.evaluation = evaluate_plan(p, out.open, objective);
    out.seconds = elapsed();
    return out;
}

std::vector<std::size_t> uncoverable_units(const site_problem& p) {
    std::vector<std::size_t> out;
    for (std::size_t u = 0; u < p.units(); ++u) {
        const auto costs = p.costs_of(u);
        if (p.demand[u] > 0 && (costs.empty() || costs.front() > p.threshold)) {
            out.push_back(u);
        }
    }
    return out;
}

} // namespace standort::planning
