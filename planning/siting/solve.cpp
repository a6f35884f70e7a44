#include "planning/siting/solve.hpp"

#include "planning/detail/stopwatch.hpp"

#include "planning/siting/heuristic.hpp"
#include "planning/siting/lagrangian.hpp"
#include "planning/siting/mip.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <optional>

namespace standort::planning {

namespace {

double relative_gap(double objective, double bound) {
    return std::abs(objective - bound) / std::max(std::abs(objective), 1e-9);
}

bool better(siting_objective objective, double a, double b) {
    return minimises(objective) ? a < b - 1e-9 * std::abs(b) : a > b + 1e-9 * std::abs(b);
}

// What the capacitated p-median must pay beyond its relaxation without seats. A child with an
// open site in its row but no seat costs the unreached cost instead of at most the farthest
// way in the rows (a child with no open site in reach costs it in both). How many such
// children every plan has, at least: those every plan reaches, less those the seats can
// place. The children placed is submodular in the open sites (the rank of the polymatroid
// the seats induce through the unit-site graph; Rado, McDiarmid 1975), so p sites added to
// the fixed ones place at most the fixed sites' children plus the p largest gains of one
// site added alone. One assignment per choosable site, within the time left.
double seat_shortage_cost(const site_problem& p, std::size_t count, double time_limit_s) {
    const detail::stopwatch clock;
    const auto objective = siting_objective::capacitated_p_median;
    std::vector<bool> fixed(p.sites(), false);
    for (std::size_t j = 0; j < p.sites(); ++j) {
        fixed[j] = p.fixed_open(j);
    }
    // Reached in every plan: by a fixed site, or by so many choosable ones that any p of them
    // include one.
    std::size_t choosable = 0;
    for (std::size_t j = 0; j < p.sites(); ++j) {
        choosable += p.choosable(j) ? 1 : 0;
    }
    double reached = 0;
    for (std::size_t u = 0; u < p.units(); ++u) {
        const auto sites = p.sites_of(u);
        const bool by_fixed =
            std::any_of(sites.begin(), sites.end(), [&](auto j) { return fixed[j]; });
        const auto by_choosable = static_cast<std::size_t>(
            std::count_if(sites.begin(), sites.end(), [&](auto j) { return p.choosable(j); }));
        reached +=
            by_fixed || (by_choosable > 0 && by_choosable + count > choosable) ? p.demand[u] : 0.0;
    }
    const double children = std::accumulate(p.demand.begin(), p.demand.end(), 0.0);
    const double unplaced = evaluate_plan(p, fixed, objective).unserved;
    double short_of = reached - (children - unplaced);
    std::vector<double> gains;
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (p.choosable(j)) {
            auto plan = fixed;
            plan[j] = true;
            gains.push_back(unplaced - evaluate_plan(p, plan, objective).unserved);
            // A site not priced could gain more than any priced one: without every gain there
            // is no shortage to prove, and 0 keeps the bound a bound.
            if (clock.left(time_limit_s) < 0) {
                return 0.0;
            }
        }
    }
    std::sort(gains.begin(), gains.end(), std::greater<>());
    for (std::size_t i = 0; i < std::min(count, gains.size()); ++i) {
        short_of -= gains[i];
    }
    const double farthest =
        p.cost.empty()
            ? 0.0
            : std::min(p.unreached_cost, *std::max_element(p.cost.begin(), p.cost.end()));
    // Rounding in the flows must not lift the bound.
    const double slack = 1e-9 * std::max(1.0, children);
    return short_of > slack ? (short_of - slack) * (p.unreached_cost - farthest) : 0.0;
}

struct plan_found {
    std::vector<bool> open;
    double objective = 0;
};

// Beasley's Lagrangian heuristic for the p-median: subgradient steps, then the interchange
// from the relaxation's best plan, which may improve `plan` for the next steps. Returns the
// bound, none when no step had time.
std::optional<double> p_median_search(const site_problem& p, const site_columns& columns,
                                      std::size_t count, const solve_limits& limits,
                                      double time_limit_s, plan_found& plan) {
    const detail::stopwatch clock;
    const auto left = [&] { return clock.left(time_limit_s); };
    const auto median = siting_objective::p_median;
    p_median_relaxation relaxation(p, count, evaluate_plan(p, plan.open, median).unit_cost);
    std::optional<double> bound;
    while (left() > 0) {
        const auto lb = relaxation.run(plan.objective, 150, left(), limits.gap);
        bound = std::max(bound.value_or(lb.bound), lb.bound);
        if (relative_gap(plan.objective, *bound) <= limits.gap || relaxation.converged()) {
            break;
        }
        if (!lb.plan.empty()) {
            const auto improved = improve_by_interchange(p, columns, median, lb.plan);
            if (improved.objective < plan.objective) {
                plan = {improved.open, improved.objective};
            }
        }
    }
    return bound;
}

} // namespace

site_solution solve_siting(const site_problem& p, siting_objective objective, std::size_t count,
                           const solve_limits& limits) {
    const detail::stopwatch clock;
    const auto elapsed = [&] { return clock.seconds(); };
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
        plan_found plan{out.open, out.objective};
        out.bound =
            p_median_search(p, columns, count, limits, limits.time_limit_s - elapsed(), plan);
        out.open = plan.open;
        out.objective = plan.objective;
        out.method = "greedy and fast interchange, Lagrangian heuristic and bound";
    } else if (objective == siting_objective::mclp && elapsed() < limits.time_limit_s) {
        out.bound = mclp_bound(p, count, out.objective, limits.time_limit_s - elapsed()).bound;
        out.method = "greedy and fast interchange, Lagrangian bound";
    } else if (is_capacitated(objective) && elapsed() < limits.time_limit_s) {
        // Seats only add constraints: the bound of the same choice without them holds here too
        // (a child without a seat costs at least as much as its way to the nearest open site).
        // Weak where seats bind, and said so by the gap.
        const auto free = objective == siting_objective::capacitated_p_median
                              ? siting_objective::p_median
                              : siting_objective::mclp;
        const auto h0 = plan_heuristically(p, columns, free, count);
        plan_found plan{h0.open, h0.objective};
        const double left = limits.time_limit_s - elapsed();
        if (free == siting_objective::p_median) {
            out.bound = p_median_search(p, columns, count, limits, left, plan);
            if (out.bound) {
                *out.bound +=
                    seat_shortage_cost(p, count, std::max(0.0, limits.time_limit_s - elapsed()));
            }
        } else {
            out.bound = mclp_bound(p, count, plan.objective, left).bound;
        }
        out.method += fmt::format(", bounded by the {} relaxation without seats", to_string(free));
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
