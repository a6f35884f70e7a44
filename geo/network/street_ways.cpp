#include "geo/network/street_ways.hpp"

#include <array>

namespace standort::geo::network {

namespace {

// OSM keys that decide access, direction or speed, read from columns of the same name.
constexpr std::array<std::string_view, 16> tag_columns = {
    "oneway",        "oneway:bicycle", "maxspeed", "access",   "foot",      "bicycle",
    "motor_vehicle", "motorcar",       "vehicle",  "junction", "motorroad", "area",
    "service",       "cycleway",       "bridge",   "tunnel"};

} // namespace

street_ways ways_from_layer(const feature_layer& layer, const way_fields& fields) {
    street_ways out;
    const std::size_t class_index = layer.require_field(fields.class_field);
    const auto tags_index =
        fields.tags_field.empty() ? std::nullopt : layer.field_index(fields.tags_field);
    std::vector<std::pair<std::string, std::size_t>> columns;
    for (auto key : tag_columns) {
        if (auto i = layer.field_index(key)) {
            columns.emplace_back(std::string(key), *i);
        }
    }
    for (const auto& f : layer.features) {
        const auto* lines = std::get_if<multi_linestring>(&f.shape);
        if (lines == nullptr) {
            if (!is_empty(f.shape)) {
                out.found.push_back(
                    {severity::warning, "not-a-line",
                     error_context{layer.source, layer.name, f.source_fid, {}, fields.class_field},
                     "a street feature that is not a line is left out"});
            }
            continue;
        }
        way_tags tags;
        tags.highway = to_text(f.values[class_index]);
        if (tags.highway.empty()) {
            ++out.without_class;
            continue;
        }
        if (tags_index) {
            tags.tags = parse_hstore(to_text(f.values[*tags_index]));
        }
        for (const auto& [key, i] : columns) {
            std::string v = to_text(f.values[i]);
            if (!v.empty()) {
                tags.tags[key] = std::move(v);
            }
        }
        for (const auto& line : *lines) {
            out.ways.push_back(street_way{line, tags, f.source_fid});
        }
    }
    return out;
}

} // namespace standort::geo::network
