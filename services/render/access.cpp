#include "services/render/access.hpp"

#include "services/render/aliases.hpp"
#include "services/render/analysis_styles.hpp"
#include "services/render/common.hpp"
#include "services/render/layer_builder.hpp"
#include "services/render/layer_values.hpp"

#include <fmt/format.h>

namespace standort::services {

namespace {

using geo::value;
using planning::access_result;

geo::feature_layer districts_layer(const planning::planning_model& model,
                                   const planning::access_report& report) {
    layer_builder b("access_districts", model.crs, model.districts.size());
    b.shape([&](std::size_t d) { return model.districts[d].area; })
        .text("district_id", [&](std::size_t d) { return model.districts[d].id.value; })
        .text("name", [&](std::size_t d) { return model.districts[d].name; });
    for (const auto& r : report.kinds) {
        b.real(r.options.name + "_access_index",
               [&r](std::size_t d) { return rounded(r.district_index[d], 3); });
    }
    return b.build();
}

// The rows of every kind after one another: (kind, position within it).
std::vector<std::pair<const access_result*, std::size_t>>
rows_of(const planning::access_report& report, bool facilities) {
    std::vector<std::pair<const access_result*, std::size_t>> rows;
    for (const auto& r : report.kinds) {
        const std::size_t n = facilities ? r.facility.size() : r.units.size();
        for (std::size_t i = 0; i < n; ++i) {
            rows.emplace_back(&r, i);
        }
    }
    return rows;
}

geo::feature_layer facilities_layer(const planning::planning_model& model,
                                    const planning::access_report& report) {
    const auto rows = rows_of(report, true);
    const auto fac = [&](std::size_t i) -> const planning::facility& {
        return model.facilities[rows[i].first->facility[rows[i].second]];
    };
    return layer_builder("access_facilities", model.crs, rows.size())
        .shape([&](std::size_t i) { return fac(i).location; })
        .text("facility_id", [&](std::size_t i) { return fac(i).id.value; })
        .text("name", [&](std::size_t i) { return fac(i).name; })
        .text("kind", [&](std::size_t i) { return rows[i].first->options.name; })
        .real("places", [&](std::size_t i) { return rows[i].first->supply[rows[i].second]; })
        .real("places_per_child_in_reach",
              [&](std::size_t i) { return rounded(rows[i].first->ratio[rows[i].second], 4); })
        .build();
}

geo::feature_layer units_layer(const planning::planning_model& model,
                               const planning::access_report& report) {
    const auto rows = rows_of(report, false);
    return layer_builder("access_units", model.crs, rows.size())
        .shape([&](std::size_t i) { return rows[i].first->units[rows[i].second]; })
        .text("kind", [&](std::size_t i) { return rows[i].first->options.name; })
        .text("district_id",
              [&](std::size_t i) {
                  const auto d = rows[i].first->unit_district[rows[i].second];
                  return d >= 0 ? value{model.districts[static_cast<std::size_t>(d)].id.value}
                                : value{};
              })
        .real("children", [&](std::size_t i) { return rows[i].first->demand[rows[i].second]; })
        .real("places_per_child",
              [&](std::size_t i) { return rounded(rows[i].first->access[rows[i].second], 4); })
        .real(
            "access_index",
            [&](std::size_t i) { return rounded(rows[i].first->access_index[rows[i].second], 3); })
        .build();
}

nlohmann::json parameters_json(const planning::access_report& report) {
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& r : report.kinds) {
        const auto& o = r.options;
        kinds.push_back(
            {{"kind", o.name},
             {"ages", planning::to_string(o.ages)},
             {"catchment", planning::to_string(planning::travel_cost{o.metric, o.catchment})},
             {"decay", planning::to_string(o.weighting)},
             {"balanced", o.balanced},
             {"travel", r.travel},
             {"demand_units", r.from_grid ? "grid cells" : "district points"}});
    }
    nlohmann::json parameters{
        {"analysis", "access (2SFCA family)"}, {"year", report.year}, {"kinds", kinds}};
    parameters.update(travel_json(report.travel));
    return parameters;
}

} // namespace

output_files access_files(const planning::planning_model& model, const planning::access_report& r) {
    output_files files;
    const auto districts = files.add(districts_layer(model, r));
    const auto facilities = files.add(facilities_layer(model, r));
    const auto units = files.add(units_layer(model, r));
    // The index is relative to the mean (1): diverging around it, per kind.
    std::vector<std::pair<std::string, std::string>> index;
    std::vector<layer_style> unit_styles;
    for (const auto& k : r.kinds) {
        const auto field = k.options.name + "_access_index";
        index.emplace_back(field, german_alias(field).value_or(field));
        auto s = index_styles(files.layer(units), {{"access_index", index.back().second}});
        unit_styles.push_back(only_kind(s.front(), "kind", k.options.name));
    }
    files.style(districts, index_styles(files.layer(districts), index));
    files.style(facilities, facility_kind_styles(files.layer(facilities)));
    files.style(units, unit_styles);
    files.geojson(districts);
    files.geojson(facilities);
    files.gpkg("access.gpkg", {districts, facilities, units});
    files.json("access_parameters.json", parameters_json(r));
    return files;
}

nlohmann::json access_json(const planning::access_report& report) {
    nlohmann::json kinds = nlohmann::json::array();
    for (std::size_t k = 0; k < report.kinds.size(); ++k) {
        const auto& r = report.kinds[k];
        kinds.push_back({{"kind", r.options.name},
                         {"facilities_without_capacity", r.facilities_without_capacity},
                         {"mean_places_per_child", r.mean_access},
                         {"children", report.totals[k].children},
                         {"children_without_access", report.totals[k].children_without_access}});
    }
    return {{"year", report.year}, {"travel", report.travel.description}, {"kinds", kinds}};
}

void print_access(std::ostream& out, const std::string& project, const planning::access_report& r) {
    out << fmt::format("Erreichbarkeitsindex {} ({}{}, {}):\n", project,
                       planning::to_string(r.weighting), r.balanced ? ", balanced" : "",
                       r.travel.description);
    for (std::size_t k = 0; k < r.kinds.size(); ++k) {
        const auto& kind = r.kinds[k];
        out << fmt::format("  {:<12} {:.3f} places per child on average, {:.0f} of {:.0f} "
                           "children with no place in reach\n",
                           kind.options.name, kind.mean_access, r.totals[k].children_without_access,
                           r.totals[k].children);
        if (kind.facilities_without_capacity > 0) {
            out << fmt::format("               {} facilities left out: no capacity figure\n",
                               kind.facilities_without_capacity);
        }
    }
}

} // namespace standort::services
