// The planner's site-choice entry: the same demand units and travel costs as coverage and
// catchments, today's or a projected year's children, options evaluated side by side, and
// sites chosen with a proven bound.

#include "geo/error.hpp"
#include "planning/detail/planner_travel.hpp"
#include "planning/detail/siting_cache.hpp"
#include "planning/reach/demand_units.hpp"
#include "planning/siting/robust.hpp"
#include "planning/siting/solve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <numeric>

namespace standort::planning {

using detail::say;
using detail::site_rows;

namespace {

constexpr auto low = static_cast<std::size_t>(variant::low);
constexpr auto mid = static_cast<std::size_t>(variant::middle);
constexpr auto high = static_cast<std::size_t>(variant::high);

std::optional<std::size_t> parse_variant(const std::string& name) {
    if (name == "low") {
        return low;
    }
    if (name == "middle") {
        return mid;
    }
    if (name == "high") {
        return high;
    }
    return std::nullopt;
}

std::optional<double> capacity_of(const facility& f, facility_kind kind) {
    return kind == facility_kind::kita ? f.cap.places : f.cap.seats;
}

// The sites of a kind: its facilities (kept, or closable), other providers' (competitors)
// and the candidate plots.
// A candidate whose capacity for the kind is 0 cannot take it (a plot too small for a
// school); one without a figure is taken as unlimited, and said so.
void add_sites(siting_report& r, const planning_model& model, facility_kind kind, bool may_close) {
    std::size_t too_small = 0;
    std::size_t unknown = 0;
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        const auto& fac = model.facilities[f];
        if (fac.kind != kind && fac.kind != facility_kind::candidate) {
            continue;
        }
        const auto capacity = capacity_of(fac, kind);
        if (fac.kind == facility_kind::candidate && capacity && *capacity <= 0) {
            ++too_small;
            continue;
        }
        unknown += capacity ? 0 : 1;
        r.sites.push_back(f);
        r.roles.push_back(fac.kind == facility_kind::candidate ? site_role::candidate
                          : fac.competitor                     ? site_role::competitor
                          : may_close                          ? site_role::closable
                                                               : site_role::required);
        r.base_capacity.push_back(capacity.value_or(no_limit));
    }
    if (too_small > 0) {
        r.notes.push_back(fmt::format("{} candidate site(s) left out: no room for a {}", too_small,
                                      to_string(kind)));
    }
    if (unknown > 0) {
        r.notes.push_back(
            fmt::format("{} site(s) without a capacity figure: taken as unlimited", unknown));
    }
}

// The children of each unit in a projected year: each district's projected children of the
// ages shared over its units as today's are (where it has none today, evenly).
std::vector<double> projected_demand(const std::vector<double>& today,
                                     const std::vector<std::int32_t>& unit_district,
                                     const std::vector<double>& district_projected) {
    std::vector<double> district_today(district_projected.size(), 0.0);
    std::vector<std::size_t> district_units(district_projected.size(), 0);
    for (std::size_t u = 0; u < today.size(); ++u) {
        if (unit_district[u] >= 0) {
            district_today[static_cast<std::size_t>(unit_district[u])] += today[u];
            ++district_units[static_cast<std::size_t>(unit_district[u])];
        }
    }
    std::vector<double> out(today.size(), 0.0);
    for (std::size_t u = 0; u < today.size(); ++u) {
        const auto d = unit_district[u];
        if (d < 0) {
            continue;
        }
        const auto i = static_cast<std::size_t>(d);
        out[u] = district_today[i] > 0
                     ? district_projected[i] * today[u] / district_today[i]
                     : district_projected[i] / static_cast<double>(district_units[i]);
    }
    return out;
}

// The plan of an option: today's facilities, the candidates it opens, without the ones it
// closes, with the capacity it adds.
std::pair<std::vector<bool>, std::vector<double>> option_plan(const siting_report& r,
                                                              const planning_model& model,
                                                              const siting_option& o,
                                                              const land_rules& rules) {
    std::vector<bool> open(r.sites.size());
    for (std::size_t j = 0; j < r.sites.size(); ++j) {
        open[j] = r.roles[j] != site_role::candidate;
    }
    auto capacity = r.base_capacity;
    auto find = [&](const std::string& id, bool candidate, const char* parameter) {
        for (std::size_t j = 0; j < r.sites.size(); ++j) {
            if (model.facilities[r.sites[j]].id.value == id &&
                (r.roles[j] == site_role::candidate) == candidate) {
                return j;
            }
        }
        throw request_error(parameter, fmt::format("'{}' is no {} of this kind", id,
                                                   candidate ? "candidate site" : "facility"));
    };
    for (const auto& id : o.open) {
        open[find(id, true, "open")] = true;
    }
    for (const auto& id : o.close) {
        const auto j = find(id, false, "close");
        if (r.roles[j] == site_role::competitor) {
            throw request_error("close", fmt::format("'{}' is another provider's", id));
        }
        open[j] = false;
    }
    for (const auto& e : o.extend) {
        const auto j = find(e.facility, false, "extend");
        const auto& cap = model.facilities[r.sites[j]].cap;
        // A Zug is one class in every grade.
        const double per_zug =
            cap.class_size.value_or(25) * cap.grades.value_or(rules.primary_grades);
        const double added = e.capacity + e.zuege * per_zug;
        capacity[j] = std::isfinite(capacity[j]) ? capacity[j] + added : capacity[j];
    }
    return {open, capacity};
}

site_problem with_capacity(site_problem p, const std::vector<double>& capacity, double threshold) {
    p.capacity = capacity;
    p.threshold = threshold;
    return p;
}

// `arcs`: where the capacity assignment starts (another plan's), and on return its own.
siting_scenario evaluate_scenario(const siting_report& r, const site_problem& base,
                                  std::string name, std::vector<bool> open,
                                  const std::vector<double>& capacity, std::size_t districts,
                                  std::vector<bool>* arcs = nullptr) {
    siting_scenario s;
    s.name = std::move(name);
    s.capacity = capacity;
    const auto nearest = evaluate_plan(base, open, siting_objective::p_median);
    auto seats = evaluate_plan(with_capacity(base, capacity, r.capacity_limit), open,
                               siting_objective::capacitated_coverage, arcs);
    if (arcs) {
        *arcs = std::move(seats.assignment_arcs);
    }
    s.open = std::move(open);
    s.unit_site = nearest.unit_site;
    s.unit_cost = nearest.unit_cost;
    s.unreached = nearest.unserved;
    s.max_way = nearest.max_cost;
    s.unit_assigned = seats.unit_site;
    s.flows = seats.flows;
    s.site_children = seats.site_children;
    s.without_seat = seats.unserved;
    s.total_way = seats.total_cost;
    s.within.assign(r.thresholds.size(), 0.0);
    s.district_within.assign(districts, std::vector<double>(r.thresholds.size(), 0.0));
    s.district_children.assign(districts, 0.0);
    double reached = 0;
    for (std::size_t u = 0; u < base.units(); ++u) {
        const double w = base.demand[u];
        s.children += w;
        const auto d = r.unit_district[u];
        if (d >= 0) {
            s.district_children[static_cast<std::size_t>(d)] += w;
        }
        if (nearest.unit_site[u] >= 0) {
            reached += w;
            s.mean_way += w * nearest.unit_cost[u];
        }
        for (std::size_t t = 0; t < r.thresholds.size(); ++t) {
            if (nearest.unit_cost[u] <= r.thresholds[t]) {
                s.within[t] += w;
                if (d >= 0) {
                    s.district_within[static_cast<std::size_t>(d)][t] += w;
                }
            }
        }
    }
    s.mean_way = reached > 0 ? s.mean_way / reached : 0.0;
    for (double w : s.within) {
        s.share_pct.push_back(s.children > 0 ? 100 * w / s.children : 0.0);
    }
    for (std::size_t d = 0; d < districts; ++d) {
        auto& shares = s.district_share_pct.emplace_back();
        for (double w : s.district_within[d]) {
            shares.push_back(s.district_children[d] > 0
                                 ? std::optional(100 * w / s.district_children[d])
                                 : std::nullopt);
        }
    }
    const auto sites = base.sites();
    s.site_free.assign(sites, no_limit);
    s.site_mean_way.assign(sites, 0.0);
    s.site_max_way.assign(sites, 0.0);
    for (const auto& f : s.flows) {
        s.site_mean_way[f.facility] += f.children * f.cost;
        s.site_max_way[f.facility] = std::max(s.site_max_way[f.facility], f.cost);
    }
    for (std::size_t j = 0; j < sites; ++j) {
        const double n = s.site_children[j];
        s.site_mean_way[j] = n > 0 ? s.site_mean_way[j] / n : 0.0;
        if (std::isfinite(capacity[j])) {
            s.site_free[j] = s.open[j] ? capacity[j] - n : no_limit;
        }
    }
    return s;
}

// Adds to `rows` each unit's nearest of `sites` (indices into all sites) where it lacks it.
void add_nearest(const travel_costs& travel, const siting_report& r,
                 const std::vector<geo::point>& site_points,
                 const std::vector<std::uint32_t>& sites, const std::vector<std::size_t>& units,
                 site_rows& out) {
    if (units.empty() || sites.empty()) {
        return;
    }
    std::vector<geo::point> from;
    for (auto u : units) {
        from.push_back(r.units[u]);
    }
    std::vector<geo::point> to;
    for (auto j : sites) {
        to.push_back(site_points[j]);
    }
    const auto nearest = travel.nearest(from, to, r.metric);
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (nearest.facility[i] < 0 || !std::isfinite(nearest.cost[i])) {
            continue;
        }
        const auto j = sites[static_cast<std::size_t>(nearest.facility[i])];
        auto& row = out.rows[units[i]];
        if (std::none_of(row.begin(), row.end(), [&](const auto& e) { return e.first == j; })) {
            out.fallbacks += 1;
            row.emplace_back(j, nearest.cost[i]);
            out.farthest = std::max(out.farthest, nearest.cost[i]);
        }
    }
}

