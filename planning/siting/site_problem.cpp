#include "planning/siting/site_problem.hpp"

#include "planning/detail/parallel.hpp"

#include "geo/error.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace standort::planning {

std::string to_string(site_role role) {
    switch (role) {
    case site_role::required:
        return "required";
    case site_role::closable:
        return "closable";
    case site_role::candidate:
        return "candidate";
    case site_role::competitor:
        return "competitor";
    }
    return "candidate";
}

namespace {

struct objective_name {
    siting_objective objective;
    const char* name;
};
constexpr objective_name objective_names[] = {
    {siting_objective::p_median, "p-median"},
    {siting_objective::mclp, "mclp"},
    {siting_objective::lscp, "lscp"},
    {siting_objective::p_center, "p-center"},
    {siting_objective::capacitated_p_median, "capacitated-p-median"},
    {siting_objective::capacitated_coverage, "capacitated-coverage"},
};

// The children of each unit, assigned nearest open site first.
plan_evaluation nearest_open(const site_problem& p, const std::vector<bool>& open) {
    plan_evaluation e;
    e.unit_site.assign(p.units(), -1);
    e.unit_cost.assign(p.units(), no_limit);
    e.site_children.assign(p.sites(), 0.0);
    for (std::size_t u = 0; u < p.units(); ++u) {
        const auto sites = p.sites_of(u);
        const auto costs = p.costs_of(u);
        const double w = p.demand[u];
        for (std::size_t k = 0; k < sites.size(); ++k) {
            if (open[sites[k]]) {
                e.unit_site[u] = sites[k];
                e.unit_cost[u] = costs[k];
                break;
            }
        }
        if (e.unit_site[u] < 0) {
            e.unserved += w;
            continue;
        }
        const auto j = static_cast<std::size_t>(e.unit_site[u]);
        e.site_children[j] += w;
        e.total_cost += w * e.unit_cost[u];
        e.covered += e.unit_cost[u] <= p.threshold ? w : 0.0;
        if (w > 0) {
            e.max_cost = std::max(e.max_cost, e.unit_cost[u]);
        }
        e.flows.push_back(
            {static_cast<std::uint32_t>(u), static_cast<std::uint32_t>(j), w, e.unit_cost[u]});
    }
    return e;
}

// The minimum-cost assignment within the open sites' capacities, on the arcs within `limit`.
plan_evaluation assigned(const site_problem& p, const std::vector<bool>& open, double limit,
                         const std::vector<bool>* start_arcs) {
    double total_demand = 0;
    for (double w : p.demand) {
        total_demand += w;
    }
    std::vector<std::size_t> open_sites;
    std::vector<std::uint32_t> position(p.sites(), 0);
    std::vector<double> capacity;
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (open[j]) {
            position[j] = static_cast<std::uint32_t>(open_sites.size());
            open_sites.push_back(j);
            // No limit means room for every child there is.
            capacity.push_back(std::isfinite(p.capacity[j]) ? p.capacity[j]
                                                            : std::ceil(total_demand));
        }
    }
    const bool started = start_arcs && start_arcs->size() == p.site.size();
    cost_matrix arcs;
    std::vector<std::size_t> entry; // of the problem's rows, per arc
    std::vector<bool> start;
    arcs.start.push_back(0);
    for (std::size_t u = 0; u < p.units(); ++u) {
        const auto sites = p.sites_of(u);
        const auto costs = p.costs_of(u);
        for (std::size_t k = 0; k < sites.size(); ++k) {
            if (open[sites[k]] && costs[k] <= std::min(limit, p.reach)) {
                arcs.facility.push_back(position[sites[k]]);
                arcs.cost.push_back(costs[k]);
                entry.push_back(p.start[u] + k);
                start.push_back(started && (*start_arcs)[p.start[u] + k]);
            }
        }
        arcs.start.push_back(arcs.facility.size());
    }
    const auto solved = assign_with_capacity(p.demand, capacity, arcs, started ? &start : nullptr);
    plan_evaluation e;
    e.unit_site.assign(p.units(), -1);
    e.unit_cost.assign(p.units(), no_limit);
    e.site_children.assign(p.sites(), 0.0);
    std::vector<double> largest(p.units(), 0.0);
    for (const auto& f : solved.flows) {
        const auto j = open_sites[f.facility];
        e.flows.push_back({f.unit, static_cast<std::uint32_t>(j), f.children, f.cost});
        e.site_children[j] += f.children;
        e.total_cost += f.children * f.cost;
        e.covered += f.cost <= p.threshold ? f.children : 0.0;
        if (f.children > 0) {
            e.max_cost = std::max(e.max_cost, f.cost);
        }
        if (f.children > largest[f.unit]) {
            largest[f.unit] = f.children;
            e.unit_site[f.unit] = static_cast<std::int64_t>(j);
            e.unit_cost[f.unit] = f.cost;
        }
    }
    for (double n : solved.unassigned) {
        e.unserved += n;
    }
    e.assignment_arcs.assign(p.site.size(), false);
    for (std::size_t i = 0; i < solved.arcs.size(); ++i) {
        e.assignment_arcs[entry[i]] = solved.arcs[i];
    }
    return e;
}

} // namespace

