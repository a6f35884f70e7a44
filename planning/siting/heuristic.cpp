#include "planning/siting/heuristic.hpp"

#include "planning/detail/parallel.hpp"
#include "planning/detail/stopwatch.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <tuple>

namespace standort::planning {

namespace {

std::vector<std::size_t> choosable_sites(const site_problem& p) {
    std::vector<std::size_t> out;
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (p.choosable(j)) {
            out.push_back(j);
        }
    }
    return out;
}

std::vector<bool> fixed_plan(const site_problem& p) {
    return plan_with(p, {});
}

// An improvement must beat rounding: a billionth of the objective.
// The passes over all units run in this many parts, on the machine's cores; a fixed count keeps
// the sums, and so the choice between equal swaps, the same on every machine.
constexpr std::size_t swap_parts = 4;

bool improves(double delta, double objective) {
    return delta > 1e-9 * (1.0 + std::abs(objective));
}

// Each unit's nearest and second-nearest open site, the state the p-median swaps are priced on.
class median_state {
public:
    median_state(const site_problem& p, const site_columns& columns, std::vector<bool> open)
        : m_p(p), m_columns(columns), m_open(std::move(open)), m_c1(p.units()), m_c2(p.units()),
          m_r1(p.units()) {
        for (std::size_t u = 0; u < p.units(); ++u) {
            refresh(u);
        }
    }

    const std::vector<bool>& open() const { return m_open; }

    double objective() const {
        double total = 0;
        for (std::size_t u = 0; u < m_p.units(); ++u) {
            total += m_p.demand[u] * m_c1[u];
        }
        return total;
    }

    // The cost saved by opening j.
    double gain(std::size_t j) const {
        double g = 0;
        for (auto k = m_columns.start[j]; k < m_columns.start[j + 1]; ++k) {
            const auto u = m_columns.unit[k];
            g += m_p.demand[u] * std::max(0.0, m_c1[u] - m_columns.cost[k]);
        }
        return g;
    }

    // The cost saved by opening each site, in one pass over the rows: a unit's entries matter
    // only up to its nearest open site.
    std::vector<double> gains() const {
        std::vector<double> g(m_p.sites(), 0.0);
        for (std::size_t u = 0; u < m_p.units(); ++u) {
            const double w = m_p.demand[u];
            const auto sites = m_p.sites_of(u);
            const auto costs = m_p.costs_of(u);
            for (std::size_t k = 0; k < sites.size() && costs[k] < m_c1[u]; ++k) {
                g[sites[k]] += w * (m_c1[u] - costs[k]);
            }
        }
        return g;
    }

    void open_site(std::size_t j) {
        m_open[j] = true;
        for (auto k = m_columns.start[j]; k < m_columns.start[j + 1]; ++k) {
            const auto u = m_columns.unit[k];
            const double d = m_columns.cost[k];
            if (d < m_c1[u]) {
                m_c2[u] = m_c1[u];
                m_c1[u] = d;
                m_r1[u] = static_cast<std::int64_t>(j);
            } else if (d < m_c2[u]) {
                m_c2[u] = d;
            }
        }
    }

    void swap(std::size_t in, std::size_t out) {
        m_open[in] = true;
        m_open[out] = false;
        detail::for_each_part(m_p.units(), swap_parts,
                              [&](std::size_t, std::size_t from, std::size_t to) {
                                  for (std::size_t u = from; u < to; ++u) {
                                      refresh(u);
                                  }
                              });
    }

