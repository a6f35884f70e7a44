#include "planning/siting/lagrangian.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

namespace standort::planning {

namespace {

using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point start) {
    return std::chrono::duration<double>(clock_type::now() - start).count();
}

// The `count` smallest (or largest) values' sites among the choosable ones: opened in L(λ).
std::vector<bool> best_sites(const site_problem& p, const std::vector<double>& value,
                             std::size_t count, bool smallest) {
    std::vector<std::size_t> choosable;
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (p.choosable(j)) {
            choosable.push_back(j);
        }
    }
    count = std::min(count, choosable.size());
    std::nth_element(choosable.begin(), choosable.begin() + static_cast<std::ptrdiff_t>(count),
                     choosable.end(), [&](auto a, auto b) {
                         return smallest ? value[a] < value[b] : value[a] > value[b];
                     });
    std::vector<bool> open(p.sites(), false);
    for (std::size_t j = 0; j < p.sites(); ++j) {
        open[j] = p.fixed_open(j);
    }
    for (std::size_t i = 0; i < count; ++i) {
        open[choosable[i]] = true;
    }
    return open;
}

// The step length halves after this many iterations without a better bound.
constexpr int patience = 25;
constexpr double smallest_step = 1e-5;

} // namespace

lagrangian_bound p_median_bound(const site_problem& p, std::size_t count, double incumbent,
                                double time_limit_s) {
    const auto started = clock_type::now();
    const double m = p.unreached_cost;
    std::vector<double> lambda(p.units(), 0.0);
    for (std::size_t u = 0; u < p.units(); ++u) {
        const auto costs = p.costs_of(u);
        lambda[u] = p.demand[u] * (costs.empty() ? m : costs.front());
    }
    lagrangian_bound out{-std::numeric_limits<double>::infinity(), 0};
    std::vector<double> rho(p.sites());
    std::vector<double> g(p.units());
    double step = 2.0;
    int since_better = 0;
    while (seconds_since(started) < time_limit_s && step > smallest_step) {
        ++out.iterations;
        std::fill(rho.begin(), rho.end(), 0.0);
        double value = 0;
        for (std::size_t u = 0; u < p.units(); ++u) {
            const double w = p.demand[u];
            if (w <= 0) {
                continue;
            }
            value += lambda[u] + std::min(0.0, w * m - lambda[u]);
            const auto sites = p.sites_of(u);
            const auto costs = p.costs_of(u);
            for (std::size_t k = 0; k < sites.size() && w * costs[k] < lambda[u]; ++k) {
                rho[sites[k]] += w * costs[k] - lambda[u];
            }
        }
        const auto open = best_sites(p, rho, count, true);
        for (std::size_t j = 0; j < p.sites(); ++j) {
            value += open[j] ? rho[j] : 0.0;
        }
        if (value > out.bound + 1e-9 * std::abs(out.bound)) {
            out.bound = value;
            since_better = 0;
        } else if (++since_better >= patience) {
            step /= 2;
            since_better = 0;
        }
        double norm = 0;
        for (std::size_t u = 0; u < p.units(); ++u) {
            const double w = p.demand[u];
            if (w <= 0) {
                g[u] = 0;
                continue;
            }
            double assigned = w * m < lambda[u] ? 1.0 : 0.0;
            const auto sites = p.sites_of(u);
            const auto costs = p.costs_of(u);
            for (std::size_t k = 0; k < sites.size() && w * costs[k] < lambda[u]; ++k) {
                assigned += open[sites[k]] ? 1.0 : 0.0;
            }
            g[u] = 1.0 - assigned;
            norm += g[u] * g[u];
        }
        if (norm == 0 || incumbent - out.bound <= 1e-9 * std::abs(incumbent)) {
            break; // the relaxed solution is feasible: the bound is the optimum
        }
        const double t = step * (incumbent - value) / norm;
        for (std::size_t u = 0; u < p.units(); ++u) {
            lambda[u] += t * g[u];
        }
    }
    out.bound = std::min(out.bound, incumbent);
    return out;
}

lagrangian_bound mclp_bound(const site_problem& p, std::size_t count, double incumbent,
                            double time_limit_s) {
    const auto started = clock_type::now();
    // Children covered by an always-open site are covered whatever is chosen.
    double fixed_covered = 0;
    std::vector<std::vector<std::uint32_t>> covers(p.units());
    for (std::size_t u = 0; u < p.units(); ++u) {
        if (p.demand[u] <= 0) {
            continue;
        }
        const auto sites = p.sites_of(u);
        const auto costs = p.costs_of(u);
        bool by_fixed = false;
        for (std::size_t k = 0; k < sites.size() && costs[k] <= p.threshold; ++k) {
            by_fixed = by_fixed || p.fixed_open(sites[k]);
            if (p.choosable(sites[k])) {
                covers[u].push_back(sites[k]);
            }
        }
        if (by_fixed) {
            fixed_covered += p.demand[u];
            covers[u].clear();
        }
    }
    std::vector<double> mu(p.units(), 0.0);
    for (std::size_t u = 0; u < p.units(); ++u) {
        mu[u] = covers[u].empty() ? 0.0 : p.demand[u] / 2;
    }
    lagrangian_bound out{std::numeric_limits<double>::infinity(), 0};
    std::vector<double> sigma(p.sites());
    std::vector<double> s(p.units());
    double step = 2.0;
    int since_better = 0;
    while (seconds_since(started) < time_limit_s && step > smallest_step) {
        ++out.iterations;
        std::fill(sigma.begin(), sigma.end(), 0.0);
        double value = fixed_covered;
        for (std::size_t u = 0; u < p.units(); ++u) {
            if (covers[u].empty()) {
                continue;
            }
            value += std::max(0.0, p.demand[u] - mu[u]);
            for (auto j : covers[u]) {
                sigma[j] += mu[u];
            }
        }
        const auto open = best_sites(p, sigma, count, false);
        for (std::size_t j = 0; j < p.sites(); ++j) {
            value += open[j] && p.choosable(j) ? sigma[j] : 0.0;
        }
        if (value < out.bound - 1e-9 * std::abs(out.bound)) {
            out.bound = value;
            since_better = 0;
        } else if (++since_better >= patience) {
            step /= 2;
            since_better = 0;
        }
        double norm = 0;
        for (std::size_t u = 0; u < p.units(); ++u) {
            if (covers[u].empty()) {
                s[u] = 0;
                continue;
            }
            double opened = 0;
            for (auto j : covers[u]) {
                opened += open[j] ? 1.0 : 0.0;
            }
            s[u] = opened - (p.demand[u] > mu[u] ? 1.0 : 0.0);
            norm += s[u] * s[u];
        }
        if (norm == 0 || out.bound - incumbent <= 1e-9 * std::abs(incumbent)) {
            break;
        }
        const double t = step * (value - incumbent) / norm;
        for (std::size_t u = 0; u < p.units(); ++u) {
            mu[u] = std::max(0.0, mu[u] - t * s[u]);
        }
    }
    out.bound = std::max(out.bound, incumbent);
    return out;
}

} // namespace standort::planning
