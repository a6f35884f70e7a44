#include "services/render/supply_layers.hpp"

#include "services/render/layer_values.hpp"

#include <cmath>

namespace standort::services {

geo::feature_layer supply_layer(const planning::planning_model& model, int year,
                                const std::vector<planning::supply_group>& groups,
                                const std::vector<planning::supply_row>& rows) {
    geo::feature_layer layer;
    layer.name = "supply";
    layer.crs = model.crs;
    layer.fields = {{"district_id", geo::field_type::text},
                    {"name", geo::field_type::text},
                    {"year", geo::field_type::integer}};
    for (const auto& g : groups) {
        for (const char* what : {"children", "places", "quota", "target", "missing"}) {
            layer.fields.push_back({g.name + "_" + what, geo::field_type::real});
        }
    }
    // "keine Daten": what a council map shows where figures are missing, instead of 0.
    layer.fields.push_back({"status", geo::field_type::text});
    const std::size_t per = groups.size();
    for (std::size_t d = 0; d < model.districts.size(); ++d) {
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(d);
        f.shape = model.districts[d].area;
        f.values = {model.districts[d].id.value, model.districts[d].name, std::int64_t{year}};
        bool any_unknown = false;
        for (std::size_t g = 0; g < per; ++g) {
            const auto& r = rows[d * per + g];
            f.values.push_back(rounded(r.children, 0));
            f.values.push_back(rounded(r.places, 0));
            f.values.push_back(rounded(r.quota, 1));
            f.values.push_back(r.target_per_100);
            f.values.push_back(rounded(r.missing, 1));
            any_unknown = any_unknown || !r.children || !r.places; // 0 children is known
        }
        f.values.push_back(std::string(any_unknown ? "keine vollständigen Daten" : "vollständig"));
        layer.features.push_back(std::move(f));
    }
    return layer;
}

geo::feature_layer supply_table(const planning::planning_model& model, int year,
                                const std::vector<planning::supply_row>& rows) {
    geo::feature_layer layer;
    layer.name = "supply_table";
    layer.fields = {{"district_id", geo::field_type::text}, {"name", geo::field_type::text},
                    {"year", geo::field_type::integer},      {"group", geo::field_type::text},
                    {"children", geo::field_type::real},     {"places", geo::field_type::real},
                    {"facilities", geo::field_type::integer}, {"quota", geo::field_type::real},
                    {"target", geo::field_type::real},       {"missing", geo::field_type::real}};
    for (const auto& r : rows) {
        geo::feature f;
        f.source_fid = static_cast<std::int64_t>(layer.features.size());
        const auto& d = model.districts[r.district];
        f.values = {d.id.value,
                    d.name,
                    std::int64_t{year},
                    r.group,
                    rounded(r.children, 0),
                    rounded(r.places, 0),
                    static_cast<std::int64_t>(r.facilities),
                    rounded(r.quota, 1),
                    r.target_per_100,
                    rounded(r.missing, 1)};
        layer.features.push_back(std::move(f));
    }
    return layer;
}

} // namespace standort::services
