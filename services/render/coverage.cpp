#include "services/render/coverage.hpp"

#include "services/render/analysis_styles.hpp"
#include "services/render/common.hpp"
#include "services/render/layer_builder.hpp"
#include "services/render/layer_values.hpp"

#include <fmt/format.h>

namespace standort::services {

namespace {

using geo::value;
using planning::coverage_result;

std::string suffix(const planning::coverage_kind& k, double threshold) {
    return planning::field_suffix({k.metric, threshold});
}

// What a per-unit or mean cost column is called: kita_distance_m, kita_minutes.
std::string cost_field(const planning::coverage_kind& k) {
    return k.metric == planning::cost_metric::time_s ? "minutes" : "distance_m";
}

std::string unit_kind(const coverage_result& r) {
    return r.from_grid ? "grid" : "district point";
}

geo::feature_layer districts_layer(const planning::planning_model& model,
                                   const planning::coverage_report& report) {
    layer_builder b("coverage_districts", model.crs, model.districts.size());
    b.shape([&](std::size_t d) { return model.districts[d].area; })
        .text("district_id", [&](std::size_t d) { return model.districts[d].id.value; })
        .text("name", [&](std::size_t d) { return model.districts[d].name; });
    for (const auto& r : report.kinds) {
        const auto& k = r.kind.name;
        const auto row = [&r](std::size_t d) -> const planning::coverage_district& {
            return r.districts[d];
        };
        b.real(k + "_children", [=](std::size_t d) { return rounded(row(d).children); });
        for (std::size_t t = 0; t < r.kind.thresholds.size(); ++t) {
            const auto s = suffix(r.kind, r.kind.thresholds[t]);
            b.real(k + "_within_" + s, [=](std::size_t d) {
                return row(d).children ? rounded(row(d).within[t]) : value{};
            });
            b.real(k + "_share_" + s, [=](std::size_t d) { return rounded(row(d).share[t], 1); });
        }
        b.real(k + "_mean_" + cost_field(r.kind),
               [=, &r](std::size_t d) { return cost_output(r.kind.metric, row(d).mean_cost); });
        b.text(k + "_demand_units", [&r](std::size_t) { return unit_kind(r); });
    }
    return b.build();
}

// One layer per kind (coverage_gaps_kita, coverage_gaps_grundschule), so a map of Kita gaps
// never shows school gaps; the kind column stays for scripts that merge them.
geo::feature_layer gaps_layer(const planning::planning_model& model, const coverage_result& kind) {
    struct gap_ref {
        const coverage_result* kind;
        const planning::coverage_gap* gap;
    };
    std::vector<gap_ref> gaps;
    for (const auto& g : kind.gaps) {
        gaps.push_back({&kind, &g});
    }
    // The children of a sub band, where the grid can split the ages so; unknown, not 0, else.
    const auto band = [&gaps](std::size_t i, planning::age_band wanted) -> std::optional<double> {
        const auto& [r, g] = gaps[i];
        for (std::size_t s = 0; s < g->children.size(); ++s) {
            if (g->sub_known[s] && r->kind.sub_bands[s] == wanted) {
                return g->children[s];
            }
        }
        return std::nullopt;
    };
    return layer_builder("coverage_gaps_" + kind.kind.name, model.crs, gaps.size())
        .shape([&](std::size_t i) { return gaps[i].gap->area; })
        .text("kind", [&](std::size_t i) { return gaps[i].kind->kind.name; })
        .real("beyond",
              [&](std::size_t i) {
                  const auto& k = gaps[i].kind->kind;
                  return planning::output_value(k.metric, k.thresholds.front());
              })
        .text("beyond_unit",
              [&](std::size_t i) { return planning::output_unit(gaps[i].kind->kind.metric); })
        .integer("cells",
                 [&](std::size_t i) { return static_cast<std::int64_t>(gaps[i].gap->cells); })
        .real("area_ha", [&](std::size_t i) { return rounded(gaps[i].gap->area_ha, 2); })
        .real("children", [&](std::size_t i) { return gaps[i].gap->total; })
        .text("children_bands",
              [&](std::size_t i) {
                  const auto& [r, g] = gaps[i];
                  std::string bands;
                  for (std::size_t s = 0; s < g->children.size(); ++s) {
                      if (g->sub_known[s]) {
                          bands += fmt::format("{}{}: {:.0f}", bands.empty() ? "" : ", ",
                                               planning::to_string(r->kind.sub_bands[s]),
                                               g->children[s]);
                      }
                  }
                  return bands;
              })
        // Per band columns for the Kita (U3/Ü3) are the ones planners map; others in the text.
        .real("children_u3",
              [=](std::size_t i) {
                  return rounded(band(i, {0, 3}));
              })
        .real("children_ue3",
              [=](std::size_t i) {
                  return rounded(band(i, {3, 6}));
              })
        .build();
}

// The units are those of the first kind (grid cells, or one point per district); a kind whose
// units differ (a grid without its ages) leaves its columns empty here. A row per cell of a
// country: the layer is streamed, so its functions hold pointers to the model and the report,
// which outlive the writing, and nothing of this function's own.
layer_builder units_layer(const planning::planning_model& model,
                          const planning::coverage_report& report) {
    if (report.kinds.empty()) {
        return std::move(layer_builder("coverage_units", model.crs, 0)
                             .text("unit_id", {})
                             .text("district_id", {}));
    }
    const auto* m = &model;
    const auto* first = &report.kinds.front();
    const auto district = [m, first](std::size_t u) -> value {
        const auto d = first->unit_district[u];
        return d >= 0 ? value{m->districts[static_cast<std::size_t>(d)].id.value} : value{};
    };
    layer_builder b("coverage_units", model.crs, first->units.size());
    b.shape([first](std::size_t u) { return first->units[u]; })
        .text("unit_id",
              [m, first, district](std::size_t u) {
                  return first->from_grid ? value{m->grid.ids[u]} : district(u);
              })
        .text("district_id", district);
    for (const auto& kind : report.kinds) {
        // Compared once per kind: per unit this comparison made writing quadratic.
        const bool same =
            kind.from_grid == first->from_grid && kind.unit_district == first->unit_district;
        const auto* r = &kind;
        const auto& k = kind.kind.name;
        b.real(k + "_children",
               [r, same](std::size_t u) { return same ? value{r->unit_children[u]} : value{}; });
        b.text(k + "_nearest_id", [r, m, same](std::size_t u) {
            const auto nearest = same ? r->nearest[u] : -1;
            return nearest >= 0 ? value{m->facilities[static_cast<std::size_t>(nearest)].id.value}
                                : value{};
        });
        b.real(k + "_" + cost_field(kind.kind), [r, same](std::size_t u) {
            return same ? cost_output(r->kind.metric, r->cost[u]) : value{};
        });
    }
    return b;
}

geo::feature_layer table_layer(const planning::planning_model& model,
                               const planning::coverage_report& report) {
    struct row_ref {
        const coverage_result* kind;
        std::size_t district;
        std::size_t threshold;
    };
    std::vector<row_ref> rows;
    for (const auto& r : report.kinds) {
        for (std::size_t d = 0; d < model.districts.size(); ++d) {
            for (std::size_t t = 0; t < r.kind.thresholds.size(); ++t) {
                rows.push_back({&r, d, t});
            }
        }
    }
    const auto figures = [&](std::size_t i) -> const planning::coverage_district& {
        return rows[i].kind->districts[rows[i].district];
    };
    return layer_builder("coverage_table", {}, rows.size())
        .text("district_id",
              [&](std::size_t i) { return model.districts[rows[i].district].id.value; })
        .text("name", [&](std::size_t i) { return model.districts[rows[i].district].name; })
        .text("kind", [&](std::size_t i) { return rows[i].kind->kind.name; })
        .text("demand_units", [&](std::size_t i) { return unit_kind(*rows[i].kind); })
        .text("travel", [&](std::size_t i) { return rows[i].kind->travel; })
        .real("children", [&](std::size_t i) { return rounded(figures(i).children); })
        .real("threshold",
              [&](std::size_t i) {
                  const auto& k = rows[i].kind->kind;
                  return planning::output_value(k.metric, k.thresholds[rows[i].threshold]);
              })
        .text("unit",
              [&](std::size_t i) { return planning::output_unit(rows[i].kind->kind.metric); })
        .real("children_within",
              [&](std::size_t i) {
                  return figures(i).children ? rounded(figures(i).within[rows[i].threshold])
                                             : value{};
              })
        .real("share",
              [&](std::size_t i) { return rounded(figures(i).share[rows[i].threshold], 1); })
        .real("mean_cost",
              [&](std::size_t i) {
                  return cost_output(rows[i].kind->kind.metric, figures(i).mean_cost);
              })
        .build();
}

nlohmann::json parameters_json(const planning::coverage_report& report) {
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& r : report.kinds) {
        std::vector<std::string> thresholds;
        for (double t : r.kind.thresholds) {
            thresholds.push_back(planning::to_string(planning::travel_cost{r.kind.metric, t}));
        }
        kinds.push_back(
            {{"kind", r.kind.name},
             {"ages", planning::to_string(r.kind.ages)},
             {"thresholds", thresholds},
             {"measure", to_string(r.kind.metric)},
             {"travel", r.travel},
             {"demand_units", r.from_grid ? "grid cells" : "district points (point on surface)"}});
    }
    nlohmann::json parameters{{"analysis", "coverage"}, {"year", report.year}, {"kinds", kinds}};
    parameters.update(travel_json(report.travel));
    return parameters;
}

// Styles: the share within the first threshold per district, each kind and threshold also
// by name; gaps by children affected.
void add_styles(output_files& files, output_files::layer_id districts,
                const planning::coverage_report& report) {
    std::vector<std::string> shares;
    for (const auto& r : report.kinds) {
        for (double t : r.kind.thresholds) {
            shares.push_back(r.kind.name + "_share_" + suffix(r.kind, t));
        }
    }
    files.style(districts, share_styles(files.layer(districts), shares));
}

} // namespace

