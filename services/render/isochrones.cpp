#include "services/render/isochrones.hpp"

#include "services/render/analysis_styles.hpp"
#include "services/render/common.hpp"
#include "services/render/layer_builder.hpp"
#include "services/render/layer_values.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <numeric>

namespace standort::services {

namespace {

std::vector<std::string> limit_texts(const planning::isochrones_report& r) {
    std::vector<std::string> out;
    for (double l : r.options.limits) {
        out.push_back(planning::to_string(planning::travel_cost{r.options.metric, l}));
    }
    return out;
}

geo::feature_layer isochrones_layer(const planning::planning_model& model,
                                    const planning::isochrones_report& r) {
    const auto& areas = r.result.areas;
    // Far limits first, so a map draws the near areas on top.
    std::vector<std::size_t> order(areas.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return areas[a].limit > areas[b].limit; });
    const auto area = [&](std::size_t i) -> const planning::isochrone& { return areas[order[i]]; };
    const auto fac = [&](std::size_t i) -> const planning::facility& {
        return model.facilities[area(i).facility];
    };
    const auto metric = r.options.metric;
    return layer_builder("isochrones", model.crs, areas.size())
        .shape([&](std::size_t i) { return area(i).area; })
        .text("facility_id", [&](std::size_t i) { return fac(i).id.value; })
        .text("name", [&](std::size_t i) { return fac(i).name; })
        .text("kind", [&](std::size_t) { return r.kind; })
        .real("travel_limit",
              [&](std::size_t i) { return planning::output_value(metric, area(i).limit); })
        .text("unit", [&](std::size_t) { return planning::output_unit(metric); })
        .text("label",
              [&](std::size_t i) {
                  return fmt::format(
                      "{}: {}", fac(i).name,
                      planning::to_string(planning::travel_cost{metric, area(i).limit}));
              })
        .real("children", [&](std::size_t i) { return rounded(area(i).children, 1); })
        .integer("places", [&](std::size_t i) { return counted(area(i).places); })
        .real("places_per_100_children",
              [&](std::size_t i) { return rounded(area(i).places_per_100, 1); })
        .real("area_ha", [&](std::size_t i) { return rounded(area(i).area_ha, 2); })
        .real("street_leg_m", [&](std::size_t i) { return rounded(area(i).street_leg_m, 0); })
        .build();
}

nlohmann::json parameters_json(const planning::isochrones_report& r) {
    nlohmann::json parameters{
        {"analysis", "isochrones"},
        {"kind", r.kind},
        {"ages", planning::to_string(r.options.ages)},
        {"year", r.year},
        {"limits", limit_texts(r)},
        {"direction", "from the homes to the facility"},
        {"area", fmt::format("reached streets buffered by {:g} m", r.options.buffer_m)},
        {"children",
         r.result.from_grid ? "grid cells whose centre lies inside" : "district points inside"},
        {"notes", r.result.notes}};
    parameters.update(travel_json(r.travel));
    return parameters;
}

} // namespace

output_files isochrones_files(const planning::planning_model& model,
                              const planning::isochrones_report& r) {
    output_files files;
    const auto layer = files.add(isochrones_layer(model, r));
    files.style(layer, limit_styles(files.layer(layer), "travel_limit", "unit"));
    files.geojson(layer);
    files.gpkg("isochrones.gpkg", {layer});
    files.csv(layer, "isochrones_table.csv");
    files.json("isochrones_parameters.json", parameters_json(r));
    return files;
}

nlohmann::json isochrones_json(const planning::isochrones_report& r) {
    return {
        {"kind", r.kind},           {"travel", r.travel.description}, {"facilities", r.facilities},
        {"limits", limit_texts(r)}, {"areas", r.result.areas.size()}, {"notes", r.result.notes}};
}

void print_isochrones(std::ostream& out, const planning::isochrones_report& r) {
    out << fmt::format("Einzugsgebiete ({}) {}: {} facilities, limits {}\n", r.travel.description,
                       r.kind, r.facilities, fmt::join(limit_texts(r), ", "));
    for (const auto& n : r.result.notes) {
        out << "  Hinweis: " << n << "\n";
    }
}

} // namespace standort::services
