#include "services/render/coverage_layers.hpp"

#include "services/render/layer_values.hpp"

#include <cmath>

#include <fmt/format.h>

namespace standort::services {

namespace {

using geo::field_type;
using geo::value;

std::string suffix(const planning::coverage_kind& k, double threshold) {
    return planning::field_suffix({k.metric, threshold});
}

// What a per-unit or mean cost column is called: kita_distance_m, kita_minutes.
std::string cost_field(const planning::coverage_kind& k) {
    return k.metric == planning::cost_metric::time_s ? "minutes" : "distance_m";
}

geo::value cost_value(const planning::coverage_kind& k, const std::optional<double>& cost) {
    return cost_output(k.metric, cost);
}

std::string unit_kind(const planning::coverage_result& r) {
    return r.from_grid ? "grid" : "district point";
}

} // namespace

geo::feature_layer coverage_districts(const planning::planning_model& model,
                                      const std::vector<planning::coverage_result>& results) {
    geo::feature_layer layer;
    layer.name = "coverage_districts";
    layer.crs = model.crs;
    layer.fields = {{"district_id", field_type::text}, {"name", field_type::text}};
    for (const auto& r : results) {
        const auto& k = r.kind.name;
        layer.fields.push_back({k + "_children", field_type::real});
        for (double t : r.kind.thresholds) {
            layer.fields.push_back({k + "_within_" + suffix(r.kind, t), field_type::real});
            layer.fields.push_back({k + "_share_" + suffix(r.kind, t), field_type::real});
        }
        layer.fields.push_back({k + "_mean_" + cost_field(r.kind), field_type::real});
        layer.fields.push_back({k + "_demand_units", field_type::text});
    }
    for (std::size_t d = 0; d < model.districts.size(); ++d) {
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(d);
        f.shape = model.districts[d].area;
        f.values = {model.districts[d].id.value, model.districts[d].name};
        for (const auto& r : results) {
            const auto& row = r.districts[d];
            f.values.push_back(rounded(row.children));
            for (std::size_t t = 0; t < r.kind.thresholds.size(); ++t) {
                f.values.push_back(row.children ? rounded(row.within[t]) : value{});
                f.values.push_back(row.children && *row.children > 0
                                       ? rounded(100.0 * row.within[t] / *row.children, 1)
                                       : value{});
            }
            f.values.push_back(cost_value(r.kind, row.mean_cost));
            f.values.push_back(unit_kind(r));
        }
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::feature_layer coverage_gaps(const planning::planning_model& model,
                                 const std::vector<planning::coverage_result>& results) {
    geo::feature_layer layer;
    layer.name = "coverage_gaps";
    layer.crs = model.crs;
    layer.fields = {{"kind", field_type::text},
                    {"beyond", field_type::real},
                    {"beyond_unit", field_type::text},
                    {"cells", field_type::integer},
                    {"area_ha", field_type::real},
                    {"children", field_type::real},
                    {"children_bands", field_type::text}};
    // Per band columns for the Kita (U3/Ü3) are the ones planners map; others in the text.
    layer.fields.push_back({"children_u3", field_type::real});
    layer.fields.push_back({"children_ue3", field_type::real});
    for (const auto& r : results) {
        for (const auto& g : r.gaps) {
            geo::feature f;
            f.source_fid = static_cast<std::int64_t>(layer.features.size());
            f.shape = g.area;
            const double total = g.total;
            std::string bands;
            std::optional<double> u3;
            std::optional<double> ue3;
            for (std::size_t s = 0; s < g.children.size(); ++s) {
                if (!g.sub_known[s]) {
                    continue; // the grid cannot split the ages this way: unknown, not 0
                }
                const auto& band = r.kind.sub_bands[s];
                bands += fmt::format("{}{}: {:.0f}", bands.empty() ? "" : ", ",
                                     planning::to_string(band), g.children[s]);
                if (band == planning::age_band{0, 3}) {
                    u3 = g.children[s];
                } else if (band == planning::age_band{3, 6}) {
                    ue3 = g.children[s];
                }
            }
            f.values = {r.kind.name,
                        planning::output_value(r.kind.metric, r.kind.thresholds.front()),
                        planning::output_unit(r.kind.metric),
                        static_cast<std::int64_t>(g.cells),
                        std::round(geo::area(f.shape) / 100.0) / 100.0,
                        total,
                        bands,
                        rounded(u3),
                        rounded(ue3)};
            layer.features.push_back(std::move(f));
        }
    }
    return layer;
}

geo::feature_layer coverage_units(const planning::planning_model& model,
                                  const std::vector<planning::coverage_result>& results) {
    geo::feature_layer layer;
    layer.name = "coverage_units";
    layer.crs = model.crs;
    layer.fields = {{"unit_id", field_type::text}, {"district_id", field_type::text}};
    for (const auto& r : results) {
        layer.fields.push_back({r.kind.name + "_children", field_type::real});
        layer.fields.push_back({r.kind.name + "_nearest_id", field_type::text});
        layer.fields.push_back({r.kind.name + "_" + cost_field(r.kind), field_type::real});
    }
    if (results.empty()) {
        return layer;
    }
    // The units are those of the first kind (grid cells, or one point per district); a kind
    // whose units differ (a grid without its ages) leaves its columns empty here.
    const auto& first = results.front();
    for (std::size_t u = 0; u < first.units.size(); ++u) {
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(u);
        f.shape = first.units[u];
        const auto d = first.unit_district[u];
        const value district =
            d >= 0 ? value{model.districts[static_cast<std::size_t>(d)].id.value} : value{};
        f.values = {first.from_grid ? value{model.grid.ids[u]} : district, district};
        for (const auto& r : results) {
            if (r.from_grid != first.from_grid || r.unit_district != first.unit_district) {
                f.values.insert(f.values.end(), {value{}, value{}, value{}});
                continue;
            }
            const auto nearest = r.nearest[u];
            f.values.push_back(r.unit_children[u]);
            f.values.push_back(nearest >= 0
                                   ? value{model.facilities[static_cast<std::size_t>(nearest)].id.value}
                                   : value{});
            f.values.push_back(cost_value(r.kind, r.cost[u]));
        }
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::feature_layer coverage_table(const planning::planning_model& model,
                                  const std::vector<planning::coverage_result>& results) {
    geo::feature_layer layer;
    layer.name = "coverage_table";
    layer.fields = {{"district_id", field_type::text}, {"name", field_type::text},
                    {"kind", field_type::text},        {"demand_units", field_type::text},
                    {"travel", field_type::text},       {"children", field_type::real},
                    {"threshold", field_type::real},    {"unit", field_type::text},
                    {"within", field_type::real},       {"share", field_type::real},
                    {"mean_cost", field_type::real}};
    for (const auto& r : results) {
        for (std::size_t d = 0; d < model.districts.size(); ++d) {
            const auto& row = r.districts[d];
            for (std::size_t t = 0; t < r.kind.thresholds.size(); ++t) {
                geo::feature f;
                f.source_fid = static_cast<std::int64_t>(layer.features.size());
                f.values = {model.districts[d].id.value,
                            model.districts[d].name,
                            r.kind.name,
                            unit_kind(r),
                            r.travel,
                            rounded(row.children),
                            planning::output_value(r.kind.metric, r.kind.thresholds[t]),
                            planning::output_unit(r.kind.metric),
                            row.children ? rounded(row.within[t]) : value{},
                            row.children && *row.children > 0
                                ? rounded(100.0 * row.within[t] / *row.children, 1)
                                : value{},
                            cost_value(r.kind, row.mean_cost)};
                layer.features.push_back(std::move(f));
            }
        }
    }
    return layer;
}

} // namespace standort::services
