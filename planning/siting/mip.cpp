#include "planning/siting/mip.hpp"

#include "geo/error.hpp"

#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

namespace standort::planning {

namespace {

// A model as CBC takes it, always minimised; `constant` is added to its objective.
struct linear_model {
    std::vector<double> col_lb, col_ub, obj;
    std::vector<char> integer;
    std::vector<double> row_lb, row_ub;
    std::vector<int> entry_row, entry_col;
    std::vector<double> entry_value;
    double constant = 0;

    int add_column(double lb, double ub, double cost, bool is_integer) {
        col_lb.push_back(lb);
        col_ub.push_back(ub);
        obj.push_back(cost);
        integer.push_back(is_integer ? 1 : 0);
        return static_cast<int>(obj.size()) - 1;
    }
    int add_row(double lb, double ub) {
        row_lb.push_back(lb);
        row_ub.push_back(ub);
        return static_cast<int>(row_lb.size()) - 1;
    }
    void set(int row, int col, double value) {
        entry_row.push_back(row);
        entry_col.push_back(col);
        entry_value.push_back(value);
    }
    std::size_t nonzeros() const { return entry_value.size(); }
};

struct run_result {
    bool solved = false;
    bool optimal = false;
    std::vector<double> x;
    double objective = 0; // with the constant
    double bound = 0;
};

// CBC's solver driver keeps global state; one solve at a time.
std::mutex cbc_mutex;

run_result run_cbc(const linear_model& m, const std::vector<double>& start,
                   const mip_limits& limits) {
    run_result out;
    if (m.obj.empty()) {
        out.solved = out.optimal = true;
        out.objective = out.bound = m.constant;
        return out;
    }
    CoinPackedMatrix matrix(true, m.entry_row.data(), m.entry_col.data(), m.entry_value.data(),
                            static_cast<CoinBigIndex>(m.nonzeros()));
    // Rows and columns without an entry still count (a site no unit reaches).
    matrix.setDimensions(static_cast<int>(m.row_lb.size()), static_cast<int>(m.obj.size()));
    OsiClpSolverInterface solver;
    solver.loadProblem(matrix, m.col_lb.data(), m.col_ub.data(), m.obj.data(), m.row_lb.data(),
                       m.row_ub.data());
    for (std::size_t c = 0; c < m.integer.size(); ++c) {
        if (m.integer[c]) {
            solver.setInteger(static_cast<int>(c));
        }
    }
    solver.messageHandler()->setLogLevel(0);
    std::lock_guard lock(cbc_mutex);
    CbcModel model(solver);
    model.setLogLevel(0);
    model.messageHandler()->setLogLevel(0);
    if (start.size() == m.obj.size()) {
        double value = 0;
        for (std::size_t c = 0; c < start.size(); ++c) {
            value += m.obj[c] * start[c];
        }
        model.setBestSolution(start.data(), static_cast<int>(start.size()), value, true);
    }
    CbcMain0(model);
    const std::string seconds = fmt::format("{:g}", std::max(0.1, limits.time_limit_s));
    const std::string gap = fmt::format("{:g}", std::max(0.0, limits.gap));
    const char* argv[] = {"standort",  "-log",      "0",      "-sec", seconds.c_str(),
                          "-ratioGap", gap.c_str(), "-solve", "-quit"};
    CbcMain1(static_cast<int>(std::size(argv)), argv, model);
    const double* best = model.bestSolution();
    if (!best) {
        return out;
    }
    out.solved = true;
    out.x.assign(best, best + model.getNumCols());
    out.objective = model.getObjValue() + m.constant;
    out.bound = std::min(model.getBestPossibleObjValue(), model.getObjValue()) + m.constant;
    const double tolerance = limits.gap * std::max(1.0, std::abs(out.objective)) + 1e-6;
    out.optimal = model.isProvenOptimal() || out.objective - out.bound <= tolerance;
    return out;
}

// The y columns: one binary per choosable site.
std::vector<int> add_site_columns(linear_model& m, const site_problem& p) {
    std::vector<int> col(p.sites(), -1);
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (p.choosable(j)) {
            col[j] = m.add_column(0, 1, 0, true);
        }
    }
    return col;
}

std::size_t choosable_count(const site_problem& p) {
    std::size_t n = 0;
    for (std::size_t j = 0; j < p.sites(); ++j) {
        n += p.choosable(j) ? 1 : 0;
    }
    return n;
}

void add_cardinality(linear_model& m, const site_problem& p, const std::vector<int>& y,
                     std::size_t count) {
    const auto n = static_cast<double>(std::min(count, choosable_count(p)));
    const int row = m.add_row(n, n);
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (y[j] >= 0) {
            m.set(row, y[j], 1);
        }
    }
}

