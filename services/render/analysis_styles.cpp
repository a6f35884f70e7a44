#include "services/render/analysis_styles.hpp"

#include "services/render/aliases.hpp"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

namespace standort::services {

namespace {

std::string title_of(const std::string& field) {
    return german_alias(field).value_or(field);
}

// The distinct values of a field in the order they first appear, each with the text of
// `label_field` (or the value itself).
std::vector<std::pair<std::string, std::string>> distinct(const geo::feature_layer& layer,
                                                          const std::string& field,
                                                          const std::string& label_field = {}) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto f = layer.field_index(field);
    const auto l = label_field.empty() ? f : layer.field_index(label_field);
    if (!f) {
        return out;
    }
    std::set<std::string> seen;
    std::map<std::string, int> labels; // how often each label occurs
    for (const auto& feature : layer.features) {
        const auto value = geo::to_text(feature.values[*f]);
        if (geo::is_null(feature.values[*f]) || !seen.insert(value).second) {
            continue;
        }
        auto label = l ? geo::to_text(feature.values[*l]) : value;
        out.emplace_back(value, label.empty() ? value : label);
        ++labels[out.back().second];
    }
    // Two schools of the same name: the legend tells them apart by their id.
    for (auto& [value, label] : out) {
        if (labels[label] > 1) {
            label += " (" + value + ")";
        }
    }
    return out;
}

const std::map<std::string, std::string, std::less<>> kind_names{
    {"kita", "Kita"},
    {"grundschule", "Grundschule"},
    {"sek1", "Sekundarstufe I"},
    {"sek2", "Sekundarstufe II"},
    {"candidate", "möglicher Standort"}};

} // namespace

layer_style only_kind(layer_style style, const std::string& field, const std::string& kind) {
    style.only_field = field;
    style.only_value = kind;
    return style;
}

layer_style yearly(layer_style style, const std::string& year_field) {
    style.temporal_year = year_field;
    return style;
}

std::vector<layer_style> district_base_styles(const geo::feature_layer& layer) {
    layer_style s;
    s.name = "Planungsräume";
    s.title = "Planungsräume";
    s.outline_only = true;
    s.single = {80, 80, 80};
    s.label_field = layer.field_index("name") ? "name" : "";
    return {s};
}

std::vector<layer_style> facility_kind_styles(const geo::feature_layer& layer,
                                              const std::string& kind_field) {
    layer_style s;
    s.name = "Einrichtungen nach Art";
    s.title = "Einrichtungen";
    s.field = kind_field;
    auto kinds = distinct(layer, kind_field);
    for (auto& [value, label] : kinds) {
        if (const auto k = kind_names.find(value); k != kind_names.end()) {
            label = k->second;
        }
    }
    s.classes = category_classes(kinds);
    s.label_field = layer.field_index("name") ? "name" : "";
    std::vector<layer_style> out{s};
    for (const auto& [value, label] : kinds) {
        auto one = s;
        one.name = label;
        one.title = label;
        one.classes.clear();
        for (const auto& c : s.classes) {
            if (c.equals == value) {
                one.single = c.fill;
            }
        }
        out.push_back(only_kind(one, kind_field, value));
    }
    return out;
}

std::vector<layer_style> catchment_styles(const geo::feature_layer& layer,
                                          const std::string& id_field) {
    layer_style s;
    s.name = "Einzugsbereiche";
    s.title = "Einzugsbereich";
    s.field = id_field;
    s.classes = category_classes(distinct(layer, id_field, "name"));
    s.label_field = layer.field_index("name") ? "name" : "";
    return {s};
}

namespace {

// One field in classes, "keine Daten" last, named for QGIS's style list (the alias, unless a
// name is given), labelled with the feature's name where asked and the layer has one.
layer_style classed(const geo::feature_layer& layer, const std::string& field,
                    std::vector<style_class> classes, std::string name, bool labelled) {
    layer_style s;
    s.title = title_of(field);
    s.name = name.empty() ? s.title.substr(0, 60) : std::move(name);
    s.field = field;
    s.classes = std::move(classes);
    add_no_data(s.classes);
    s.label_field = labelled && layer.field_index("name") ? "name" : "";
    return s;
}

} // namespace

std::vector<layer_style> target_styles(const geo::feature_layer& layer,
                                       const std::vector<target_field>& fields) {
    std::vector<layer_style> out;
    for (const auto& f : fields) {
        out.push_back(classed(layer, f.field,
                              target_classes(values_of(layer, f.field), f.target, f.unit, f.note),
                              f.name, true));
    }
    return out;
}