    // The best swap of an open choosable site for `in`: (cost saved, site closed).
    std::pair<double, std::int64_t> best_swap(std::size_t in,
                                              const std::vector<std::size_t>& open_sites,
                                              const std::vector<double>& loss,
                                              std::vector<double>& adjust) const {
        double g = 0;
        std::vector<std::uint32_t> touched;
        for (auto k = m_columns.start[in]; k < m_columns.start[in + 1]; ++k) {
            const auto u = m_columns.unit[k];
            const double w = m_p.demand[u];
            const double d = m_columns.cost[k];
            g += w * std::max(0.0, m_c1[u] - d);
            const auto r = m_r1[u];
            if (r >= 0 && m_p.choosable(static_cast<std::size_t>(r)) && d < m_c2[u]) {
                if (adjust[static_cast<std::size_t>(r)] == 0) {
                    touched.push_back(static_cast<std::uint32_t>(r));
                }
                adjust[static_cast<std::size_t>(r)] += w * (m_c2[u] - std::max(d, m_c1[u]));
            }
        }
        std::pair<double, std::int64_t> best{-std::numeric_limits<double>::infinity(), -1};
        for (auto r : open_sites) {
            const double saved = g - (loss[r] - adjust[r]);
            if (saved > best.first) {
                best = {saved, static_cast<std::int64_t>(r)};
            }
        }
        for (auto r : touched) {
            adjust[r] = 0;
        }
        return best;
    }

    // Every swap of a closed choosable site for an open one, priced in one pass over the rows
    // (the bookkeeping of Resende and Werneck 2003): a unit's entries matter only up to its
    // second-nearest open site, so a row is read only that far. Returns (cost saved, in, out).
    std::tuple<double, std::size_t, std::size_t>
    best_move(const std::vector<std::size_t>& open_sites) const {
        const std::size_t count = open_sites.size();
        std::vector<std::int64_t> position(m_p.sites(), -1);
        for (std::size_t i = 0; i < count; ++i) {
            position[open_sites[i]] = static_cast<std::int64_t>(i);
        }
        // Per part of the units: gain per site, extra per [in][out position], loss per open
        // site; added up in part order.
        std::vector<swap_prices> parts(swap_parts, swap_prices(m_p.sites(), count));
        detail::for_each_part(m_p.units(), swap_parts,
                              [&](std::size_t part, std::size_t from, std::size_t to) {
                                  price_swaps(from, to, position, parts[part]);
                              });
        auto& [gain, extra, loss] = parts[0];
        for (std::size_t part = 1; part < swap_parts; ++part) {
            add(gain, parts[part].gain);
            add(extra, parts[part].extra);
            add(loss, parts[part].loss);
        }
        std::tuple<double, std::size_t, std::size_t> best{0.0, 0, 0};
        for (std::size_t j = 0; j < m_p.sites(); ++j) {
            if (m_open[j] || !m_p.choosable(j)) {
                continue;
            }
            for (std::size_t i = 0; i < count; ++i) {
                const double saved = gain[j] - loss[i] + extra[j * count + i];
                if (saved > std::get<0>(best)) {
                    best = {saved, j, open_sites[i]};
                }
            }
        }
        return best;
    }

    struct swap_prices {
        swap_prices(std::size_t sites, std::size_t count)
            : gain(sites, 0.0), extra(sites * count, 0.0), loss(count, 0.0) {}
        std::vector<double> gain;
        std::vector<double> extra; // [in][out position]
        std::vector<double> loss;
    };

    static void add(std::vector<double>& to, const std::vector<double>& from) {
        for (std::size_t i = 0; i < to.size(); ++i) {
            to[i] += from[i];
        }
    }

    void price_swaps(std::size_t from, std::size_t to, const std::vector<std::int64_t>& position,
                     swap_prices& prices) const {
        const std::size_t count = prices.loss.size();
        for (std::size_t u = from; u < to; ++u) {
            const double w = m_p.demand[u];
            if (w <= 0) {
                continue;
            }
            const auto r = m_r1[u] >= 0 ? position[static_cast<std::size_t>(m_r1[u])] : -1;
            if (r >= 0) {
                prices.loss[static_cast<std::size_t>(r)] += w * (m_c2[u] - m_c1[u]);
            }
            const auto sites = m_p.sites_of(u);
            const auto costs = m_p.costs_of(u);
            for (std::size_t k = 0; k < sites.size() && costs[k] < m_c2[u]; ++k) {
                const auto j = sites[k];
                if (m_open[j] || !m_p.choosable(j)) {
                    continue;
                }
                const double d = costs[k];
                prices.gain[j] += w * std::max(0.0, m_c1[u] - d);
                if (r >= 0) {
                    prices.extra[j * count + static_cast<std::size_t>(r)] +=
                        w * (m_c2[u] - std::max(d, m_c1[u]));
                }
            }
        }
    }