output_files coverage_files(const planning::planning_model& model,
                            const planning::coverage_report& r, bool units) {
    output_files files;
    const auto districts = files.add(districts_layer(model, r));
    add_styles(files, districts, r);
    files.geojson(districts);
    std::vector<output_files::layer_id> gpkg{districts};
    for (const auto& kind : r.kinds) {
        const auto gaps = files.add(gaps_layer(model, kind));
        files.style(gaps, amount_styles(files.layer(gaps), {{"children", "Kinder"}}));
        files.geojson(gaps);
        gpkg.push_back(gaps);
    }
    const auto table = files.add(table_layer(model, r));
    if (units) {
        gpkg.push_back(files.add_streamed(units_layer(model, r)));
    }
    files.gpkg("coverage.gpkg", gpkg);
    files.csv(table);
    files.json("coverage_parameters.json", parameters_json(r));
    return files;
}

nlohmann::json coverage_json(const planning::coverage_report& report) {
    nlohmann::json kinds = nlohmann::json::array();
    for (std::size_t k = 0; k < report.kinds.size(); ++k) {
        const auto& r = report.kinds[k];
        const auto& t = report.totals[k];
        nlohmann::json within = nlohmann::json::array();
        for (const auto& w : t.within) {
            within.push_back({{"threshold", planning::output_value(r.kind.metric, w.threshold)},
                              {"unit", planning::output_unit(r.kind.metric)},
                              {"children", w.children},
                              {"share", w.share_pct}});
        }
        kinds.push_back({{"kind", r.kind.name},
                         {"facilities", r.facilities},
                         {"demand_units", r.units.size()},
                         {"from_grid", r.from_grid},
                         {"children", t.children},
                         {"within", within},
                         {"gaps", r.gaps.size()},
                         {"children_in_gaps", t.children_in_gaps}});
    }
    nlohmann::json seconds = nlohmann::json::object();
    for (const auto& p : report.seconds) {
        seconds[p.phase] = p.seconds;
    }
    return {{"year", report.year},
            {"travel", report.travel.description},
            {"kinds", kinds},
            {"seconds", seconds}};
}

void print_coverage(std::ostream& out, const std::string& project,
                    const planning::coverage_report& report) {
    out << fmt::format("Erreichbarkeit {} ({}):\n", project, report.travel.description);
    for (std::size_t k = 0; k < report.kinds.size(); ++k) {
        const auto& r = report.kinds[k];
        const auto& t = report.totals[k];
        const auto unit = planning::output_unit(r.kind.metric);
        out << fmt::format("  {:<12} {} facilities, {:.0f} children in {} {}\n", r.kind.name,
                           r.facilities, t.children, r.units.size(),
                           r.from_grid ? "grid cells" : "district points");
        for (const auto& w : t.within) {
            const auto label =
                fmt::format("{:g} {}", planning::output_value(r.kind.metric, w.threshold), unit);
            out << fmt::format("               within {:>8}: {:>8.0f} ({:.1f} %)\n", label,
                               w.children, w.share_pct);
        }
        out << fmt::format(
            "               {} gap area(s) with {:.0f} children beyond {:g} {}\n", r.gaps.size(),
            t.children_in_gaps,
            t.within.empty() ? 0.0 : planning::output_value(r.kind.metric, t.within[0].threshold),
            t.within.empty() ? "" : unit);
    }
}

} // namespace standort::services
