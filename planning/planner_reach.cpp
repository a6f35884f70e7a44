// The planner's entries for supply and the distance-based analyses.

#include "geo/error.hpp"
#include "planning/detail/parallel.hpp"
#include "planning/detail/planner_travel.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace standort::planning {

using detail::phase_clock;
using detail::say;

namespace {

std::vector<supply_total> supply_totals(const std::vector<supply_group>& groups,
                                        const std::vector<supply_row>& rows,
                                        std::size_t districts) {
    std::vector<supply_total> out;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        supply_total t;
        t.group = groups[g].name;
        t.target_per_100 = groups[g].target_per_100;
        for (std::size_t d = 0; d < districts; ++d) {
            const auto& r = rows[d * groups.size() + g];
            if (!r.children || !r.places) {
                ++t.districts_without_data;
                continue;
            }
            t.children += *r.children;
            t.places += *r.places;
            if (*r.missing > 0) {
                t.missing_in_short_districts += *r.missing;
                ++t.short_districts;
            }
        }
        if (t.children > 0) {
            t.quota = 100 * t.places / t.children;
        }
        out.push_back(t);
    }
    return out;
}

coverage_total coverage_totals(const coverage_result& r) {
    coverage_total t;
    std::vector<double> within(r.kind.thresholds.size(), 0.0);
    for (const auto& d : r.districts) {
        if (d.children) {
            t.children += *d.children;
            for (std::size_t i = 0; i < within.size(); ++i) {
                within[i] += d.within[i];
            }
        }
    }
    for (const auto& g : r.gaps) {
        for (double n : g.children) {
            t.children_in_gaps += n;
        }
    }
    for (std::size_t i = 0; i < within.size(); ++i) {
        t.within.push_back(
            {r.kind.thresholds[i], within[i], t.children > 0 ? 100 * within[i] / t.children : 0.0});
    }
    return t;
}

access_total access_totals(const access_result& r) {
    access_total t;
    for (std::size_t u = 0; u < r.units.size(); ++u) {
        t.children += r.demand[u];
        t.children_without_access += r.access[u] == 0 ? r.demand[u] : 0.0;
    }
    return t;
}

std::vector<school_catchment_row> school_rows(const planning_model& model,
                                              const catchment_analysis& a) {
    std::vector<school_catchment_row> out;
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        if (model.facilities[f].kind == facility_kind::grundschule) {
            school_catchment_row row;
            row.facility = f;
            row.seats = model.facilities[f].cap.seats;
            out.push_back(row);
        }
    }
    std::vector<school_catchment_row*> by_facility(model.facilities.size(), nullptr);
    for (auto& row : out) {
        by_facility[row.facility] = &row;
    }
    for (const auto& c : a.nearest) {
        if (auto* row = by_facility[c.facility]) {
            row->nearest_children = c.children;
            row->nearest_mean_cost = c.mean_cost;
        }
    }
    if (a.capacity) {
        for (const auto& c : a.capacity->schools) {
            if (auto* row = by_facility[c.facility]) {
                row->in_capacity = true;
                row->assigned_children = c.children;
                row->utilisation = c.utilisation;
                if (c.children > 0) {
                    row->assigned_mean_cost = c.mean_cost;
                }
            }
        }
    }
    return out;
}

const coverage_kind* find_kind(const std::vector<coverage_kind>& kinds, facility_kind kind) {
    const auto it =
        std::find_if(kinds.begin(), kinds.end(), [&](const auto& k) { return k.kind == kind; });
    return it == kinds.end() ? nullptr : &*it;
}

} // namespace

supply_report planner::supply(const supply_request& request) const {
    supply_report out;
    out.year = analysis_year(request.year, m_settings.supply_year, true);
    out.groups = supply_groups();
    out.rows = compute_supply(m_model, out.year, out.groups);
    const std::size_t per = out.groups.size();
    for (std::size_t d = 0; d < m_model.districts.size(); ++d) {
        bool complete = true;
        for (std::size_t g = 0; g < per; ++g) {
            const auto& r = out.rows[d * per + g];
            complete = complete && r.children && r.places; // 0 children is known
        }
        out.district_complete.push_back(complete);
    }
    out.totals = supply_totals(out.groups, out.rows, m_model.districts.size());
    return out;
}

coverage_report planner::coverage(const coverage_request& request,
                                  const progress_callback& progress) const {
    phase_clock clock;
    coverage_report out;
    out.year = analysis_year(request.year, grid_year(), false);
    const auto kinds = coverage_kinds();
    std::vector<cost_metric> metrics;
    for (const auto& k : kinds) {
        metrics.push_back(k.metric);
    }
    const auto t = open_travel(request.travel, metrics, "the coverage thresholds", progress);
    out.travel = describe(t);
    out.seconds.push_back({"network", clock.lap()});
    // Kinds are independent (each reads the model and the costs only): one per core, kept in
    // the order of the kinds however they ran.
    std::string names;
    for (const auto& kind : kinds) {
        names += (names.empty() ? "" : ", ") + kind.name;
    }
    say(progress, "nearest " + names);
    out.kinds.resize(kinds.size());
    detail::for_each_part(kinds.size(), kinds.size(), [&](std::size_t k, std::size_t, std::size_t) {
        out.kinds[k] = compute_coverage(m_model, out.year, kinds[k], t.costs);
    });
    for (const auto& kind : out.kinds) {
        out.totals.push_back(coverage_totals(kind));
    }
    out.seconds.push_back({"compute", clock.lap()});
    return out;
}

