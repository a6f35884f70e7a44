#include "services/render/supply.hpp"

#include "services/render/aliases.hpp"
#include "services/render/analysis_styles.hpp"
#include "services/render/layer_builder.hpp"
#include "services/render/layer_values.hpp"

#include <fmt/format.h>

namespace standort::services {

namespace {

geo::feature_layer supply_layer(const planning::planning_model& model,
                                const planning::supply_report& r) {
    const std::size_t per = r.groups.size();
    const auto row = [&r, per](std::size_t d, std::size_t g) -> const planning::supply_row& {
        return r.rows[d * per + g];
    };
    layer_builder b("supply", model.crs, model.districts.size());
    b.shape([&](std::size_t d) { return model.districts[d].area; })
        .text("district_id", [&](std::size_t d) { return model.districts[d].id.value; })
        .text("name", [&](std::size_t d) { return model.districts[d].name; })
        .integer("year", [&](std::size_t) { return std::int64_t{r.year}; });
    for (std::size_t g = 0; g < per; ++g) {
        const auto& name = r.groups[g].name;
        b.integer(name + "_children", [=](std::size_t d) { return counted(row(d, g).children); })
            .integer(name + "_places", [=](std::size_t d) { return counted(row(d, g).places); })
            .real(name + "_quota", [=](std::size_t d) { return rounded(row(d, g).quota, 1); })
            .real(name + "_target", [=](std::size_t d) { return row(d, g).target_per_100; })
            .real(name + "_missing", [=](std::size_t d) { return rounded(row(d, g).missing, 1); });
    }
    // "keine Daten": what a council map shows where figures are missing, instead of 0.
    b.text("status", [&](std::size_t d) {
        return std::string(r.district_complete[d] ? "vollständig" : "keine vollständigen Daten");
    });
    return b.build();
}

geo::feature_layer supply_table(const planning::planning_model& model,
                                const planning::supply_report& r) {
    const auto district = [&](std::size_t i) -> const planning::district& {
        return model.districts[r.rows[i].district];
    };
    return layer_builder("supply_table", {}, r.rows.size())
        .text("district_id", [&](std::size_t i) { return district(i).id.value; })
        .text("name", [&](std::size_t i) { return district(i).name; })
        .integer("year", [&](std::size_t) { return std::int64_t{r.year}; })
        .text("age_group", [&](std::size_t i) { return r.rows[i].group; })
        .integer("children", [&](std::size_t i) { return counted(r.rows[i].children); })
        .integer("places", [&](std::size_t i) { return counted(r.rows[i].places); })
        .integer("facilities",
                 [&](std::size_t i) { return static_cast<std::int64_t>(r.rows[i].facilities); })
        .real("quota", [&](std::size_t i) { return rounded(r.rows[i].quota, 1); })
        .real("target", [&](std::size_t i) { return r.rows[i].target_per_100; })
        .real("missing", [&](std::size_t i) { return rounded(r.rows[i].missing, 1); })
        .build();
}

// The parameters used, beside the layers, so a map can be traced to its assumptions.
nlohmann::json parameters_json(const planning::supply_report& r) {
    nlohmann::json g = nlohmann::json::array();
    for (const auto& group : r.groups) {
        g.push_back({{"group", group.name},
                     {"kind", planning::to_string(group.kind)},
                     {"ages", planning::to_string(group.ages)},
                     {"target_places_per_100_children", group.target_per_100}});
    }
    return {{"analysis", "supply"}, {"year", r.year}, {"groups", g}};
}

} // namespace

output_files supply_files(const planning::planning_model& model, const planning::supply_report& r) {
    output_files files;
    const auto layer = files.add(supply_layer(model, r));
    // The Versorgungsquote around each group's target; the first group's is the default.
    std::vector<target_field> quotas;
    for (const auto& g : r.groups) {
        auto name = german_alias(g.name + "_quota").value_or(g.name + "_quota");
        name.resize(std::min(name.size(), name.find(" ("))); // "Versorgungsquote U3"
        quotas.push_back({g.name + "_quota", g.target_per_100, name, ""});
    }
    files.style(layer, target_styles(files.layer(layer), quotas));
    const auto table = files.add(supply_table(model, r));
    files.geojson(layer);
    files.gpkg("supply.gpkg", {layer});
    files.csv(table);
    files.json("supply_parameters.json", parameters_json(r));
    return files;
}

nlohmann::json supply_json(const planning::supply_report& r) {
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& t : r.totals) {
        groups.push_back({{"group", t.group},
                          {"children", t.children},
                          {"places", t.places},
                          {"quota", t.quota ? nlohmann::json(*t.quota) : nlohmann::json()},
                          {"target", t.target_per_100},
                          {"missing_in_short_districts", t.missing_in_short_districts},
                          {"short_districts", t.short_districts},
                          {"districts_without_data", t.districts_without_data}});
    }
    return {{"year", r.year}, {"groups", groups}};
}

void print_supply(std::ostream& out, const std::string& project, const planning::supply_report& r) {
    out << fmt::format("Versorgung {} ({}), places per 100 children:\n", project, r.year);
    out << fmt::format("  {:<12} {:>10} {:>9} {:>7} {:>7} {:>9} {:>6} {:>8}\n", "group", "children",
                       "places", "quota", "target", "missing", "short", "no data");
    for (const auto& t : r.totals) {
        out << fmt::format("  {:<12} {:>10.0f} {:>9.0f} {:>7} {:>7.0f} {:>9.0f} {:>6} {:>8}\n",
                           t.group, t.children, t.places,
                           t.quota ? fmt::format("{:.1f}", *t.quota) : std::string("-"),
                           t.target_per_100, t.missing_in_short_districts, t.short_districts,
                           t.districts_without_data);
    }
    out << "  (missing: places lacking in the districts below target; short: those districts)\n";
}

} // namespace standort::services