    // Per open choosable site, what closing it alone would cost.
    std::vector<double> losses() const {
        std::vector<double> loss(m_p.sites(), 0.0);
        for (std::size_t u = 0; u < m_p.units(); ++u) {
            if (m_r1[u] >= 0) {
                loss[static_cast<std::size_t>(m_r1[u])] += m_p.demand[u] * (m_c2[u] - m_c1[u]);
            }
        }
        return loss;
    }

private:
    void refresh(std::size_t u) {
        m_c1[u] = m_c2[u] = m_p.unreached_cost;
        m_r1[u] = -1;
        const auto sites = m_p.sites_of(u);
        const auto costs = m_p.costs_of(u);
        for (std::size_t k = 0; k < sites.size(); ++k) {
            if (!m_open[sites[k]]) {
                continue;
            }
            if (m_r1[u] < 0) {
                m_r1[u] = sites[k];
                m_c1[u] = std::min(costs[k], m_p.unreached_cost);
            } else {
                m_c2[u] = std::min(costs[k], m_p.unreached_cost);
                break;
            }
        }
    }

    const site_problem& m_p;
    const site_columns& m_columns;
    std::vector<bool> m_open;
    std::vector<double> m_c1;
    std::vector<double> m_c2;
    std::vector<std::int64_t> m_r1;
};

// Swaps the best pair while it saves anything: a local optimum for single swaps.
void interchange_median(const site_problem& p, median_state& s, heuristic_plan& out) {
    // The row pass keeps a table of closed x open sites; beyond a few million entries the
    // column pass below, which needs none, takes over.
    constexpr std::size_t largest_table = 4'000'000;
    for (;;) {
        std::vector<std::size_t> open_sites;
        for (std::size_t j = 0; j < p.sites(); ++j) {
            if (s.open()[j] && p.choosable(j)) {
                open_sites.push_back(j);
            }
        }
        if (open_sites.empty() || open_sites.size() * p.sites() > largest_table) {
            break;
        }
        const auto [saved, in, out_site] = s.best_move(open_sites);
        out.evaluations += open_sites.size() * p.sites();
        if (!improves(saved, s.objective())) {
            out.open = s.open();
            out.objective = s.objective();
            return;
        }
        s.swap(in, out_site);
    }
    std::vector<std::size_t> closed;
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (p.choosable(j) && !s.open()[j]) {
            closed.push_back(j);
        }
    }
    std::vector<double> adjust(p.sites(), 0.0);
    for (;;) {
        std::vector<std::size_t> open_sites;
        for (std::size_t j = 0; j < p.sites(); ++j) {
            if (s.open()[j] && p.choosable(j)) {
                open_sites.push_back(j);
            }
        }
        if (open_sites.empty()) {
            break;
        }
        const auto loss = s.losses();
        double best_saved = 0;
        std::pair<std::size_t, std::size_t> best_move{0, 0};
        for (auto in : closed) {
            const auto [saved, out_site] = s.best_swap(in, open_sites, loss, adjust);
            out.evaluations += open_sites.size();
            if (out_site >= 0 && saved > best_saved) {
                best_saved = saved;
                best_move = {in, static_cast<std::size_t>(out_site)};
            }
        }
        if (!improves(best_saved, s.objective())) {
            break;
        }
        s.swap(best_move.first, best_move.second);
        std::replace(closed.begin(), closed.end(), best_move.first, best_move.second);
    }
    out.open = s.open();
    out.objective = s.objective();
}

