#include "services/render/export_layers.hpp"

#include "planning/model/population_index.hpp"
#include "services/render/analysis_styles.hpp"
#include "services/render/common.hpp"
#include "services/render/layer_builder.hpp"

#include <cmath>
#include <map>

#include <numeric>

#include <fmt/format.h>

namespace standort::services {

namespace fs = std::filesystem;

namespace {

using geo::value;

value opt(const std::optional<double>& v) {
    return v ? value{*v} : value{};
}

// km² to 4 decimals (100 m²): more digits are noise in a planner's table.
double km2(double m2) {
    return std::round(m2 / 1e6 * 1e4) / 1e4;
}

// The groups planners read first: Krippe (U3, ages 0 to under 3), Kindergarten (Ü3, 3 to
// under 6), Grundschule age (6 to under 10) and all minors. Empty where the stored bands
// cannot answer exactly (a table with 0-6 cannot say how many are under 3).
struct group {
    const char* name;
    planning::age_band band;
};
constexpr group groups[] = {
    {"u3", {0, 3}}, {"ue3", {3, 6}}, {"age_06_10", {6, 10}}, {"under_18", {0, 18}}};

// Persons per year: the total, then the groups, then each stored band of children and youths
// (under 18). A district without figures shows null (unknown), never 0.
void add_population_columns(layer_builder& b, const planning::planning_model& model,
                            const planning::population_index& population) {
    const auto id = [&model](std::size_t d) -> const planning::district_id& {
        return model.districts[d].id;
    };
    const auto* index = &population;
    for (int year : population.years()) {
        b.real(fmt::format("persons_{}", year),
               [=](std::size_t d) { return opt(index->total(id(d), year)); });
        const auto band_column = [&](const std::string& name, planning::age_band band) {
            b.real(name, [=](std::size_t d) { return opt(index->persons(id(d), year, band)); });
        };
        for (const auto& g : groups) {
            band_column(fmt::format("children_{}_{}", year, g.name), g.band);
        }
        for (const auto& band : population.bands(year)) {
            if (band.from < 18) {
                band_column(fmt::format("persons_{}_age_{:02}_{:02}", year, band.from, band.to),
                            band);
            }
        }
    }
}

geo::feature_layer districts_layer(const planning::planning_model& model,
                                   const std::vector<planning::district_capacity>& capacity) {
    const auto& districts = model.districts;
    layer_builder b("districts", model.crs, districts.size());
    b.shape([&](std::size_t d) { return districts[d].area; })
        .text("district_id", [&](std::size_t d) { return districts[d].id.value; })
        .text("name", [&](std::size_t d) { return districts[d].name; })
        .text("parent_id", [&](std::size_t d) {
            return districts[d].parent ? value{districts[d].parent->value} : value{};
        });
    if (!districts.empty()) {
        for (std::size_t l = 0; l < districts.front().levels.size(); ++l) {
            b.text(districts.front().levels[l].first + "_id", [&, l](std::size_t d) {
                return l < districts[d].levels.size() ? value{districts[d].levels[l].second}
                                                      : value{};
            });
        }
    }
    b.real("area_km2", [&](std::size_t d) { return km2(districts[d].area_m2); });
    const planning::population_index population(model.population);
    add_population_columns(b, model, population);
    b.integer("kitas", [&](std::size_t d) { return static_cast<std::int64_t>(capacity[d].kitas); })
        .real("kita_places", [&](std::size_t d) { return opt(capacity[d].kita_places); })
        .integer("grundschulen",
                 [&](std::size_t d) { return static_cast<std::int64_t>(capacity[d].grundschulen); })
        .real("grundschule_seats",
              [&](std::size_t d) { return opt(capacity[d].grundschule_seats); });
    return b.build();
}

geo::feature_layer facilities_layer(const planning::planning_model& model) {
    std::map<std::string, std::string> district_names;
    for (const auto& d : model.districts) {
        district_names[d.id.value] = d.name;
    }
    const auto& fac = model.facilities;
    const auto cap = [&](std::size_t i) -> const planning::capacity& { return fac[i].cap; };
    return layer_builder("facilities", model.crs, fac.size())
        .shape([&](std::size_t i) { return fac[i].location; })
        .text("facility_id", [&](std::size_t i) { return fac[i].id.value; })
        .text("name", [&](std::size_t i) { return fac[i].name; })
        .text("kind", [&](std::size_t i) { return planning::to_string(fac[i].kind); })
        .text("school_type",
              [&](std::size_t i) {
                  return fac[i].school_type.empty() ? value{} : value{fac[i].school_type};
              })
        .real("places", [&](std::size_t i) { return opt(cap(i).places); })
        .real("places_u3", [&](std::size_t i) { return opt(cap(i).places_u3); })
        .real("places_ue3", [&](std::size_t i) { return opt(cap(i).places_ue3); })
        .real("seats", [&](std::size_t i) { return opt(cap(i).seats); })
        .integer("seats_derived",
                 [&](std::size_t i) { return std::int64_t{cap(i).seats_derived ? 1 : 0}; })
        .real("zuege", [&](std::size_t i) { return opt(cap(i).zuege); })
        .real("class_size", [&](std::size_t i) { return opt(cap(i).class_size); })
        .text("district_id",
              [&](std::size_t i) {
                  return fac[i].district ? value{fac[i].district->value} : value{};
              })
        .text("district_name",
              [&](std::size_t i) {
                  return fac[i].district ? value{district_names[fac[i].district->value]} : value{};
              })
        .text("catchment_id",
              [&](std::size_t i) {
                  return fac[i].catchment ? value{fac[i].catchment->value} : value{};
              })
        .text("source", [&](std::size_t i) { return fac[i].source.file; })
        .integer("source_feature", [&](std::size_t i) { return fac[i].source.feature; })
        .build();
}

geo::feature_layer catchments_layer(const planning::planning_model& model,
                                    const std::vector<planning::catchment_schools>& schools) {
    const auto& c = model.catchments;
    return layer_builder("catchments", model.crs, c.size())
        .shape([&](std::size_t i) { return c[i].area; })
        .text("catchment_id", [&](std::size_t i) { return c[i].id.value; })
        .text("name", [&](std::size_t i) { return c[i].name; })
        .text("facility_id",
              [&](std::size_t i) { return c[i].facility ? value{c[i].facility->value} : value{}; })
        .integer("grundschulen_inside",
                 [&](std::size_t i) {
                     return static_cast<std::int64_t>(schools[i].grundschulen.size());
                 })
        .text("grundschule_ids",
              [&](std::size_t i) {
                  std::string list;
                  for (auto s : schools[i].grundschulen) {
                      list += (list.empty() ? "" : ",") + model.facilities[s].id.value;
                  }
                  return list;
              })
        .real("seats_inside", [&](std::size_t i) { return schools[i].seats; })
        .real("area_km2", [&](std::size_t i) { return km2(c[i].area_m2); })
        .build();
}

geo::feature_layer population_table(const planning::planning_model& model) {
    const auto& p = model.population;
    return layer_builder("population", {}, p.size())
        .text("district_id", [&](std::size_t i) { return p[i].district.value; })
        .integer("year", [&](std::size_t i) { return std::int64_t{p[i].year}; })
        .integer("age_from", [&](std::size_t i) { return std::int64_t{p[i].band.from}; })
        .integer("age_to", [&](std::size_t i) { return std::int64_t{p[i].band.to}; })
        .text("age_band", [&](std::size_t i) { return planning::to_string(p[i].band); })
        .real("persons", [&](std::size_t i) { return p[i].persons; })
        .build();
}

geo::feature_layer enrolment_table(const planning::planning_model& model) {
    const auto& e = model.enrolment;
    return layer_builder("enrolment", {}, e.size())
        .text("facility_id", [&](std::size_t i) { return e[i].facility.value; })
        .integer("school_year_start", [&](std::size_t i) { return std::int64_t{e[i].school_year}; })
        .text("school_year",
              [&](std::size_t i) { return planning::school_year_label(e[i].school_year); })
        .text("grade", [&](std::size_t i) { return e[i].grade; })
        .real("pupils", [&](std::size_t i) { return e[i].pupils; })
        .build();
}

} // namespace

std::vector<geo::feature_layer> make_export_layers(const planning::planning_model& model,
                                                   const planning::base_report& base) {
    std::vector<geo::feature_layer> out;
    out.push_back(districts_layer(model, base.districts));
    if (!model.facilities.empty()) {
        out.push_back(facilities_layer(model));
    }
    if (!model.catchments.empty()) {
        out.push_back(catchments_layer(model, base.catchments));
    }
    if (!model.population.empty()) {
        out.push_back(population_table(model));
    }
    if (!model.enrolment.empty()) {
        out.push_back(enrolment_table(model));
    }
    return out;
}

namespace {

// Every export layer added to `files`, styled as QGIS opens it; their ids in order.
std::vector<output_files::layer_id> add_export_layers(output_files& files,
                                                      const opened_project& project) {
    std::vector<output_files::layer_id> ids;
    // The facilities' `source`: the file relative to the project file, as the project names
    // it, so a layer copied elsewhere names no folder of this machine.
    const auto project_dir = fs::absolute(project.file.path).parent_path();
    for (auto& layer : make_export_layers(project.model(), project.planner->base())) {
        if (const auto column = layer.field_index("source"); column && layer.name == "facilities") {
            for (auto& f : layer.features) {
                if (auto* text = std::get_if<std::string>(&f.values[*column]);
                    text && fs::path(*text).is_absolute()) {
                    *text = fs::path(*text).lexically_proximate(project_dir).generic_string();
                }
            }
        }
        const auto id = files.add(std::move(layer));
        const auto& added = files.layer(id);
        if (added.name == "districts") {
            files.style(id, district_base_styles(added));
        } else if (added.name == "facilities") {
            files.style(id, facility_kind_styles(added));
        } else if (added.name == "catchments") {
            files.style(id, catchment_styles(added, "catchment_id"));
        }
        ids.push_back(id);
    }
    return ids;
}

} // namespace

output_files base_layer_files(const opened_project& project) {
    output_files files;
    std::vector<output_files::layer_id> spatial;
    for (const auto id : add_export_layers(files, project)) {
        if (files.layer(id).has_geometry()) {
            spatial.push_back(id);
        }
    }
    files.gpkg("standort.gpkg", spatial);
    return files;
}

// Tables (no geometry) are always written as CSV: GeoJSON has no form for them, and QGIS
// flags a GeoPackage table without CRS.
output_files export_files(const opened_project& project,
                          const std::set<geo::output_format>& formats) {
    output_files files;
    std::vector<output_files::layer_id> spatial;
    for (const auto id : add_export_layers(files, project)) {
        const bool table = !files.layer(id).has_geometry();
        if (formats.contains(geo::output_format::geojson) && !table) {
            files.geojson(id);
        }
        if (table || formats.contains(geo::output_format::csv)) {
            files.csv(id);
        }
        if (!table) {
            spatial.push_back(id);
        }
    }
    if (formats.contains(geo::output_format::gpkg)) {
        files.gpkg("standort.gpkg", spatial);
    }
    if (formats.contains(geo::output_format::xlsx)) {
        std::vector<output_files::layer_id> all(files.layer_count());
        std::iota(all.begin(), all.end(), 0);
        files.xlsx("standort.xlsx", all);
    }
    files.json("validation.json", {{"project", project.file.spec.name},
                                   {"working_crs", project.working_crs},
                                   {"findings", to_json(project.found)}});
    return files;
}

} // namespace standort::services