site_rows cost_rows(const travel_costs& travel, const siting_report& r,
                    const std::vector<geo::point>& site_points, double within) {
    const auto costs = travel.within(r.units, site_points, r.metric, within);
    const auto fixed = [&](std::uint32_t j) { return r.roles[j] != site_role::candidate; };
    site_rows out;
    out.rows.resize(r.units.size());
    out.farthest = within;
    std::vector<std::size_t> without_site;
    std::vector<std::size_t> without_fixed;
    for (std::size_t u = 0; u < r.units.size(); ++u) {
        bool by_fixed = false;
        for (auto i = costs.start[u]; i < costs.start[u + 1]; ++i) {
            out.rows[u].emplace_back(costs.facility[i], costs.cost[i]);
            by_fixed = by_fixed || fixed(costs.facility[i]);
        }
        if (out.rows[u].empty()) {
            without_site.push_back(u);
        }
        if (!by_fixed) {
            without_fixed.push_back(u);
        }
    }
    std::vector<std::uint32_t> all_sites(site_points.size());
    std::iota(all_sites.begin(), all_sites.end(), 0u);
    std::vector<std::uint32_t> fixed_sites;
    std::copy_if(all_sites.begin(), all_sites.end(), std::back_inserter(fixed_sites), fixed);
    add_nearest(travel, r, site_points, all_sites, without_site, out);
    add_nearest(travel, r, site_points, fixed_sites, without_fixed, out);
    return out;
}

