#include "services/render/catchments.hpp"

#include "services/render/analysis_styles.hpp"
#include "services/render/common.hpp"
#include "services/render/layer_builder.hpp"
#include "services/render/layer_values.hpp"

#include <fmt/format.h>

namespace standort::services {

namespace {

using geo::value;

std::string cost_name(const planning::catchments_report& r) {
    return r.options.metric == planning::cost_metric::time_s ? "minutes" : "distance_m";
}

std::string limit_text(const planning::catchments_report& r) {
    return planning::to_string(planning::travel_cost{r.options.metric, r.analysis.capacity->limit});
}

geo::feature_layer nearest_layer(const planning::planning_model& model,
                                 const planning::catchments_report& r) {
    const auto& rows = r.analysis.nearest;
    const auto fac = [&](std::size_t i) -> const planning::facility& {
        return model.facilities[rows[i].facility];
    };
    return layer_builder("catchments_nearest", model.crs, rows.size())
        .shape([&](std::size_t i) { return rows[i].area; })
        .text("facility_id", [&](std::size_t i) { return fac(i).id.value; })
        .text("name", [&](std::size_t i) { return fac(i).name; })
        .integer("cells", [&](std::size_t i) { return static_cast<std::int64_t>(rows[i].cells); })
        .real("children", [&](std::size_t i) { return rows[i].children; })
        .integer("seats", [&](std::size_t i) { return counted(rows[i].seats); })
        .real("seats_per_100", [&](std::size_t i) { return rounded(rows[i].seats_per_100, 1); })
        .real("mean_" + cost_name(r),
              [&](std::size_t i) { return cost_output(r.options.metric, rows[i].mean_cost); })
        .build();
}

geo::feature_layer capacity_layer(const planning::planning_model& model,
                                  const planning::catchments_report& r) {
    const auto& rows = r.analysis.capacity->schools;
    const auto fac = [&](std::size_t i) -> const planning::facility& {
        return model.facilities[rows[i].facility];
    };
    return layer_builder("catchments_capacity", model.crs, rows.size())
        .shape([&](std::size_t i) { return rows[i].area; })
        .text("facility_id", [&](std::size_t i) { return fac(i).id.value; })
        .text("name", [&](std::size_t i) { return fac(i).name; })
        .real("seats", [&](std::size_t i) { return rows[i].seats; })
        .real("children", [&](std::size_t i) { return rounded(rows[i].children, 1); })
        .real("utilisation", [&](std::size_t i) { return rounded(rows[i].utilisation, 1); })
        .real("mean_" + cost_name(r),
              [&](std::size_t i) {
                  return rows[i].children > 0 ? cost_output(r.options.metric, rows[i].mean_cost)
                                              : value{};
              })
        .build();
}

geo::feature_layer unassigned_layer(const planning::planning_model& model,
                                    const planning::catchments_report& r) {
    const auto& cap = *r.analysis.capacity;
    return layer_builder("catchments_unassigned", model.crs, cap.children_unassigned > 0 ? 1 : 0)
        .shape([&](std::size_t) { return cap.unassigned_area; })
        .real("children", [&](std::size_t) { return rounded(cap.children_unassigned, 1); })
        .text("beyond", [&](std::size_t) { return limit_text(r); })
        .build();
}

geo::feature_layer official_layer(const planning::planning_model& model,
                                  const planning::catchments_report& r) {
    const auto& rows = r.analysis.official;
    const auto area = [&](std::size_t i) -> const planning::catchment& {
        return model.catchments[rows[i].catchment];
    };
    return layer_builder("catchments_official", model.crs, rows.size())
        .shape([&](std::size_t i) { return area(i).area; })
        .text("catchment_id", [&](std::size_t i) { return area(i).id.value; })
        .text("name", [&](std::size_t i) { return area(i).name; })
        .text("schools",
              [&](std::size_t i) {
                  std::string schools;
                  for (auto f : rows[i].schools) {
                      schools += (schools.empty() ? "" : ",") + model.facilities[f].id.value;
                  }
                  return schools;
              })
        .real("children", [&](std::size_t i) { return rows[i].children; })
        .integer("seats", [&](std::size_t i) { return counted(rows[i].seats); })
        .real("seats_per_100", [&](std::size_t i) { return rounded(rows[i].seats_per_100, 1); })
        .real("children_nearer_elsewhere",
              [&](std::size_t i) { return rows[i].children_nearer_elsewhere; })
        .real("share_nearer_elsewhere",
              [&](std::size_t i) { return rounded(rows[i].share_nearer_elsewhere, 1); })
        .build();
}

geo::feature_layer cells_layer(const planning::planning_model& model,
                               const planning::catchments_report& r) {
    const auto& a = r.analysis;
    std::vector<std::string> assigned(a.units.size());
    if (a.capacity) {
        for (const auto& fl : a.capacity->flows) {
            auto& text = assigned[fl.unit];
            text += fmt::format("{}{}: {:g}", text.empty() ? "" : ", ",
                                model.facilities[fl.facility].id.value, fl.children);
        }
    }
    layer_builder b("catchments_cells", model.crs, a.units.size());
    b.shape([&](std::size_t u) { return a.units[u]; })
        .real("children", [&](std::size_t u) { return a.unit_children[u]; })
        .text("nearest_id",
              [&](std::size_t u) {
                  const auto near = a.unit_nearest[u];
                  return near >= 0
                             ? value{model.facilities[static_cast<std::size_t>(near)].id.value}
                             : value{};
              })
        .real("nearest_" + cost_name(r),
              [&](std::size_t u) { return cost_output(r.options.metric, a.unit_cost[u]); });
    if (a.capacity) {
        b.text("assigned", [&](std::size_t u) {
             return assigned[u];
         }).real("unassigned", [&](std::size_t u) { return a.capacity->unit_unassigned[u]; });
    }
    return b.build();
}

geo::feature_layer table_layer(const planning::planning_model& model,
                               const planning::catchments_report& r) {
    const auto& rows = r.schools;
    const auto fac = [&](std::size_t i) -> const planning::facility& {
        return model.facilities[rows[i].facility];
    };
    const auto metric = r.options.metric;
    layer_builder b("catchments_table", {}, rows.size());
    b.text("facility_id", [&](std::size_t i) { return fac(i).id.value; })
        .text("name", [&](std::size_t i) { return fac(i).name; })
        .integer("seats", [&](std::size_t i) { return counted(rows[i].seats); })
        .real("nearest_children", [&](std::size_t i) { return rows[i].nearest_children; })
        .real("nearest_mean_" + cost_name(r),
              [&](std::size_t i) { return cost_output(metric, rows[i].nearest_mean_cost); });
    if (r.analysis.capacity) {
        b.real("assigned_children",
               [&](std::size_t i) { return rounded(rows[i].assigned_children, 1); })
            .real("utilisation", [&](std::size_t i) { return rounded(rows[i].utilisation, 1); })
            .real("assigned_mean_" + cost_name(r),
                  [&](std::size_t i) { return cost_output(metric, rows[i].assigned_mean_cost); });
    }
    return b.build();
}

nlohmann::json parameters_json(const planning::catchments_report& r) {
    nlohmann::json parameters{{"analysis", "catchments"},
                              {"ages", planning::to_string(r.options.ages)},
                              {"measure", to_string(r.options.metric)},
                              {"demand_units", "grid cells"},
                              {"official_school", "the school the catchment names, else the "
                                                  "Grundschulen inside it"}};
    if (const auto& cap = r.analysis.capacity) {
        parameters["capacity"] = {
            {"limit", limit_text(r)},
            {"method", "minimum-cost flow (LEMON network simplex): as many children placed as the "
                       "seats allow, then the least total travel"},
            {"schools_without_seats", cap->schools_without_seats}};
    }
    parameters.update(travel_json(r.travel));
    return parameters;
}

} // namespace

output_files catchments_files(const planning::planning_model& model,
                              const planning::catchments_report& r) {
    output_files files;
    const auto nearest = files.add(nearest_layer(model, r));
    files.style(nearest, catchment_styles(files.layer(nearest), "facility_id"));
    files.geojson(nearest);
    std::vector<output_files::layer_id> gpkg{nearest};
    if (r.analysis.capacity) {
        gpkg.push_back(files.add(capacity_layer(model, r)));
        files.style(gpkg.back(), catchment_styles(files.layer(gpkg.back()), "facility_id"));
        files.geojson(gpkg.back());
        gpkg.push_back(files.add(unassigned_layer(model, r)));
        files.style(gpkg.back(), amount_styles(files.layer(gpkg.back()), {{"children", "Kinder"}}));
        files.geojson(gpkg.back());
    }
    if (!r.analysis.official.empty()) {
        gpkg.push_back(files.add(official_layer(model, r)));
        auto styles = catchment_styles(files.layer(gpkg.back()), "catchment_id");
        auto nearer = amount_styles(files.layer(gpkg.back()), {{"share_nearer_elsewhere", "%"}});
        styles.insert(styles.end(), nearer.begin(), nearer.end());
        files.style(gpkg.back(), styles);
        files.geojson(gpkg.back());
    }
    gpkg.push_back(files.add(cells_layer(model, r)));
    files.csv(files.add(table_layer(model, r)));
    files.gpkg("catchments.gpkg", gpkg);
    files.json("catchments_parameters.json", parameters_json(r));
    return files;
}

nlohmann::json catchments_json(const planning::catchments_report& r) {
    const auto& a = r.analysis;
    nlohmann::json j{{"ages", planning::to_string(r.options.ages)},
                     {"travel", a.travel},
                     {"children", r.children},
                     {"children_unreached", a.children_unreached},
                     {"nearest_catchments", a.nearest.size()},
                     {"official_catchments", a.official.size()},
                     {"children_in_official", r.children_in_official},
                     {"children_nearer_elsewhere", r.children_nearer_elsewhere},
                     {"children_outside_official", a.children_outside_official}};
    if (a.capacity) {
        j["capacity"] = {{"children_assigned", *r.children_assigned},
                         {"children_unassigned", a.capacity->children_unassigned},
                         {"schools_without_seats", a.capacity->schools_without_seats},
                         {"total_cost", a.capacity->total_cost}};
    }
    return j;
}

void print_catchments(std::ostream& out, const std::string& project,
                      const planning::catchments_report& r) {
    const auto& a = r.analysis;
    out << fmt::format("Schuleinzugsbereiche {} (ages {}, {}):\n", project,
                       planning::to_string(r.options.ages), a.travel);
    out << fmt::format("  {} nearest-school catchments, {:.0f} children", a.nearest.size(),
                       r.children);
    if (a.children_unreached > 0) {
        out << fmt::format(", {:.0f} of them reach no school on the network", a.children_unreached);
    }
    out << "\n";
    if (a.capacity) {
        out << fmt::format("  capacity-constrained within {}: {:.0f} children placed, {:.0f} "
                           "without a seat in reach{}\n",
                           limit_text(r), *r.children_assigned, a.capacity->children_unassigned,
                           a.capacity->schools_without_seats > 0
                               ? fmt::format(" ({} schools without a seat figure left out)",
                                             a.capacity->schools_without_seats)
                               : std::string{});
    }
    if (!a.official.empty()) {
        out << fmt::format("  {} official catchments: {:.0f} children, {:.0f} ({:.1f} %) with "
                           "another school nearer, {:.0f} outside every catchment\n",
                           a.official.size(), r.children_in_official, r.children_nearer_elsewhere,
                           r.share_nearer_elsewhere_pct, a.children_outside_official);
    }
}

} // namespace standort::services
