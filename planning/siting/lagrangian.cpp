#include "planning/siting/lagrangian.hpp"

#include "planning/detail/parallel.hpp"
#include "planning/detail/stopwatch.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace standort::planning {

namespace {

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
    std::nth_element(
        choosable.begin(), choosable.begin() + static_cast<std::ptrdiff_t>(count), choosable.end(),
        [&](auto a, auto b) { return smallest ? value[a] < value[b] : value[a] > value[b]; });
    std::vector<bool> open(p.sites(), false);
    for (std::size_t j = 0; j < p.sites(); ++j) {
        open[j] = p.fixed_open(j);
    }
    for (std::size_t i = 0; i < count; ++i) {
        open[choosable[i]] = true;
    }
    return open;
}

// The step length halves after this many iterations without a better bound. 25 halved it too
// soon on the 10,000 x 500 p-median (the bound stalled 0.58 % below the plan); 40 reaches
// 0.38 % in the same time.
constexpr int patience = 40;
constexpr double smallest_step = 1e-5;

// The relaxation's passes over the units run in this many parts, on both cores of a small
// machine; a fixed count keeps the sums, and so the figures, the same on every machine.
constexpr std::size_t parts = 4;

float rounded_down(double d) {
    auto c = static_cast<float>(d);
    return static_cast<double>(c) > d ? std::nextafter(c, -std::numeric_limits<float>::infinity())
                                      : c;
}

} // namespace

p_median_relaxation::p_median_relaxation(const site_problem& p, std::size_t count,
                                         const std::vector<double>& unit_cost)
    : m_p(p), m_count(count), m_near_start(p.units() + 1, 0), m_reach(p.units(), 0),
      m_most_reach(p.units(), 0), m_open(p.sites(), 0), m_mu(p.units()), m_rho(p.sites()),
      m_rho_parts(parts, std::vector<double>(p.sites())) {
    for (std::size_t u = 0; u < p.units(); ++u) {
        m_mu[u] = std::min(unit_cost[u], p.unreached_cost);
    }
    pack();
}

// Each row's prefix up to twice its multiplier (a margin for the next steps) and a quarter
// beyond the farthest entry its multiplier reached since the last packing.
void p_median_relaxation::pack() {
    m_near.clear();
    for (std::size_t u = 0; u < m_p.units(); ++u) {
        const auto costs = m_p.costs_of(u);
        std::size_t keep = std::min<std::size_t>(
            costs.size(), std::max<std::size_t>(16, m_most_reach[u] + m_most_reach[u] / 4));
        while (keep < costs.size() && costs[keep] < 2 * m_mu[u]) {
            ++keep;
        }
        for (std::size_t k = 0; k < keep; ++k) {
            m_near.push_back({rounded_down(costs[k]), m_p.sites_of(u)[k]});
        }
        m_near_start[u + 1] = m_near.size();
        m_most_reach[u] = 0;
    }
}

p_median_relaxation::entry p_median_relaxation::entry_at(std::size_t u, std::size_t k) const {
    if (m_near_start[u] + k < m_near_start[u + 1]) {
        return m_near[m_near_start[u] + k];
    }
    return {rounded_down(m_p.cost[m_p.start[u] + k]), m_p.site[m_p.start[u] + k]};
}

// L(λ) and the sites it opens. With μ = λ / w, a unit adds w (d − μ) to every site nearer than
// μ, and w (M − μ) when even being unreached is cheaper than μ.
double p_median_relaxation::value(std::vector<bool>& open) {
    std::vector<double> totals(parts, 0.0);
    detail::for_each_part(m_p.units(), parts,
                          [&](std::size_t part, std::size_t from, std::size_t to) {
                              totals[part] = unit_terms(from, to, m_rho_parts[part]);
                          });
    double total = 0;
    for (std::size_t part = 0; part < parts; ++part) {
        total += totals[part];
    }
    for (std::size_t j = 0; j < m_p.sites(); ++j) {
        m_rho[j] = 0;
        for (std::size_t part = 0; part < parts; ++part) {
            m_rho[j] += m_rho_parts[part][j];
        }
    }
    open = best_sites(m_p, m_rho, m_count, true);
    for (std::size_t j = 0; j < m_p.sites(); ++j) {
        total += open[j] ? m_rho[j] : 0.0;
        m_open[j] = open[j] ? 1 : 0;
    }
    return total;
}