// Parameters joined into a cache key; a variadic join cannot drop one as a format string with
// too few placeholders does.
template <class... Parts> std::string key_of(const Parts&... parts) {
    std::string out;
    ((out += fmt::format("{}|", parts)), ...);
    return out;
}

// The choosable sites a plan opens.
std::vector<std::size_t> chosen_sites(const site_problem& p, const std::vector<bool>& open) {
    std::vector<std::size_t> out;
    for (std::size_t j = 0; j < p.sites(); ++j) {
        if (open[j] && p.choosable(j)) {
            out.push_back(j);
        }
    }
    return out;
}

siting_solution_info solution_info(const site_problem& p, siting_objective objective,
                                   std::size_t count, const site_solution& s) {
    siting_solution_info info{objective,    count,     s.objective, s.bound,  s.gap,
                              s.within_gap, s.optimal, s.seconds,   s.method, {}};
    info.chosen = chosen_sites(p, s.open);
    return info;
}

std::string chosen_names(const siting_report& r, const planning_model& model,
                         const std::vector<std::size_t>& chosen) {
    std::string out;
    for (auto j : chosen) {
        if (r.roles[j] == site_role::candidate) {
            out += (out.empty() ? "" : ", ") + model.facilities[r.sites[j]].id.value;
        }
    }
    return out.empty() ? std::string("none") : out;
}

} // namespace