std::vector<bool> open_from(const site_problem& p, const std::vector<int>& y,
                            const std::vector<double>& x) {
    std::vector<bool> open(p.sites(), false);
    for (std::size_t j = 0; j < p.sites(); ++j) {
        open[j] = p.fixed_open(j) || (y[j] >= 0 && x[static_cast<std::size_t>(y[j])] > 0.5);
    }
    return open;
}

// Assignment models (p-median, capacitated): x per arc, s per unit (unserved).
struct assignment_model {
    linear_model m;
    std::vector<int> y;
    std::vector<std::vector<std::pair<int, std::uint32_t>>> arcs; // per unit: (column, site)
    std::vector<int> unserved;                                    // per unit, -1: none
};

assignment_model build_assignment(const site_problem& p, siting_objective objective,
                                  std::size_t count) {
    const bool capacitated = is_capacitated(objective);
    const bool coverage = objective == siting_objective::capacitated_coverage;
    assignment_model a;
    auto& m = a.m;
    a.y = add_site_columns(m, p);
    a.arcs.resize(p.units());
    a.unserved.assign(p.units(), -1);
    std::vector<int> capacity_row(p.sites(), -1);
    if (capacitated) {
        for (std::size_t j = 0; j < p.sites(); ++j) {
            if (std::isfinite(p.capacity[j])) {
                const bool fixed = a.y[j] < 0;
                capacity_row[j] = m.add_row(-COIN_DBL_MAX, fixed ? p.capacity[j] : 0);
                if (!fixed) {
                    m.set(capacity_row[j], a.y[j], -p.capacity[j]);
                }
            }
        }
    }
    for (std::size_t u = 0; u < p.units(); ++u) {
        const double w = p.demand[u];
        if (w <= 0) {
            continue;
        }
        const auto sites = p.sites_of(u);
        const auto costs = p.costs_of(u);
        const int assign = coverage ? m.add_row(0, 1) : m.add_row(1, 1);
        bool served_by_fixed = false;
        for (std::size_t k = 0; k < sites.size(); ++k) {
            if ((coverage && costs[k] > p.threshold) || (capacitated && costs[k] > p.reach)) {
                break; // beyond the coverage radius, or a fallback no seat may take
            }
            const auto j = sites[k];
            const double cost = coverage ? -w : w * costs[k];
            const int x = m.add_column(0, 1, cost, false);
            a.arcs[u].emplace_back(x, j);
            m.set(assign, x, 1);
            if (a.y[j] >= 0) {
                const int link = m.add_row(-COIN_DBL_MAX, 0);
                m.set(link, x, 1);
                m.set(link, a.y[j], -1);
            }
            if (capacity_row[j] >= 0) {
                m.set(capacity_row[j], x, w);
            }
            // Uncapacitated, the nearest always-open site serves the unit if nothing nearer
            // does: farther arcs never help.
            if (!capacitated && p.fixed_open(j)) {
                served_by_fixed = true;
                break;
            }
        }
        if (!coverage && !served_by_fixed) {
            a.unserved[u] = m.add_column(0, 1, w * p.unreached_cost, false);
            m.set(assign, a.unserved[u], 1);
        }
    }
    add_cardinality(m, p, a.y, count);
    return a;
}

std::vector<double> assignment_start(const site_problem& p, const assignment_model& a,
                                     siting_objective objective, const std::vector<bool>& open) {
    std::vector<double> x(a.m.obj.size(), 0.0);
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (a.y[j] >= 0 && open[j]) {
            x[static_cast<std::size_t>(a.y[j])] = 1;
        }
    }
    const auto e = evaluate_plan(p, open, objective);
    std::vector<double> served(p.units(), 0.0);
    for (const auto& f : e.flows) {
        for (const auto& [col, j] : a.arcs[f.unit]) {
            if (j == f.facility) {
                const double share = p.demand[f.unit] > 0 ? f.children / p.demand[f.unit] : 0.0;
                x[static_cast<std::size_t>(col)] += share;
                served[f.unit] += share;
            }
        }
    }
    for (std::size_t u = 0; u < p.units(); ++u) {
        if (a.unserved[u] >= 0) {
            x[static_cast<std::size_t>(a.unserved[u])] = std::max(0.0, 1.0 - served[u]);
        }
    }
    return x;
}

