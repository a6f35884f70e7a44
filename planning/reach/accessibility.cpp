#include "planning/reach/accessibility.hpp"

#include "planning/reach/demand_units.hpp"

#include <cmath>

namespace standort::planning {

std::optional<decay> parse_decay(std::string_view name) {
    if (name == "step") {
        return decay::step;
    }
    if (name == "e2sfca") {
        return decay::e2sfca;
    }
    if (name == "gaussian") {
        return decay::gaussian;
    }
    if (name == "gravity") {
        return decay::gravity;
    }
    return std::nullopt;
}

std::string to_string(decay d) {
    switch (d) {
    case decay::step:
        return "step";
    case decay::e2sfca:
        return "e2sfca";
    case decay::gaussian:
        return "gaussian";
    case decay::gravity:
        return "gravity";
    }
    return "step";
}

namespace {

double weight(double d, const access_options& o) {
    if (d > o.catchment) {
        return 0.0;
    }
    switch (o.weighting) {
    case decay::step:
        return 1.0;
    case decay::e2sfca:
        return d <= o.catchment / 3 ? 1.0 : d <= 2 * o.catchment / 3 ? 0.68 : 0.22;
    case decay::gaussian: {
        const double edge = std::exp(-0.5);
        return (std::exp(-0.5 * (d / o.catchment) * (d / o.catchment)) - edge) / (1 - edge);
    }
    case decay::gravity:
        return std::pow(std::max(d, o.gravity_floor), -o.gravity_beta);
    }
    return 0.0;
}

struct pair_weight {
    std::size_t unit;
    std::size_t facility; // index into result.facility
    double w;
};

} // namespace

access_result compute_access(const planning_model& model, int year, const access_options& opts,
                             const travel_costs& costs) {
    access_result out;
    out.options = opts;
    auto units = make_demand_units(model, year, opts.ages, {});
    out.from_grid = units.from_grid;
    out.units = std::move(units.locations);
    out.unit_district = std::move(units.district);
    out.demand = std::move(units.children);
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        const auto& fac = model.facilities[f];
        if (fac.kind != opts.kind) {
            continue;
        }
        // Supply: Kita places, school seats. Without a figure the facility is left out (and
        // counted): its places are unknown, not none.
        const auto places = fac.kind == facility_kind::kita ? fac.cap.places : fac.cap.seats;
        if (!places) {
            ++out.facilities_without_capacity;
            continue;
        }
        out.facility.push_back(f);
        out.supply.push_back(*places);
    }

    // Every unit-facility pair within d0, costed from the demand unit to the facility.
    std::vector<geo::point> facility_points;
    for (const auto f : out.facility) {
        facility_points.push_back(model.facilities[f].location);
    }
    out.travel = costs.describe();
    const cost_matrix reach = costs.within(out.units, facility_points, opts.metric, opts.catchment);
    std::vector<pair_weight> pairs;
    pairs.reserve(reach.entries());
    for (std::size_t u = 0; u < reach.units(); ++u) {
        for (auto i = reach.start[u]; i < reach.start[u + 1]; ++i) {
            const double w = weight(reach.cost[i], opts);
            if (w > 0) {
                pairs.push_back({u, reach.facility[i], w});
            }
        }
    }

    // BFCA: step 1 normalised over the facilities each unit reaches, step 2 over the units
    // each facility reaches.
    std::vector<double> unit_sum(out.units.size(), 0.0);
    std::vector<double> facility_sum(out.facility.size(), 0.0);
    for (const auto& p : pairs) {
        unit_sum[p.unit] += p.w;
        facility_sum[p.facility] += p.w;
    }
    auto step1_weight = [&](const pair_weight& p) {
        return opts.balanced ? p.w / unit_sum[p.unit] : p.w;
    };
    auto step2_weight = [&](const pair_weight& p) {
        return opts.balanced ? p.w / facility_sum[p.facility] : p.w;
    };

    // Step 1: supply to demand ratio of each facility over the demand in its reach.
    std::vector<double> weighted_demand(out.facility.size(), 0.0);
    for (const auto& p : pairs) {
        weighted_demand[p.facility] += out.demand[p.unit] * step1_weight(p);
    }
    out.ratio.assign(out.facility.size(), 0.0);
    for (std::size_t j = 0; j < out.facility.size(); ++j) {
        if (weighted_demand[j] > 0) {
            out.ratio[j] = out.supply[j] / weighted_demand[j];
        }
    }
    // Step 2: each unit sums the ratios of the facilities it reaches.
    out.access.assign(out.units.size(), 0.0);
    for (const auto& p : pairs) {
        out.access[p.unit] += out.ratio[p.facility] * step2_weight(p);
    }
    double total_demand = 0;
    double weighted_access = 0;
    for (std::size_t u = 0; u < out.units.size(); ++u) {
        total_demand += out.demand[u];
        weighted_access += out.demand[u] * out.access[u];
    }
    out.mean_access = total_demand > 0 ? weighted_access / total_demand : 0.0;
    out.access_index.assign(out.units.size(), 0.0);
    if (out.mean_access > 0) {
        for (std::size_t u = 0; u < out.units.size(); ++u) {
            out.access_index[u] = out.access[u] / out.mean_access;
        }
    }
    std::vector<double> demand(model.districts.size(), 0.0);
    std::vector<double> index(model.districts.size(), 0.0);
    for (std::size_t u = 0; u < out.units.size(); ++u) {
        if (out.unit_district[u] >= 0) {
            const auto d = static_cast<std::size_t>(out.unit_district[u]);
            demand[d] += out.demand[u];
            index[d] += out.demand[u] * out.access_index[u];
        }
    }
    out.district_index.assign(model.districts.size(), std::nullopt);
    for (std::size_t d = 0; d < demand.size(); ++d) {
        if (demand[d] > 0 && out.mean_access > 0) {
            out.district_index[d] = index[d] / demand[d];
        }
    }
    return out;
}

} // namespace standort::planning