siting_report planner::siting(const siting_request& request,
                              const progress_callback& progress) const {
    const auto kinds = coverage_kinds();
    const auto kind = std::find_if(kinds.begin(), kinds.end(),
                                   [&](const auto& k) { return k.name == request.kind; });
    if (kind == kinds.end()) {
        throw request_error(
            "kind", fmt::format("the kind '{}' is unknown; use kita or grundschule", request.kind));
    }
    const auto variant_index = parse_variant(request.variant);
    if (!variant_index) {
        throw request_error("variant", fmt::format("the variant '{}' is unknown; use low, middle "
                                                   "or high",
                                                   request.variant));
    }
    if (request.p_from > request.p_to || request.p_to > 1000) {
        throw request_error("p", fmt::format("p runs from {} to {}: give 0 to 1000, the first no "
                                             "larger than the last",
                                             request.p_from, request.p_to));
    }
    if (!(request.gap >= 0 && request.gap < 1) || !(request.time_limit_s > 0)) {
        throw request_error("gap", "the gap is a fraction from 0 to under 1 and the time limit "
                                   "more than 0 seconds");
    }
    siting_report r;
    r.kind = kind->name;
    r.ages = kind->ages;
    r.variant = request.variant;
    const double farthest = kind->thresholds.empty() ? 1000 : kind->thresholds.back();
    const auto threshold = request.threshold.value_or(travel_cost{kind->metric, farthest});
    const auto capacity_limit = request.capacity_limit.value_or(
        travel_cost{threshold.metric, 2 * std::max(farthest, threshold.value)});
    if (capacity_limit.metric != threshold.metric) {
        throw request_error("capacity_limit", "the threshold and the capacity limit mix distances "
                                              "and times; use one");
    }
    r.metric = threshold.metric;
    r.threshold = threshold.value;
    r.capacity_limit = capacity_limit.value;
    r.thresholds = kind->metric == r.metric ? kind->thresholds : std::vector<double>{};
    if (std::find(r.thresholds.begin(), r.thresholds.end(), r.threshold) == r.thresholds.end()) {
        r.thresholds.push_back(r.threshold);
        std::sort(r.thresholds.begin(), r.thresholds.end());
    }
    const auto t = open_travel(request.travel, {r.metric}, "the siting threshold", progress);
    r.travel = describe(t);

    // Demand: today's units, scaled to a projected year's children where one is asked for.
    const int latest = latest_population_year(m_model);
    r.projected = request.year && *request.year > latest && latest > 0;
    const int base_year =
        analysis_year(r.projected ? std::optional(latest) : request.year, grid_year(), false);
    r.year = r.projected ? *request.year : base_year;
    const auto units = make_demand_units(m_model, base_year, r.ages, {});
    r.units = units.locations;
    r.unit_district = units.district;
    std::array<std::vector<double>, 3> demand{units.children, units.children, units.children};
    if (r.projected) {
        say(progress, fmt::format("projecting the children of {}", r.year));
        forecast_request f;
        f.horizon = std::max(1, r.year - latest);
        const auto fc = forecast(f).result;
        for (std::size_t v = 0; v < 3; ++v) {
            std::vector<double> projected(m_model.districts.size(), 0.0);
            const auto k = static_cast<std::size_t>(r.year - fc.base_year);
            for (const auto& df : fc.districts) {
                projected[df.district] =
                    sum_ages(fc.population.districts[df.projection].persons[v][k], r.ages);
            }
            demand[v] = projected_demand(units.children, units.district, projected);
        }
        r.notes.push_back(fmt::format("children of {} from the forecast ({} variant), shared over "
                                      "each district's units as today's",
                                      r.year, request.variant));
    }
    r.unit_children = demand[*variant_index];

    add_sites(r, m_model, kind->kind, request.may_close);
    std::vector<geo::point> site_points;
    for (auto f : r.sites) {
        site_points.push_back(m_model.facilities[f].location);
    }
    say(progress,
        fmt::format("travel costs from {} units to {} sites", r.units.size(), r.sites.size()));
    const double reach = std::max(r.capacity_limit, r.threshold);
    const double within = std::max(reach, r.thresholds.back());
    // Every parameter the problem and today's evaluation depend on, each once.
    const auto key = key_of(r.kind, base_year, request.may_close, r.travel.description,
                            static_cast<int>(r.metric), within, r.year, r.projected,
                            request.variant, r.capacity_limit, r.threshold);
    // One problem per variant only where the robust choice compares them (a large instance's
    // rows take hundreds of megabytes); otherwise the variant's problem is kept for the next
    // request with the same parameters (a server's what-ifs).
    const bool robust = request.robust && r.projected;
    const auto make = [&](std::size_t v, site_rows rows) {
        // A child beyond every open site's reach costs more than any chain of reassignments.
        const double unreached = static_cast<double>(r.sites.size() + 1) * rows.farthest;
        detail::cached_problem out{make_site_problem(demand[v], std::move(rows.rows), r.roles,
                                                     r.base_capacity, r.threshold, unreached),
                                   rows.fallbacks};
        out.problem.reach = reach;
        return out;
    };
    std::array<detail::cached_problem, 3> problems;
    std::shared_ptr<const detail::cached_problem> kept;
    if (robust) {
        const auto rows = cost_rows(t.costs, r, site_points, within);
        for (std::size_t v = 0; v < 3; ++v) {
            problems[v] = make(v, rows);
        }
    } else {
        const auto compute = [&] {
            return make(*variant_index, cost_rows(t.costs, r, site_points, within));
        };
        kept = m_siting->keep ? m_siting->problems.get(key, compute)
                              : std::make_shared<const detail::cached_problem>(compute());
    }
    const auto& chosen = robust ? problems[*variant_index] : *kept;
    const auto& problem = chosen.problem;
    if (chosen.fallbacks > 0) {
        r.notes.push_back(fmt::format(
            "{} fallback(s) beyond {}: a unit's nearest site, or nearest existing one, where "
            "none is within it, counts for its way (never for a seat)",
            chosen.fallbacks, to_string(travel_cost{r.metric, reach})));
    }
    r.uncoverable = uncoverable_units(problem);

    // Today and the options.
    const auto districts = m_model.districts.size();
    const auto evaluate_today = [&] {
        const auto today = option_plan(r, m_model, {}, m_settings.forecast.rules);
        detail::evaluated_scenario e;
        e.scenario = evaluate_scenario(r, problem, "today", today.first, today.second, districts,
                                       &e.assignment_arcs);
        return e;
    };
    const auto today = m_siting->keep
                           ? m_siting->today.get(key, evaluate_today)
                           : std::make_shared<const detail::evaluated_scenario>(evaluate_today());
    r.scenarios.push_back(today->scenario);
    // Each option's assignment starts from today's arcs: an option changes a few sites.
    for (const auto& o : request.options) {
        const auto plan = option_plan(r, m_model, o, m_settings.forecast.rules);
        auto arcs = today->assignment_arcs;
        r.scenarios.push_back(
            evaluate_scenario(r, problem, o.name, plan.first, plan.second, districts, &arcs));
    }
    if (!request.objective) {
        return r;
    }

    // The optimum for every p asked, and the trade-off between them.
    const auto objective = *request.objective;
    const solve_limits limits{request.time_limit_s, request.gap};
    const bool one_plan = objective == siting_objective::lscp;
    for (std::size_t p = one_plan ? 0 : request.p_from; p <= (one_plan ? 0 : request.p_to); ++p) {
        say(progress, fmt::format("{} with p = {}", to_string(objective), p));
        const auto s = solve_siting(problem, objective, p, limits);
        siting_tradeoff_row row;
        row.p = p;
        row.solution = solution_info(problem, objective, p, s);
        const auto scenario = evaluate_scenario(r, problem, "", s.open, r.base_capacity, districts);
        row.within = evaluate_plan(problem, s.open, siting_objective::mclp).covered;
        row.total_way = evaluate_plan(problem, s.open, siting_objective::p_median).total_cost;
        row.without_seat = scenario.without_seat;
        r.tradeoff.push_back(row);
    }
    r.solution = r.tradeoff.back().solution;
    const auto chosen_plan = plan_with(problem, r.solution->chosen);
    r.scenarios.push_back(evaluate_scenario(
        r, problem, fmt::format("optimum ({})", chosen_names(r, m_model, r.solution->chosen)),
        chosen_plan, r.base_capacity, districts));

    if (robust) {
        say(progress,
            fmt::format("{} over the low, middle and high variants", to_string(objective)));
        const auto plans =
            robust_plans({&problems[0].problem, &problems[1].problem, &problems[2].problem},
                         objective, request.p_to, limits);
        for (const auto& plan : plans) {
            r.robust.push_back({plan.origin, chosen_sites(problem, plan.open), plan.value,
                                plan.regret, plan.max_regret});
        }
        const auto& best = r.robust.back(); // the least maximum regret
        r.scenarios.push_back(evaluate_scenario(
            r, problem, fmt::format("robust ({})", chosen_names(r, m_model, best.chosen)),
            plan_with(problem, best.chosen), r.base_capacity, districts));
    } else if (request.robust) {
        r.notes.push_back("robust choice needs a projected year (--year after the latest "
                          "population year): there is one demand only");
    }
    return r;
}

} // namespace standort::planning