heuristic_plan p_median(const site_problem& p, const site_columns& columns, std::size_t count) {
    median_state s(p, columns, fixed_plan(p));
    heuristic_plan out;
    auto closed = choosable_sites(p);
    for (std::size_t step = 0; step < count && !closed.empty(); ++step) {
        const auto g = s.gains();
        std::size_t best = 0;
        for (std::size_t i = 1; i < closed.size(); ++i) {
            if (g[closed[i]] > g[closed[best]]) {
                best = i;
            }
        }
        out.evaluations += closed.size();
        s.open_site(closed[best]);
        closed.erase(closed.begin() + static_cast<std::ptrdiff_t>(best));
    }
    interchange_median(p, s, out);
    return out;
}

// How many open sites cover each unit within the threshold, and one of them.
class cover_state {
public:
    cover_state(const site_problem& p, const site_columns& columns, std::vector<bool> open)
        : m_p(p), m_columns(columns), m_open(std::move(open)), m_count(p.units(), 0),
          m_one(p.units(), -1) {
        for (std::size_t u = 0; u < p.units(); ++u) {
            refresh(u);
        }
    }

    const std::vector<bool>& open() const { return m_open; }

    double covered() const {
        double total = 0;
        for (std::size_t u = 0; u < m_p.units(); ++u) {
            total += m_count[u] > 0 ? m_p.demand[u] : 0.0;
        }
        return total;
    }

    double gain(std::size_t j) const {
        double g = 0;
        for_each_covered(j, [&](std::uint32_t u) { g += m_count[u] == 0 ? m_p.demand[u] : 0.0; });
        return g;
    }

    void set(std::size_t j, bool is_open) {
        m_open[j] = is_open;
        for_each_covered(j, [&](std::uint32_t u) { refresh(u); });
    }

    // Per open site, the children only it covers.
    std::vector<double> losses() const {
        std::vector<double> loss(m_p.sites(), 0.0);
        for (std::size_t u = 0; u < m_p.units(); ++u) {
            if (m_count[u] == 1) {
                loss[static_cast<std::size_t>(m_one[u])] += m_p.demand[u];
            }
        }
        return loss;
    }

    std::pair<double, std::int64_t> best_swap(std::size_t in,
                                              const std::vector<std::size_t>& open_sites,
                                              const std::vector<double>& loss,
                                              std::vector<double>& adjust) const {
        double g = 0;
        std::vector<std::uint32_t> touched;
        for_each_covered(in, [&](std::uint32_t u) {
            if (m_count[u] == 0) {
                g += m_p.demand[u];
            } else if (m_count[u] == 1) {
                const auto r = static_cast<std::size_t>(m_one[u]);
                if (adjust[r] == 0) {
                    touched.push_back(static_cast<std::uint32_t>(r));
                }
                adjust[r] += m_p.demand[u];
            }
        });
        std::pair<double, std::int64_t> best{-std::numeric_limits<double>::infinity(), -1};
        for (auto r : open_sites) {
            const double gained = g - loss[r] + adjust[r];
            if (gained > best.first) {
                best = {gained, static_cast<std::int64_t>(r)};
            }
        }
        for (auto r : touched) {
            adjust[r] = 0;
        }
        return best;
    }

private:
    template <class F> void for_each_covered(std::size_t j, F&& f) const {
        for (auto k = m_columns.start[j];
             k < m_columns.start[j + 1] && m_columns.cost[k] <= m_p.threshold; ++k) {
            f(m_columns.unit[k]);
        }
    }

    void refresh(std::size_t u) {
        m_count[u] = 0;
        m_one[u] = -1;
        const auto sites = m_p.sites_of(u);
        const auto costs = m_p.costs_of(u);
        for (std::size_t k = 0; k < sites.size() && costs[k] <= m_p.threshold; ++k) {
            if (m_open[sites[k]]) {
                ++m_count[u];
                if (m_one[u] < 0) {
                    m_one[u] = sites[k];
                }
            }
        }
    }

