#include "services/render/siting.hpp"

#include "services/render/analysis_styles.hpp"
#include "services/render/common.hpp"
#include "services/render/layer_builder.hpp"
#include "services/render/layer_values.hpp"

#include <fmt/format.h>

#include <cmath>

namespace standort::services {

namespace {

using geo::value;
using planning::siting_report;
using planning::siting_scenario;

const siting_scenario& result(const siting_report& r) {
    return r.scenarios.back();
}

value cost(const siting_report& r, double c) {
    return std::isfinite(c) ? cost_output(r.metric, c) : value{};
}

value finite(double v, int decimals) {
    return std::isfinite(v) ? rounded(v, decimals) : value{};
}

value flag(bool b) {
    return std::int64_t{b ? 1 : 0};
}

std::string cost_unit(const siting_report& r) {
    return r.metric == planning::cost_metric::time_s ? "minutes" : "distance_m";
}

std::string threshold_suffix(const siting_report& r, double t) {
    return planning::field_suffix({r.metric, t});
}

geo::feature_layer sites_layer(const planning::planning_model& model, const siting_report& r) {
    const auto& today = r.scenarios.front();
    const auto& after = result(r);
    const auto fac = [&](std::size_t j) -> const planning::facility& {
        return model.facilities[r.sites[j]];
    };
    return layer_builder("siting_sites", model.crs, r.sites.size())
        .shape([&](std::size_t j) { return fac(j).location; })
        .text("facility_id", [&](std::size_t j) { return fac(j).id.value; })
        .text("name", [&](std::size_t j) { return fac(j).name; })
        .text("role", [&](std::size_t j) { return planning::to_string(r.roles[j]); })
        .integer("open_today", [&](std::size_t j) { return flag(today.open[j]); })
        .integer("open_result", [&](std::size_t j) { return flag(after.open[j]); })
        .text("change",
              [&](std::size_t j) {
                  return std::string(today.open[j] == after.open[j] ? ""
                                     : after.open[j]                ? "new"
                                                                    : "closed");
              })
        // What the map shows: the choice, in one field.
        .text("outcome",
              [&](std::size_t j) {
                  const auto role = r.roles[j];
                  if (today.open[j] != after.open[j]) {
                      return std::string(after.open[j] ? "chosen" : "closed");
                  }
                  if (role == planning::site_role::candidate) {
                      return std::string(after.open[j] ? "chosen" : "rejected");
                  }
                  return std::string(role == planning::site_role::competitor ? "competitor"
                                     : role == planning::site_role::required ? "required"
                                                                             : "kept");
              })
        .real("capacity", [&](std::size_t j) { return finite(after.capacity[j], 0); })
        .real("children_today", [&](std::size_t j) { return rounded(today.site_children[j], 1); })
        .real("children_result", [&](std::size_t j) { return rounded(after.site_children[j], 1); })
        .real("free_result", [&](std::size_t j) { return finite(after.site_free[j], 1); })
        .real("mean_" + cost_unit(r) + "_result",
              [&](std::size_t j) {
                  return after.site_children[j] > 0 ? cost(r, after.site_mean_way[j]) : value{};
              })
        .real("max_" + cost_unit(r) + "_result",
              [&](std::size_t j) {
                  return after.site_children[j] > 0 ? cost(r, after.site_max_way[j]) : value{};
              })
        .build();
}

geo::feature_layer allocation_layer(const planning::planning_model& model, const siting_report& r) {
    const auto& flows = result(r).flows;
    return layer_builder("siting_allocation", model.crs, flows.size())
        .shape([&](std::size_t i) {
            geo::multi_linestring line;
            line.push_back(
                {r.units[flows[i].unit], model.facilities[r.sites[flows[i].facility]].location});
            return line;
        })
        .text("facility_id",
              [&](std::size_t i) { return model.facilities[r.sites[flows[i].facility]].id.value; })
        .real("children", [&](std::size_t i) { return rounded(flows[i].children, 2); })
        .real(cost_unit(r), [&](std::size_t i) { return cost(r, flows[i].cost); })
        .build();
}

geo::feature_layer units_layer(const planning::planning_model& model, const siting_report& r) {
    const auto& today = r.scenarios.front();
    const auto& after = result(r);
    const auto site_id = [&](std::int64_t j) {
        return j >= 0 ? value{model.facilities[r.sites[static_cast<std::size_t>(j)]].id.value}
                      : value{};
    };
    return layer_builder("siting_units", model.crs, r.units.size())
        .shape([&](std::size_t u) { return r.units[u]; })
        .text("district_id",
              [&](std::size_t u) {
                  const auto d = r.unit_district[u];
                  return d >= 0 ? value{model.districts[static_cast<std::size_t>(d)].id.value}
                                : value{};
              })
        .real("children", [&](std::size_t u) { return rounded(r.unit_children[u], 2); })
        .text("nearest_today", [&](std::size_t u) { return site_id(today.unit_site[u]); })
        .real(cost_unit(r) + "_today", [&](std::size_t u) { return cost(r, today.unit_cost[u]); })
        .text("nearest_result", [&](std::size_t u) { return site_id(after.unit_site[u]); })
        .real(cost_unit(r) + "_result", [&](std::size_t u) { return cost(r, after.unit_cost[u]); })
        .text("assigned_result", [&](std::size_t u) { return site_id(after.unit_assigned[u]); })
        .build();
}

geo::feature_layer districts_layer(const planning::planning_model& model, const siting_report& r) {
    const auto& today = r.scenarios.front();
    const auto& after = result(r);
    layer_builder b("siting_districts", model.crs, model.districts.size());
    b.shape([&](std::size_t d) { return model.districts[d].area; })
        .text("district_id", [&](std::size_t d) { return model.districts[d].id.value; })
        .text("name", [&](std::size_t d) { return model.districts[d].name; })
        .real("children", [&](std::size_t d) { return rounded(after.district_children[d], 1); });
    for (std::size_t t = 0; t < r.thresholds.size(); ++t) {
        const auto s = threshold_suffix(r, r.thresholds[t]);
        b.real("share_" + s + "_today",
               [&, t](std::size_t d) { return rounded(today.district_share_pct[d][t], 1); });
        b.real("share_" + s + "_result",
               [&, t](std::size_t d) { return rounded(after.district_share_pct[d][t], 1); });
    }
    return b.build();
}

std::string open_sites(const planning::planning_model& model, const siting_report& r,
                       const siting_scenario& s) {
    std::string out;
    for (std::size_t j = 0; j < r.sites.size(); ++j) {
        if (s.open[j] && r.roles[j] != planning::site_role::competitor) {
            out += (out.empty() ? "" : ",") + model.facilities[r.sites[j]].id.value;
        }
    }
    return out;
}

geo::feature_layer comparison_table(const planning::planning_model& model, const siting_report& r) {
    const auto& s = r.scenarios;
    layer_builder b("siting_comparison", {}, s.size());
    b.text("scenario", [&](std::size_t i) { return s[i].name; })
        .text("open_sites", [&](std::size_t i) { return open_sites(model, r, s[i]); })
        .real("children", [&](std::size_t i) { return rounded(s[i].children, 1); });
    for (std::size_t t = 0; t < r.thresholds.size(); ++t) {
        const auto suffix = threshold_suffix(r, r.thresholds[t]);
        b.real("within_" + suffix, [&, t](std::size_t i) { return rounded(s[i].within[t], 1); });
        b.real("share_" + suffix, [&, t](std::size_t i) { return rounded(s[i].share_pct[t], 1); });
    }
    b.real("mean_" + cost_unit(r), [&](std::size_t i) { return cost(r, s[i].mean_way); })
        .real("max_" + cost_unit(r), [&](std::size_t i) { return cost(r, s[i].max_way); })
        .real("unreached", [&](std::size_t i) { return rounded(s[i].unreached, 1); })
        .real("without_seat", [&](std::size_t i) { return rounded(s[i].without_seat, 1); });
    return b.build();
}

// "GS00001,K2": the facility ids of sites, comma-separated.
std::string site_names(const planning::planning_model& model, const siting_report& r,
                       const std::vector<std::size_t>& chosen) {
    std::string out;
    for (auto j : chosen) {
        out += (out.empty() ? "" : ",") + model.facilities[r.sites[j]].id.value;
    }
    return out;
}

// The robust candidates as the planner reads them.
std::string robust_plan_name(const std::string& plan) {
    if (plan == "optimum low") {
        return "Optimum der Variante niedrig";
    }
    if (plan == "optimum middle") {
        return "Optimum der Variante mittel";
    }
    if (plan == "optimum high") {
        return "Optimum der Variante hoch";
    }
    if (plan == "optimum of the mean") {
        return "Optimum des Mittels";
    }
    return plan == "least maximum regret" ? "kleinstes größtes Bedauern" : plan;
}

// Each robust candidate plan in each variant of the demand: the table a council paper shows.
geo::feature_layer robust_table(const planning::planning_model& model, const siting_report& r) {
    const auto& rows = r.robust;
    layer_builder b("siting_robust", {}, rows.size());
    b.text("plan", [&](std::size_t i) { return rows[i].plan; }).text("chosen", [&](std::size_t i) {
        return site_names(model, r, rows[i].chosen);
    });
    static constexpr std::array<const char*, 3> variants{"low", "middle", "high"};
    for (std::size_t v = 0; v < variants.size(); ++v) {
        b.real(fmt::format("value_{}", variants[v]),
               [&, v](std::size_t i) { return rounded(rows[i].value[v], 2); });
    }
    for (std::size_t v = 0; v < variants.size(); ++v) {
        b.real(fmt::format("regret_{}", variants[v]),
               [&, v](std::size_t i) { return rounded(rows[i].regret[v], 2); });
    }
    return b.real("max_regret", [&](std::size_t i) { return rounded(rows[i].max_regret, 2); })
        .build();
}

geo::feature_layer tradeoff_table(const planning::planning_model& model, const siting_report& r) {
    const auto& rows = r.tradeoff;
    return layer_builder("siting_tradeoff", {}, rows.size())
        .integer("p", [&](std::size_t i) { return static_cast<std::int64_t>(rows[i].p); })
        .real("objective", [&](std::size_t i) { return rounded(rows[i].solution.value, 2); })
        .real("bound", [&](std::size_t i) { return rounded(rows[i].solution.bound, 2); })
        .real("gap_pct",
              [&](std::size_t i) {
                  const auto& g = rows[i].solution.gap;
                  return g ? rounded(100 * *g, 3) : value{};
              })
        .integer("within_gap", [&](std::size_t i) { return flag(rows[i].solution.within_gap); })
        .integer("optimal", [&](std::size_t i) { return flag(rows[i].solution.optimal); })
        .real("children_within", [&](std::size_t i) { return rounded(rows[i].within, 1); })
        .real("total_way", [&](std::size_t i) { return rounded(rows[i].total_way, 0); })
        .real("without_seat", [&](std::size_t i) { return rounded(rows[i].without_seat, 1); })
        .text("chosen",
              [&](std::size_t i) { return site_names(model, r, rows[i].solution.chosen); })
        .real("seconds", [&](std::size_t i) { return rounded(rows[i].solution.seconds, 3); })
        .build();
}

nlohmann::json solution_json(const planning::siting_solution_info& s) {
    return {{"objective", to_string(s.objective)},
            {"p", s.p},
            {"value", s.value},
            {"bound", s.bound ? nlohmann::json(*s.bound) : nlohmann::json()},
            {"gap", s.gap ? nlohmann::json(*s.gap) : nlohmann::json()},
            {"within_target_gap", s.within_gap},
            {"proven_optimal", s.optimal},
            {"seconds", s.seconds},
            {"method", s.method}};
}

nlohmann::json parameters_json(const planning::planning_model& model, const siting_report& r) {
    std::vector<std::string> thresholds;
    for (double t : r.thresholds) {
        thresholds.push_back(planning::to_string(planning::travel_cost{r.metric, t}));
    }
    nlohmann::json j{
        {"analysis", "siting"},
        {"kind", r.kind},
        {"ages", planning::to_string(r.ages)},
        {"year", r.year},
        {"demand", r.projected ? "projected: the forecast's children of the year, shared over each "
                                 "district's units as today's"
                               : "today's children of the demand units"},
        {"variant", r.variant},
        {"thresholds", thresholds},
        {"threshold", planning::to_string(planning::travel_cost{r.metric, r.threshold})},
        {"capacity_limit", planning::to_string(planning::travel_cost{r.metric, r.capacity_limit})},
        {"capacity_assignment", "minimum-cost flow (LEMON network simplex) within the capacity "
                                "limit: as many children placed as the seats allow, then the "
                                "least total way"},
        {"notes", r.notes}};
    j.update(travel_json(r.travel));
    if (r.solution) {
        j["solution"] = solution_json(*r.solution);
    }
    nlohmann::json robust = nlohmann::json::array();
    for (const auto& row : r.robust) {
        robust.push_back({{"plan", row.plan},
                          {"chosen", site_names(model, r, row.chosen)},
                          {"value_low_middle_high", row.value},
                          {"regret_low_middle_high", row.regret},
                          {"max_regret", row.max_regret}});
    }
    if (!robust.empty()) {
        j["robust"] = robust;
    }
    nlohmann::json uncoverable = nlohmann::json::array();
    for (auto u : r.uncoverable) {
        const auto d = r.unit_district[u];
        uncoverable.push_back(
            {{"district", d >= 0 ? model.districts[static_cast<std::size_t>(d)].id.value : ""},
             {"children", r.unit_children[u]},
             {"x", r.units[u].x()},
             {"y", r.units[u].y()}});
    }
    j["uncoverable_units"] = uncoverable;
    return j;
}

} // namespace

output_files siting_files(const planning::planning_model& model, const planning::siting_report& r,
                          bool per_unit) {
    output_files files;
    const auto sites = files.add(sites_layer(model, r));
    std::vector<output_files::layer_id> in_gpkg{sites};
    if (per_unit) {
        in_gpkg.push_back(files.add(allocation_layer(model, r)));
        in_gpkg.push_back(files.add(units_layer(model, r)));
    }
    const auto districts = files.add(districts_layer(model, r));
    in_gpkg.push_back(districts);
    files.style(sites, outcome_styles(files.layer(sites)));
    std::vector<std::string> shares;
    for (const auto& f : files.layer(districts).fields) {
        if (f.name.starts_with("share_")) {
            shares.push_back(f.name);
        }
    }
    std::stable_partition(shares.begin(), shares.end(),
                          [](const std::string& s) { return s.ends_with("_result"); });
    files.style(districts, share_styles(files.layer(districts), shares));
    files.geojson(sites);
    files.geojson(districts);
    files.gpkg("siting.gpkg", in_gpkg);
    files.csv(files.add(comparison_table(model, r)));
    if (!r.tradeoff.empty()) {
        files.csv(files.add(tradeoff_table(model, r)));
    }
    if (!r.robust.empty()) {
        files.csv(files.add(robust_table(model, r)));
    }
    files.json("siting_parameters.json", parameters_json(model, r));
    return files;
}

nlohmann::json siting_json(const planning::planning_model& model,
                           const planning::siting_report& r) {
    nlohmann::json scenarios = nlohmann::json::array();
    for (const auto& s : r.scenarios) {
        scenarios.push_back({{"name", s.name},
                             {"open_sites", open_sites(model, r, s)},
                             {"children", s.children},
                             {"within", s.within},
                             {"share_pct", s.share_pct},
                             {"mean_way", planning::output_value(r.metric, s.mean_way)},
                             {"max_way", planning::output_value(r.metric, s.max_way)},
                             {"unreached", s.unreached},
                             {"without_seat", s.without_seat}});
    }
    nlohmann::json j{{"kind", r.kind},           {"year", r.year},
                     {"projected", r.projected}, {"unit", planning::output_unit(r.metric)},
                     {"scenarios", scenarios},   {"uncoverable_units", r.uncoverable.size()}};
    if (r.solution) {
        j["solution"] = solution_json(*r.solution);
    }
    nlohmann::json tradeoff = nlohmann::json::array();
    for (const auto& row : r.tradeoff) {
        tradeoff.push_back({{"p", row.p},
                            {"value", row.solution.value},
                            {"within", row.within},
                            {"total_way", row.total_way},
                            {"without_seat", row.without_seat}});
    }
    j["tradeoff"] = tradeoff;
    return j;
}

void print_siting(std::ostream& out, const planning::planning_model& model,
                  const planning::siting_report& r) {
    const auto unit = planning::output_unit(r.metric);
    out << fmt::format("Standortwahl {}: {} (Alter {}){}{}; {}\n", model.name,
                       r.kind == "kita" ? "Kita" : "Grundschule", planning::to_string(r.ages),
                       r.year > 0 ? fmt::format(", {}", r.year) : std::string(),
                       r.projected ? fmt::format(" (Prognose, Variante {})", r.variant) : "",
                       r.travel.description);
    std::string header = fmt::format("  {:<34} {:>8}", "", "Kinder");
    for (double t : r.thresholds) {
        header += fmt::format(" {:>10}",
                              fmt::format("≤ {:g} {}", planning::output_value(r.metric, t), unit));
    }
    out << header << fmt::format(" {:>9} {:>9} {:>11}\n", "Ø Weg", "max. Weg", "ohne Platz");
    for (const auto& s : r.scenarios) {
        std::string line =
            fmt::format("  {:<34} {:>8.0f}", s.name == "today" ? "heute" : s.name, s.children);
        for (double share : s.share_pct) {
            line += fmt::format(" {:>8.1f} %", share);
        }
        out << line
            << fmt::format(" {:>7.0f} {} {:>7.0f} {} {:>11.0f}\n",
                           planning::output_value(r.metric, s.mean_way), unit,
                           planning::output_value(r.metric, s.max_way), unit, s.without_seat);
    }
    if (r.solution) {
        const auto& s = *r.solution;
        out << fmt::format("  Ziel {} mit p = {}: {:.6g}", to_string(s.objective), s.p, s.value);
        if (s.bound && s.gap) {
            out << fmt::format(", Schranke {:.6g}, Lücke {:.3f} %{}", *s.bound, 100 * *s.gap,
                               s.optimal      ? " (optimal, bewiesen)"
                               : s.within_gap ? " (innerhalb der Ziellücke, bewiesen)"
                                              : "");
        }
        out << fmt::format("; {:.2f} s, {}\n", s.seconds, s.method);
    }
    if (r.tradeoff.size() > 1) {
        out << "  p   Kinder im Radius   Weg gesamt   ohne Platz   Standorte\n";
        for (const auto& row : r.tradeoff) {
            std::string chosen;
            for (auto j : row.solution.chosen) {
                chosen += (chosen.empty() ? "" : ",") + model.facilities[r.sites[j]].id.value;
            }
            out << fmt::format("  {:<3} {:>16.0f} {:>12.0f} {:>12.0f}   {}\n", row.p, row.within,
                               row.total_way, row.without_seat, chosen);
        }
    }
    if (!r.robust.empty()) {
        out << "  Robuste Wahl über die Varianten     niedrig      mittel        hoch   größtes "
               "Bedauern   Standorte\n";
    }
    for (const auto& row : r.robust) {
        out << fmt::format("  {:<32} {:>11.6g} {:>11.6g} {:>11.6g} {:>18.6g}   {}\n",
                           robust_plan_name(row.plan), row.value[0], row.value[1], row.value[2],
                           row.max_regret, site_names(model, r, row.chosen));
    }
    if (!r.uncoverable.empty()) {
        out << fmt::format("  {} Einheiten erreicht kein Standort innerhalb von {}\n",
                           r.uncoverable.size(),
                           planning::to_string(planning::travel_cost{r.metric, r.threshold}));
    }
    for (const auto& n : r.notes) {
        out << "  Hinweis: " << n << "\n";
    }
}

} // namespace standort::services