access_report planner::access(const access_request& request,
                              const progress_callback& progress) const {
    access_report out;
    out.year = analysis_year(request.year, grid_year(), false);
    out.weighting = request.weighting;
    out.balanced = request.balanced;
    // Catchments d0 planners start from: a short walk for Kitas, the Schulweg for schools.
    const auto kita_d0 =
        request.kita_catchment.value_or(travel_cost{cost_metric::distance_m, 1000});
    const auto school_d0 =
        request.school_catchment.value_or(travel_cost{cost_metric::distance_m, 2000});
    const auto t = open_travel(request.travel, {kita_d0.metric, school_d0.metric},
                               "the access catchments", progress);
    out.travel = describe(t);
    // The kinds and their ages follow the coverage settings of the project file.
    for (const auto& kind : coverage_kinds()) {
        access_options o;
        o.name = kind.name;
        o.kind = kind.kind;
        o.ages = kind.ages;
        o.weighting = request.weighting;
        o.balanced = request.balanced;
        const auto d0 = kind.kind == facility_kind::kita ? kita_d0 : school_d0;
        o.metric = d0.metric;
        o.catchment = d0.value;
        // Gravity weights: a cost below 100 m or 1 minute counts as that, not as nearly 0.
        o.gravity_floor = d0.metric == cost_metric::time_s ? 60.0 : 100.0;
        say(progress, "accessibility of every " + kind.name);
        out.kinds.push_back(compute_access(m_model, out.year, o, t.costs));
        out.totals.push_back(access_totals(out.kinds.back()));
    }
    return out;
}

catchments_report planner::catchments(const catchments_request& request,
                                      const progress_callback& progress) const {
    catchments_report out;
    auto& o = out.options;
    std::optional<travel_cost> limit;
    const auto kinds = coverage_kinds();
    if (const auto* k = find_kind(kinds, facility_kind::grundschule)) {
        o.ages = k->ages;
        o.metric = k->metric;
        // Twice the farthest Schulweg threshold: a child may be sent past the nearest school,
        // not across the municipality.
        if (!k->thresholds.empty()) {
            limit = travel_cost{k->metric, 2 * k->thresholds.back()};
        }
    }
    if (request.capacity_limit) {
        limit = request.capacity_limit;
        o.metric = limit->metric;
    }
    if (request.capacity) {
        if (!limit) {
            throw request_error("capacity_limit", "capacity catchments need a capacity limit: "
                                                  "the farthest a child may be sent");
        }
        o.capacity_limit = limit->value;
    }
    const auto t = open_travel(request.travel, {o.metric}, "the catchment limits", progress);
    out.travel = describe(t);
    say(progress,
        request.capacity ? "nearest schools and the capacity assignment" : "nearest schools");
    out.analysis = analyse_catchments(m_model, o, t.costs);
    const auto& a = out.analysis;
    out.schools = school_rows(m_model, a);
    for (double n : a.unit_children) {
        out.children += n;
    }
    for (const auto& row : a.official) {
        out.children_in_official += row.children;
        out.children_nearer_elsewhere += row.children_nearer_elsewhere;
    }
    if (out.children_in_official > 0) {
        out.share_nearer_elsewhere_pct =
            100 * out.children_nearer_elsewhere / out.children_in_official;
    }
    if (a.capacity) {
        out.children_assigned = out.children - a.capacity->children_unassigned;
    }
    return out;
}

isochrones_report planner::isochrones(const isochrones_request& request,
                                      const progress_callback& progress) const {
    if (!(request.buffer_m > 0 && request.buffer_m <= 1000)) {
        throw request_error("buffer", fmt::format("the buffer must be more than 0 and at most "
                                                  "1000 m, not {}",
                                                  request.buffer_m));
    }
    if (request.travel.choice == travel_choice::straight) {
        throw request_error("travel", "isochrones follow the street network; straight lines have "
                                      "none");
    }
    isochrones_report out;
    out.year = analysis_year(request.year, grid_year(), false);
    const auto kinds = coverage_kinds();
    const auto kind = std::find_if(kinds.begin(), kinds.end(),
                                   [&](const auto& k) { return k.name == request.kind; });
    if (kind == kinds.end()) {
        throw request_error(
            "kind", fmt::format("the kind '{}' is unknown; use kita or grundschule", request.kind));
    }
    out.kind = kind->name;
    auto& o = out.options;
    o.kind = kind->kind;
    o.ages = kind->ages;
    o.buffer_m = request.buffer_m;
    if (request.limits.empty()) {
        o.metric = kind->metric;
        o.limits = kind->thresholds;
    } else {
        o.metric = request.limits.front().metric;
        for (const auto& l : request.limits) {
            if (l.metric != o.metric) {
                throw request_error("limits", "the limits mix distances and times; use one");
            }
            o.limits.push_back(l.value);
        }
        std::sort(o.limits.begin(), o.limits.end());
        if (std::adjacent_find(o.limits.begin(), o.limits.end()) != o.limits.end()) {
            throw request_error("limits", "a limit is given twice; give each once");
        }
        // Each limit is a full search and union per facility, and a map tells no more bands
        // apart: without a cap, 1,000 limits would run for hours.
        if (o.limits.size() > max_thresholds) {
            throw request_error("limits", fmt::format("{} limits asked for; at most {}",
                                                      o.limits.size(), max_thresholds));
        }
    }
    travel_request on_streets = request.travel;
    on_streets.choice = travel_choice::network;
    const auto t = open_travel(on_streets, {o.metric}, "the isochrone limits", progress);
    out.travel = describe(t);
    say(progress, "service areas of every " + out.kind);
    out.result = compute_isochrones(m_model, out.year, *t.network, o);
    out.facilities = o.limits.empty() ? 0 : out.result.areas.size() / o.limits.size();
    return out;
}

} // namespace standort::planning