    const site_problem& m_p;
    const site_columns& m_columns;
    std::vector<bool> m_open;
    std::vector<std::uint32_t> m_count;
    std::vector<std::int64_t> m_one;
};

void interchange_cover(const site_problem& p, cover_state& s, heuristic_plan& out) {
    std::vector<std::size_t> closed;
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (p.choosable(j) && !s.open()[j]) {
            closed.push_back(j);
        }
    }
    std::vector<double> adjust(p.sites(), 0.0);
    for (;;) {
        std::vector<std::size_t> open_sites;
        for (std::size_t j = 0; j < p.sites(); ++j) {
            if (s.open()[j] && p.choosable(j)) {
                open_sites.push_back(j);
            }
        }
        if (open_sites.empty()) {
            break;
        }
        const auto loss = s.losses();
        double best_gain = 0;
        std::pair<std::size_t, std::size_t> best_move{0, 0};
        for (auto in : closed) {
            const auto [gained, out_site] = s.best_swap(in, open_sites, loss, adjust);
            out.evaluations += open_sites.size();
            if (out_site >= 0 && gained > best_gain) {
                best_gain = gained;
                best_move = {in, static_cast<std::size_t>(out_site)};
            }
        }
        if (!improves(best_gain, s.covered())) {
            break;
        }
        s.set(best_move.second, false);
        s.set(best_move.first, true);
        std::replace(closed.begin(), closed.end(), best_move.first, best_move.second);
    }
    out.open = s.open();
    out.objective = s.covered();
}

heuristic_plan mclp(const site_problem& p, const site_columns& columns, std::size_t count) {
    cover_state s(p, columns, fixed_plan(p));
    heuristic_plan out;
    auto closed = choosable_sites(p);
    for (std::size_t step = 0; step < count && !closed.empty(); ++step) {
        std::size_t best = 0;
        double best_gain = -1;
        for (std::size_t i = 0; i < closed.size(); ++i) {
            const double g = s.gain(closed[i]);
            ++out.evaluations;
            if (g > best_gain) {
                best_gain = g;
                best = i;
            }
        }
        s.set(closed[best], true);
        closed.erase(closed.begin() + static_cast<std::ptrdiff_t>(best));
    }
    interchange_cover(p, s, out);
    return out;
}