// Covering models (MCLP, LSCP): units merged by the choosable sites covering them.
struct covering_sets {
    std::map<std::vector<std::uint32_t>, double> weight; // set -> children
    double fixed_covered = 0;                            // by an always-open site
};

covering_sets covering(const site_problem& p, double radius) {
    covering_sets out;
    for (std::size_t u = 0; u < p.units(); ++u) {
        const double w = p.demand[u];
        if (w <= 0) {
            continue;
        }
        const auto sites = p.sites_of(u);
        const auto costs = p.costs_of(u);
        std::vector<std::uint32_t> set;
        bool by_fixed = false;
        for (std::size_t k = 0; k < sites.size() && costs[k] <= radius; ++k) {
            by_fixed = by_fixed || p.fixed_open(sites[k]);
            if (p.choosable(sites[k])) {
                set.push_back(sites[k]);
            }
        }
        if (by_fixed) {
            out.fixed_covered += w;
        } else if (!set.empty()) {
            std::sort(set.begin(), set.end());
            out.weight[set] += w;
        }
    }
    return out;
}

mip_solution solve_mclp(const site_problem& p, std::size_t count,
                        const std::vector<bool>& incumbent, const mip_limits& limits) {
    const auto sets = covering(p, p.threshold);
    linear_model m;
    const auto y = add_site_columns(m, p);
    std::vector<std::pair<int, const std::vector<std::uint32_t>*>> z;
    for (const auto& [set, w] : sets.weight) {
        const int col = m.add_column(0, 1, -w, false);
        const int row = m.add_row(-COIN_DBL_MAX, 0);
        m.set(row, col, 1);
        for (auto j : set) {
            m.set(row, y[j], -1);
        }
        z.emplace_back(col, &set);
    }
    add_cardinality(m, p, y, count);
    m.constant = -sets.fixed_covered;
    std::vector<double> start;
    if (!incumbent.empty()) {
        start.assign(m.obj.size(), 0.0);
        for (std::size_t j = 0; j < p.sites(); ++j) {
            if (y[j] >= 0 && incumbent[j]) {
                start[static_cast<std::size_t>(y[j])] = 1;
            }
        }
        for (const auto& [col, set] : z) {
            start[static_cast<std::size_t>(col)] =
                std::any_of(set->begin(), set->end(), [&](auto j) { return incumbent[j]; }) ? 1 : 0;
        }
    }
    const auto r = run_cbc(m, start, limits);
    mip_solution out{r.solved, r.optimal,       {},          -r.objective,
                     -r.bound, m.row_lb.size(), m.obj.size()};
    if (r.solved) {
        out.open = open_from(p, y, r.x);
    }
    return out;
}

// The fewest choosable sites covering every coverable unit within `radius`.
mip_solution solve_lscp(const site_problem& p, double radius, const mip_limits& limits) {
    const auto sets = covering(p, radius);
    linear_model m;
    const auto y = add_site_columns(m, p);
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (y[j] >= 0) {
            m.obj[static_cast<std::size_t>(y[j])] = 1;
        }
    }
    for (const auto& [set, w] : sets.weight) {
        const int row = m.add_row(1, COIN_DBL_MAX);
        for (auto j : set) {
            m.set(row, y[j], 1);
        }
    }
    const auto r = run_cbc(m, {}, limits);
    mip_solution out{r.solved, r.optimal, {}, r.objective, r.bound, m.row_lb.size(), m.obj.size()};
    if (r.solved) {
        out.open = open_from(p, y, r.x);
    }
    return out;
}

// Opens choosable sites one by one where they cut the total way most, up to `count`.
void fill_up(const site_problem& p, std::vector<bool>& open, std::size_t count) {
    auto opened = [&] {
        std::size_t n = 0;
        for (std::size_t j = 0; j < p.sites(); ++j) {
            n += open[j] && p.choosable(j) ? 1 : 0;
        }
        return n;
    };
    while (opened() < count) {
        std::int64_t best = -1;
        double best_cost = std::numeric_limits<double>::infinity();
        for (std::size_t j = 0; j < p.sites(); ++j) {
            if (open[j] || !p.choosable(j)) {
                continue;
            }
            open[j] = true;
            const double c = evaluate_plan(p, open, siting_objective::p_median).objective;
            open[j] = false;
            if (c < best_cost) {
                best_cost = c;
                best = static_cast<std::int64_t>(j);
            }
        }
        if (best < 0) {
            return;
        }
        open[static_cast<std::size_t>(best)] = true;
    }
}

