#include "planning/siting/robust.hpp"

#include "planning/detail/stopwatch.hpp"

#include <algorithm>
#include <cmath>

namespace standort::planning {

namespace {

constexpr std::size_t variants_count = 3;

// How a plan fares in every variant; `best` moves on where it is the best plan yet.
struct variant_judge {
    std::array<const site_problem*, 3> variants;
    siting_objective objective;
    std::array<double, 3> best{};

    robust_plan judge(std::string origin, std::vector<bool> open) {
        robust_plan out;
        out.origin = std::move(origin);
        for (std::size_t v = 0; v < variants_count; ++v) {
            out.value[v] = evaluate_plan(*variants[v], open, objective).objective;
            best[v] = minimises(objective) ? std::min(best[v], out.value[v])
                                           : std::max(best[v], out.value[v]);
        }
        out.open = std::move(open);
        return out;
    }

    double max_regret(const robust_plan& plan) const {
        double worst = 0;
        for (std::size_t v = 0; v < variants_count; ++v) {
            worst = std::max(worst, regret(plan.value[v], best[v]));
        }
        return worst;
    }

    double regret(double value, double best_value) const {
        return std::max(0.0, minimises(objective) ? value - best_value : best_value - value);
    }

    void settle(robust_plan& plan) const {
        for (std::size_t v = 0; v < variants_count; ++v) {
            plan.regret[v] = regret(plan.value[v], best[v]);
        }
        plan.max_regret = max_regret(plan);
    }
};

// Single swaps from `start` while the largest regret falls by more than rounding.
robust_plan least_regret_by_swaps(variant_judge& judge, robust_plan start, double time_limit_s) {
    const detail::stopwatch clock;
    const auto in_time = [&] { return clock.left(time_limit_s) > 0; };
    const auto& p = *judge.variants[1];
    robust_plan current = std::move(start);
    current.origin = "least maximum regret";
    for (bool improved = true; improved && in_time();) {
        improved = false;
        for (std::size_t in = 0; in < p.sites() && !improved && in_time(); ++in) {
            if (!p.choosable(in) || current.open[in]) {
                continue;
            }
            for (std::size_t out = 0; out < p.sites() && !improved; ++out) {
                if (!p.choosable(out) || !current.open[out]) {
                    continue;
                }
                auto plan = current.open;
                plan[in] = true;
                plan[out] = false;
                const double before = judge.max_regret(current);
                auto candidate = judge.judge(current.origin, std::move(plan));
                const double after = judge.max_regret(candidate);
                if (after < judge.max_regret(current) - 1e-9 * (1 + std::abs(before))) {
                    current = std::move(candidate);
                    improved = true;
                }
            }
        }
    }
    return current;
}

} // namespace

std::vector<robust_plan> robust_plans(const std::array<const site_problem*, 3>& variants,
                                      siting_objective objective, std::size_t p,
                                      const solve_limits& limits) {
    const double worst = minimises(objective) ? std::numeric_limits<double>::infinity()
                                              : -std::numeric_limits<double>::infinity();
    variant_judge judge{variants, objective, {worst, worst, worst}};
    std::vector<robust_plan> out;
    static constexpr std::array<const char*, 3> names{"optimum low", "optimum middle",
                                                      "optimum high"};
    for (std::size_t v = 0; v < variants_count; ++v) {
        out.push_back(judge.judge(names[v], solve_siting(*variants[v], objective, p, limits).open));
    }
    site_problem mean = *variants[1];
    for (std::size_t u = 0; u < mean.units(); ++u) {
        mean.demand[u] =
            (variants[0]->demand[u] + variants[1]->demand[u] + variants[2]->demand[u]) / 3;
    }
    out.push_back(
        judge.judge("optimum of the mean", solve_siting(mean, objective, p, limits).open));
    const auto start = std::min_element(out.begin(), out.end(), [&](const auto& a, const auto& b) {
        return judge.max_regret(a) < judge.max_regret(b);
    });
    out.push_back(least_regret_by_swaps(judge, *start, limits.time_limit_s));
    for (auto& plan : out) {
        judge.settle(plan);
    }
    // A swap that found a better plan for one variant moved every regret there, which can
    // reorder the maxima: the last row is the least maximum regret of all rows as settled.
    const auto best = std::min_element(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.max_regret < b.max_regret - 1e-9 * (1 + std::abs(b.max_regret));
    });
    if (best != out.end() - 1) {
        auto least = *best;
        least.origin = "least maximum regret";
        out.back() = std::move(least);
    }
    return out;
}

} // namespace standort::planning