// The smallest radius (a cost some unit has to some site) at which a greedy cover needs at
// most p sites; extra sites go where they cut the total way most.
heuristic_plan p_center(const site_problem& p, const site_columns& columns, std::size_t count) {
    std::vector<double> radii(p.cost.begin(), p.cost.end());
    std::sort(radii.begin(), radii.end());
    radii.erase(std::unique(radii.begin(), radii.end()), radii.end());
    heuristic_plan out;
    std::vector<std::size_t> best_cover;
    std::size_t lo = 0;
    std::size_t hi = radii.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        auto cover = greedy_cover(p, columns, radii[mid]);
        ++out.evaluations;
        bool every_unit_reached = true;
        const auto open = plan_with(p, cover);
        for (std::size_t u = 0; u < p.units() && every_unit_reached; ++u) {
            if (p.demand[u] <= 0) {
                continue;
            }
            bool reached = false;
            const auto sites = p.sites_of(u);
            const auto costs = p.costs_of(u);
            for (std::size_t k = 0; k < sites.size() && costs[k] <= radii[mid] && !reached; ++k) {
                reached = open[sites[k]];
            }
            every_unit_reached = reached;
        }
        if (every_unit_reached && cover.size() <= count) {
            best_cover = std::move(cover);
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    median_state s(p, columns, plan_with(p, best_cover));
    std::size_t opened = best_cover.size();
    const auto choosable = choosable_sites(p);
    while (opened < count) {
        std::int64_t best = -1;
        double best_gain = -1;
        for (auto j : choosable) {
            if (s.open()[j]) {
                continue;
            }
            const double g = s.gain(j);
            if (g > best_gain) {
                best_gain = g;
                best = static_cast<std::int64_t>(j);
            }
        }
        if (best < 0) {
            break;
        }
        s.open_site(static_cast<std::size_t>(best));
        ++opened;
    }
    out.open = s.open();
    out.objective = evaluate_plan(p, out.open, siting_objective::p_center).objective;
    return out;
}

// Capacitated: start from the uncapacitated plan, then swap while the assignment improves.
heuristic_plan capacitated(const site_problem& p, const site_columns& columns,
                           siting_objective objective, std::size_t count, double time_limit_s) {
    const detail::stopwatch clock;
    const auto in_time = [&] { return clock.left(time_limit_s) > 0; };
    const bool coverage = objective == siting_objective::capacitated_coverage;
    heuristic_plan out = coverage ? mclp(p, columns, count) : p_median(p, columns, count);
    const double sign = minimises(objective) ? -1.0 : 1.0; // larger is better
    out.objective = evaluate_plan(p, out.open, objective).objective;
    constexpr std::size_t max_evaluations = 2000;
    bool improved = true;
    while (improved && out.evaluations < max_evaluations) {
        improved = false;
        for (std::size_t in = 0; in < p.sites() && !improved; ++in) {
            if (!p.choosable(in) || out.open[in]) {
                continue;
            }
            for (std::size_t o = 0; o < p.sites() && !improved; ++o) {
                if (!p.choosable(o) || !out.open[o] || out.evaluations >= max_evaluations ||
                    !in_time()) {
                    continue;
                }
                auto plan = out.open;
                plan[in] = true;
                plan[o] = false;
                const double value = evaluate_plan(p, plan, objective).objective;
                ++out.evaluations;
                if (improves(sign * (value - out.objective), out.objective)) {
                    out.open = std::move(plan);
                    out.objective = value;
                    improved = true;
                }
            }
        }
    }
    return out;
}

} // namespace

site_columns columns_of(const site_problem& p) {
    site_columns c;
    c.start.assign(p.sites() + 1, 0);
    for (auto j : p.site) {
        ++c.start[j + 1];
    }
    std::partial_sum(c.start.begin(), c.start.end(), c.start.begin());
    c.unit.resize(p.site.size());
    c.cost.resize(p.site.size());
    auto fill = c.start;
    for (std::size_t u = 0; u < p.units(); ++u) {
        const auto sites = p.sites_of(u);
        const auto costs = p.costs_of(u);
        for (std::size_t k = 0; k < sites.size(); ++k) {
            const auto at = fill[sites[k]]++;
            c.unit[at] = static_cast<std::uint32_t>(u);
            c.cost[at] = costs[k];
        }
    }
    // Nearest first in every column, so a threshold ends a scan early; ties by unit, as the
    // rows were read, so every run gives the same order. Columns sort on every core.
    detail::for_each_part(p.sites(), swap_parts,
                          [&](std::size_t, std::size_t from, std::size_t to) {
                              std::vector<std::pair<double, std::uint32_t>> column;
                              for (std::size_t j = from; j < to; ++j) {
                                  const auto a = c.start[j];
                                  const auto b = c.start[j + 1];
                                  column.clear();
                                  for (auto k = a; k < b; ++k) {
                                      column.emplace_back(c.cost[k], c.unit[k]);
                                  }
                                  std::sort(column.begin(), column.end());
                                  for (std::size_t i = 0; i < column.size(); ++i) {
                                      c.cost[a + i] = column[i].first;
                                      c.unit[a + i] = column[i].second;
                                  }
                              }
                          });
    return c;
}