// Bisection over the costs: the smallest radius whose LSCP needs at most `count` sites. A
// radius below some unit's nearest site cannot serve it.
mip_solution solve_p_center(const site_problem& p, std::size_t count, const mip_limits& limits) {
    double floor_radius = 0;
    for (std::size_t u = 0; u < p.units(); ++u) {
        const auto costs = p.costs_of(u);
        if (p.demand[u] > 0 && !costs.empty()) { // a unit no site reaches counts in no plan
            floor_radius = std::max(floor_radius, costs.front());
        }
    }
    std::vector<double> radii;
    for (double c : p.cost) {
        if (c >= floor_radius) {
            radii.push_back(c);
        }
    }
    std::sort(radii.begin(), radii.end());
    radii.erase(std::unique(radii.begin(), radii.end()), radii.end());
    mip_solution best;
    best.optimal = true;
    std::size_t lo = 0;
    std::size_t hi = radii.size();
    while (lo < hi) {
        const std::size_t mid = (lo + hi) / 2;
        auto cover = solve_lscp(p, radii[mid], limits);
        best.rows = std::max(best.rows, cover.rows);
        best.columns = std::max(best.columns, cover.columns);
        const bool feasible = cover.solved && cover.objective <= static_cast<double>(count) + 0.5;
        if (feasible) {
            best.solved = true;
            best.open = cover.open;
            best.objective = radii[mid];
            hi = mid;
        } else {
            // A count above p proves the radius too small only when the LSCP is optimal.
            best.optimal = best.optimal && cover.optimal;
            lo = mid + 1;
        }
    }
    if (!best.solved && !radii.empty()) {
        // Not even the largest radius lets p sites reach every unit some site reaches: every
        // plan leaves some of them unreached, so any plan is optimal.
        const auto widest = solve_lscp(p, radii.back(), limits);
        best.solved = true;
        best.optimal = widest.optimal;
        best.open = plan_with(p, {});
    }
    if (best.solved) {
        fill_up(p, best.open, count);
        best.objective = evaluate_plan(p, best.open, siting_objective::p_center).objective;
        best.bound =
            best.optimal ? best.objective : (lo < radii.size() ? radii[lo] : best.objective);
    }
    return best;
}

} // namespace

std::size_t mip_size(const site_problem& p, siting_objective objective) {
    switch (objective) {
    case siting_objective::mclp:
    case siting_objective::lscp:
    case siting_objective::p_center: {
        std::size_t n = 0;
        for (const auto& [set, w] : covering(p, p.threshold).weight) {
            n += set.size() + 1;
        }
        return n;
    }
    case siting_objective::p_median:
    case siting_objective::capacitated_p_median:
    case siting_objective::capacitated_coverage:
        return 3 * p.site.size() + p.units();
    }
    return p.site.size();
}

mip_solution solve_mip(const site_problem& p, siting_objective objective, std::size_t count,
                       const std::vector<bool>& incumbent, const mip_limits& limits) {
    switch (objective) {
    case siting_objective::mclp:
        return solve_mclp(p, count, incumbent, limits);
    case siting_objective::lscp: {
        auto out = solve_lscp(p, p.threshold, limits);
        if (out.solved) {
            out.objective = evaluate_plan(p, out.open, objective).objective;
        }
        return out;
    }
    case siting_objective::p_center:
        return solve_p_center(p, count, limits);
    case siting_objective::p_median:
    case siting_objective::capacitated_p_median:
    case siting_objective::capacitated_coverage: {
        const auto a = build_assignment(p, objective, count);
        const auto start = incumbent.empty() ? std::vector<double>{}
                                             : assignment_start(p, a, objective, incumbent);
        const auto r = run_cbc(a.m, start, limits);
        const double sign = objective == siting_objective::capacitated_coverage ? -1.0 : 1.0;
        mip_solution out{r.solved,          r.optimal,     {}, sign * r.objective, sign * r.bound,
                         a.m.row_lb.size(), a.m.obj.size()};
        if (r.solved) {
            out.open = open_from(p, a.y, r.x);
        }
        return out;
    }
    }
    throw internal_error("solve_mip: an objective without a model");
}

} // namespace standort::planning