// Units [from, to): their part of L(λ), their sites' values added to `rho`, and their reach.
double p_median_relaxation::unit_terms(std::size_t from, std::size_t to, std::vector<double>& rho) {
    std::fill(rho.begin(), rho.end(), 0.0);
    const double m = m_p.unreached_cost;
    double total = 0;
    for (std::size_t u = from; u < to; ++u) {
        const double w = m_p.demand[u];
        if (w <= 0) {
            continue;
        }
        const double mu = m_mu[u];
        total += w * (mu + std::min(0.0, m - mu));
        const entry* row = m_near.data() + m_near_start[u];
        const std::size_t near = m_near_start[u + 1] - m_near_start[u];
        std::size_t k = 0;
        for (; k < near && row[k].cost < mu; ++k) {
            rho[row[k].site] += w * (row[k].cost - mu);
        }
        if (k == near) {
            for (const std::size_t n = row_length(u); k < n; ++k) {
                const auto e = entry_at(u, k);
                if (!(e.cost < mu)) {
                    break;
                }
                rho[e.site] += w * (e.cost - mu);
            }
        }
        m_reach[u] = static_cast<std::uint32_t>(k);
        m_most_reach[u] = std::max(m_most_reach[u], m_reach[u]);
    }
    return total;
}

// g_u = ∂L/∂μ_u = w_u (1 − the open sites nearer than μ_u, as the value step found them):
// ways move alike whatever a unit's children. Returns |g|².
double p_median_relaxation::subgradient(std::vector<double>& g) const {
    std::vector<double> norms(parts, 0.0);
    const double m = m_p.unreached_cost;
    detail::for_each_part(
        m_p.units(), parts, [&](std::size_t part, std::size_t from, std::size_t to) {
            for (std::size_t u = from; u < to; ++u) {
                const double w = m_p.demand[u];
                g[u] = 0;
                if (w <= 0) {
                    continue;
                }
                unsigned assigned = m < m_mu[u] ? 1 : 0;
                const entry* row = m_near.data() + m_near_start[u];
                const std::size_t near = m_near_start[u + 1] - m_near_start[u];
                for (std::size_t k = 0; k < m_reach[u]; ++k) {
                    assigned += m_open[k < near ? row[k].site : entry_at(u, k).site];
                }
                g[u] = w * (1.0 - static_cast<double>(assigned));
                norms[part] += g[u] * g[u];
            }
        });
    double norm = 0;
    for (const double n : norms) {
        norm += n;
    }
    return norm;
}

double p_median_relaxation::plan_cost(const std::vector<bool>& open) const {
    std::vector<double> totals(parts, 0.0);
    detail::for_each_part(m_p.units(), parts,
                          [&](std::size_t part, std::size_t from, std::size_t to) {
                              for (std::size_t u = from; u < to; ++u) {
                                  double c = m_p.unreached_cost;
                                  const auto sites = m_p.sites_of(u);
                                  const auto costs = m_p.costs_of(u);
                                  for (std::size_t k = 0; k < sites.size(); ++k) {
                                      if (open[sites[k]]) {
                                          c = std::min(c, costs[k]);
                                          break;
                                      }
                                  }
                                  totals[part] += m_p.demand[u] * c;
                              }
                          });
    double total = 0;
    for (const double t : totals) {
        total += t;
    }
    return total;
}

lagrangian_bound p_median_relaxation::run(double incumbent, std::size_t iterations,
                                          double time_limit_s, double target_gap) {
    const detail::stopwatch clock;
    lagrangian_bound out;
    pack();
    std::vector<bool> open;
    std::vector<double> g(m_p.units());
    while (out.iterations < iterations && clock.left(time_limit_s) > 0 && !converged()) {
        ++out.iterations;
        const double l = value(open);
        // The relaxation's sites are a plan too: a start for the interchange.
        if (out.iterations % 5 == 1) {
            const double cost = plan_cost(open);
            if (out.plan.empty() || cost < out.plan_objective) {
                out.plan = open;
                out.plan_objective = cost;
            }
        }
        if (l > m_best + 1e-9 * std::abs(m_best) ||
            m_best == -std::numeric_limits<double>::infinity()) {
            m_best = l;
            m_since_better = 0;
        } else if (++m_since_better >= patience) {
            m_step /= 2;
            m_since_better = 0;
        }
        const double norm = subgradient(g);
        if (norm == 0 || incumbent - m_best <= target_gap / 2 * std::abs(incumbent)) {
            break;
        }
        const double t = m_step * (incumbent - l) / norm;
        for (std::size_t u = 0; u < m_p.units(); ++u) {
            m_mu[u] += t * g[u];
        }
    }
    out.bound = std::min(m_best, incumbent);
    return out;
}

lagrangian_bound mclp_bound(const site_problem& p, std::size_t count, double incumbent,
                            double time_limit_s) {
    const detail::stopwatch clock;
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
    lagrangian_bound out;
    out.bound = std::numeric_limits<double>::infinity();
    std::vector<double> sigma(p.sites());
    std::vector<double> s(p.units());
    double step = 2.0;
    int since_better = 0;
    while (clock.left(time_limit_s) > 0 && step > smallest_step) {
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
        if (out.iterations == 1 || value < out.bound - 1e-9 * std::abs(out.bound)) {
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