std::vector<std::size_t> greedy_cover(const site_problem& p, const site_columns& columns,
                                      double radius) {
    // The units to cover: with children, not covered by a fixed site, reachable by some site.
    std::vector<bool> needed(p.units(), false);
    for (std::size_t u = 0; u < p.units(); ++u) {
        if (p.demand[u] <= 0) {
            continue;
        }
        const auto sites = p.sites_of(u);
        const auto costs = p.costs_of(u);
        bool by_fixed = false;
        bool by_choosable = false;
        for (std::size_t k = 0; k < sites.size() && costs[k] <= radius; ++k) {
            by_fixed = by_fixed || p.fixed_open(sites[k]);
            by_choosable = by_choosable || p.choosable(sites[k]);
        }
        needed[u] = !by_fixed && by_choosable;
    }
    auto covers = [&](std::size_t j, auto&& f) {
        for (auto k = columns.start[j]; k < columns.start[j + 1] && columns.cost[k] <= radius;
             ++k) {
            f(columns.unit[k]);
        }
    };
    std::vector<std::size_t> chosen;
    for (;;) {
        std::int64_t best = -1;
        std::size_t best_count = 0;
        for (std::size_t j = 0; j < p.sites(); ++j) {
            if (!p.choosable(j) || std::find(chosen.begin(), chosen.end(), j) != chosen.end()) {
                continue;
            }
            std::size_t n = 0;
            covers(j, [&](std::uint32_t u) { n += needed[u] ? 1 : 0; });
            if (n > best_count) {
                best_count = n;
                best = static_cast<std::int64_t>(j);
            }
        }
        if (best < 0) {
            break;
        }
        chosen.push_back(static_cast<std::size_t>(best));
        covers(static_cast<std::size_t>(best), [&](std::uint32_t u) { needed[u] = false; });
    }
    // Drop a site whose units another chosen or fixed site covers too, latest first.
    std::vector<std::uint32_t> count(p.units(), 0);
    for (std::size_t u = 0; u < p.units(); ++u) {
        const auto sites = p.sites_of(u);
        const auto costs = p.costs_of(u);
        for (std::size_t k = 0; k < sites.size() && costs[k] <= radius; ++k) {
            count[u] += p.fixed_open(sites[k]) ? 1 : 0;
        }
    }
    for (auto j : chosen) {
        covers(j, [&](std::uint32_t u) { ++count[u]; });
    }
    for (auto it = chosen.rbegin(); it != chosen.rend();) {
        bool redundant = true;
        covers(*it, [&](std::uint32_t u) {
            redundant = redundant && (p.demand[u] <= 0 || count[u] > 1);
        });
        if (redundant) {
            covers(*it, [&](std::uint32_t u) { --count[u]; });
            it = std::vector<std::size_t>::reverse_iterator(chosen.erase(std::next(it).base()));
        } else {
            ++it;
        }
    }
    std::sort(chosen.begin(), chosen.end());
    return chosen;
}

heuristic_plan improve_by_interchange(const site_problem& p, const site_columns& columns,
                                      siting_objective objective, std::vector<bool> open) {
    heuristic_plan out;
    if (objective == siting_objective::p_median) {
        median_state s(p, columns, std::move(open));
        interchange_median(p, s, out);
    } else if (objective == siting_objective::mclp) {
        cover_state s(p, columns, std::move(open));
        interchange_cover(p, s, out);
    } else {
        out.objective = evaluate_plan(p, open, objective).objective;
        out.open = std::move(open);
    }
    return out;
}

heuristic_plan plan_heuristically(const site_problem& p, const site_columns& columns,
                                  siting_objective objective, std::size_t count,
                                  double time_limit_s) {
    switch (objective) {
    case siting_objective::p_median:
        return p_median(p, columns, count);
    case siting_objective::mclp:
        return mclp(p, columns, count);
    case siting_objective::lscp: {
        heuristic_plan out;
        out.open = plan_with(p, greedy_cover(p, columns, p.threshold));
        out.objective = evaluate_plan(p, out.open, objective).objective;
        return out;
    }
    case siting_objective::p_center:
        return p_center(p, columns, count);
    case siting_objective::capacitated_p_median:
    case siting_objective::capacitated_coverage:
        return capacitated(p, columns, objective, count, time_limit_s);
    }
    return p_median(p, columns, count);
}

} // namespace standort::planning