std::optional<siting_objective> parse_siting_objective(std::string_view name) {
    for (const auto& o : objective_names) {
        if (name == o.name) {
            return o.objective;
        }
    }
    return std::nullopt;
}

std::string to_string(siting_objective objective) {
    for (const auto& o : objective_names) {
        if (o.objective == objective) {
            return o.name;
        }
    }
    return "p-median";
}

bool minimises(siting_objective objective) {
    return objective != siting_objective::mclp &&
           objective != siting_objective::capacitated_coverage;
}

bool is_capacitated(siting_objective objective) {
    return objective == siting_objective::capacitated_p_median ||
           objective == siting_objective::capacitated_coverage;
}

site_problem make_site_problem(std::vector<double> demand,
                               std::vector<std::vector<std::pair<std::uint32_t, double>>> rows,
                               std::vector<site_role> roles, std::vector<double> capacity,
                               double threshold, double unreached_cost) {
    if (rows.size() != demand.size() || capacity.size() != roles.size()) {
        throw internal_error("make_site_problem: one row per unit and one capacity per site");
    }
    site_problem p;
    p.demand = std::move(demand);
    p.roles = std::move(roles);
    p.capacity = std::move(capacity);
    p.threshold = threshold;
    p.unreached_cost = unreached_cost;
    // Rows sort independently: on every core.
    detail::for_each_part(rows.size(), 4, [&](std::size_t, std::size_t from, std::size_t to) {
        for (std::size_t u = from; u < to; ++u) {
            std::sort(rows[u].begin(), rows[u].end(), [](const auto& a, const auto& b) {
                return a.second < b.second || (a.second == b.second && a.first < b.first);
            });
        }
    });
    std::size_t entries = 0;
    for (const auto& row : rows) {
        entries += row.size();
    }
    p.site.reserve(entries);
    p.cost.reserve(entries);
    p.start.reserve(rows.size() + 1);
    p.start.push_back(0);
    for (auto& row : rows) {
        for (const auto& [j, c] : row) {
            if (j >= p.roles.size()) {
                throw internal_error("make_site_problem: a row names a site that does not exist");
            }
            p.site.push_back(j);
            p.cost.push_back(c);
        }
        p.start.push_back(p.site.size());
    }
    return p;
}

plan_evaluation evaluate_plan(const site_problem& p, const std::vector<bool>& open,
                              siting_objective objective, const std::vector<bool>* start_arcs) {
    plan_evaluation e = objective == siting_objective::capacitated_p_median
                            ? assigned(p, open, no_limit, start_arcs)
                        : objective == siting_objective::capacitated_coverage
                            ? assigned(p, open, p.threshold, start_arcs)
                            : nearest_open(p, open);
    for (std::size_t j = 0; j < p.sites(); ++j) {
        e.open += open[j] && p.choosable(j) ? 1 : 0;
    }
    switch (objective) {
    case siting_objective::p_median:
    case siting_objective::capacitated_p_median:
        e.objective = e.total_cost + e.unserved * p.unreached_cost;
        break;
    case siting_objective::mclp:
    case siting_objective::capacitated_coverage:
        e.objective = e.covered;
        break;
    case siting_objective::lscp:
        e.objective = static_cast<double>(e.open);
        break;
    case siting_objective::p_center: {
        // The worst way of a child some site reaches; a unit no site reaches at all counts
        // in no plan (it is listed as uncoverable), one the plan leaves out as unreached.
        e.objective = e.max_cost;
        for (std::size_t u = 0; u < p.units(); ++u) {
            if (p.demand[u] > 0 && e.unit_site[u] < 0 && p.start[u + 1] > p.start[u]) {
                e.objective = std::max(e.objective, p.unreached_cost);
            }
        }
        break;
    }
    }
    return e;
}

std::vector<bool> plan_with(const site_problem& p, const std::vector<std::size_t>& chosen) {
    std::vector<bool> open(p.sites(), false);
    for (std::size_t j = 0; j < p.sites(); ++j) {
        open[j] = p.fixed_open(j);
    }
    for (auto j : chosen) {
        open[j] = true;
    }
    return open;
}

} // namespace standort::planning