std::vector<layer_style>
amount_styles(const geo::feature_layer& layer,
              const std::vector<std::pair<std::string, std::string>>& field_units) {
    std::vector<layer_style> out;
    for (const auto& [field, unit] : field_units) {
        out.push_back(
            classed(layer, field, amount_classes(values_of(layer, field), unit), {}, false));
    }
    return out;
}

std::vector<layer_style>
index_styles(const geo::feature_layer& layer,
             const std::vector<std::pair<std::string, std::string>>& field_names) {
    std::vector<layer_style> out;
    for (const auto& [field, name] : field_names) {
        auto classes = edge_classes({0.5, 0.8, 1, 1.25, 2}, "", true);
        classes[3].label += " (Mittel und mehr)";
        out.push_back(classed(layer, field, std::move(classes), name, true));
    }
    return out;
}

std::vector<layer_style> share_styles(const geo::feature_layer& layer,
                                      const std::vector<std::string>& fields) {
    std::vector<layer_style> out;
    for (const auto& field : fields) {
        out.push_back(classed(layer, field, edge_classes({50, 75, 90}, "%", true), {}, true));
    }
    return out;
}

std::vector<layer_style> limit_styles(const geo::feature_layer& layer, const std::string& field,
                                      const std::string& unit_field) {
    std::vector<double> limits = values_of(layer, field);
    std::sort(limits.begin(), limits.end());
    limits.erase(std::unique(limits.begin(), limits.end()), limits.end());
    std::string unit;
    if (const auto u = layer.field_index(unit_field); u && !layer.features.empty()) {
        unit = geo::to_text(layer.features.front().values[*u]);
    }
    std::vector<std::pair<std::string, std::string>> categories;
    for (double v : limits) {
        categories.emplace_back(fmt::format("{}", v),
                                "bis " + german_number(v) + (unit.empty() ? "" : " " + unit));
    }
    layer_style s;
    s.name = "Einzugsgebiete nach Grenze";
    s.title = "Erreichbar";
    s.field = field;
    s.classes = category_classes(categories);
    // Near is dark and drawn last, on top of the wider areas.
    const std::vector<colour> greens{{0, 109, 44},    {49, 163, 84},   {116, 196, 118},
                                     {161, 217, 155}, {199, 233, 192}, {237, 248, 233}};
    for (std::size_t i = 0; i < s.classes.size(); ++i) {
        s.classes[i].fill = greens[std::min(i, greens.size() - 1)];
    }
    s.order_by = field;
    return {s};
}

std::vector<layer_style> first_year_styles(const geo::feature_layer& layer,
                                           const std::string& field, const std::string& kind,
                                           const std::string& title) {
    std::vector<double> years = values_of(layer, field);
    std::sort(years.begin(), years.end());
    years.erase(std::unique(years.begin(), years.end()), years.end());
    std::vector<std::pair<std::string, std::string>> categories;
    for (double y : years) {
        categories.emplace_back(fmt::format("{}", y), fmt::format("ab {}", y));
    }
    layer_style s;
    s.name = title;
    s.title = title;
    s.field = field;
    s.classes = category_classes(categories);
    const std::vector<colour> reds{
        {165, 0, 38}, {215, 48, 39}, {244, 109, 67}, {253, 174, 97}, {254, 224, 144}};
    for (std::size_t i = 0; i < s.classes.size(); ++i) {
        s.classes[i].fill = reds[std::min(i, reds.size() - 1)];
    }
    add_no_data(s.classes);
    s.classes.back().label = "kein Engpass im Prognosezeitraum";
    s.classes.back().fill = {69, 117, 180};
    s.label_field = layer.field_index("name") ? "name" : "";
    return {kind.empty() ? s : only_kind(s, "kind", kind)};
}

std::vector<layer_style> outcome_styles(const geo::feature_layer& layer) {
    layer_style s;
    s.name = "Standortwahl";
    s.title = "Standortwahl";
    s.field = "outcome";
    s.classes = category_classes({{"chosen", "neuer Standort (gewählt)"},
                                  {"required", "bestehend"},
                                  {"kept", "bestehend, weiter geöffnet"},
                                  {"closed", "geschlossen"},
                                  {"rejected", "möglicher Standort, nicht gewählt"},
                                  {"competitor", "Mitbewerber"}});
    const std::vector<colour> colours{{0, 158, 115}, {60, 60, 60},    {110, 110, 110},
                                      {213, 94, 0},  {190, 190, 190}, {204, 121, 167}};
    for (std::size_t i = 0; i < s.classes.size(); ++i) {
        s.classes[i].fill = colours[i];
    }
    s.label_field = layer.field_index("name") ? "name" : "";
    return {s};
}

} // namespace standort::services
