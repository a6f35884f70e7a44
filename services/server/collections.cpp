#include "services/server/collections.hpp"

#include "geo/error.hpp"
#include "geo/read_layer.hpp"
#include "geo/transform.hpp"
#include "services/render/aliases.hpp"
#include "services/server/geojson.hpp"

#include <boost/geometry/algorithms/for_each.hpp>

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

namespace standort::services::server {

namespace fs = std::filesystem;

namespace {

// A style name as a URL path segment: "Versorgungsquote Ü3" -> "versorgungsquote_ue3".
std::string url_id(const std::string& name) {
    std::string out;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        const std::pair<const char*, const char*> umlauts[] = {
            {"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "ae"},
            {"Ö", "oe"}, {"Ü", "ue"}, {"ß", "ss"}};
        bool replaced = false;
        for (const auto& [from, to] : umlauts) {
            if (name.compare(i, 2, from) == 0) {
                out += to;
                ++i;
                replaced = true;
                break;
            }
        }
        if (replaced) {
            continue;
        }
        if (std::isalnum(c) != 0 && c < 128) {
            out += static_cast<char>(std::tolower(c));
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_') {
        out.pop_back();
    }
    return out.empty() ? "stil" : out;
}

// Unique within one collection: a second "Versorgungsquote" becomes "versorgungsquote_2".
void give_ids(std::vector<served_style>& styles) {
    for (std::size_t i = 0; i < styles.size(); ++i) {
        std::string id = url_id(styles[i].name);
        std::string candidate = id;
        for (int n = 2; std::any_of(styles.begin(), styles.begin() + static_cast<long>(i),
                                    [&](const served_style& s) { return s.id == candidate; });
             ++n) {
            candidate = id + "_" + std::to_string(n);
        }
        styles[i].id = candidate;
    }
}

// Lon/lat to 7 decimals (about 1 cm), as the responses write them: a bbox drawn around the
// coordinates a client received then holds those features exactly.
void round_coordinates(geo::geometry& g) {
    std::visit(
        [](auto& shape) {
            if constexpr (!std::is_same_v<std::decay_t<decltype(shape)>, std::monostate>) {
                boost::geometry::for_each_point(shape, [](geo::point& p) {
                    p.x(std::round(p.x() * 1e7) / 1e7);
                    p.y(std::round(p.y() * 1e7) / 1e7);
                });
            }
        },
        g);
}

bool spatial(const geo::feature_layer& layer) {
    if (layer.declared_geometry) {
        return *layer.declared_geometry != geo::geometry_type::none;
    }
    return layer.has_geometry();
}

geo::feature_layer read_table(const std::string& source, const std::string& layer) {
    geo::read_options o;
    o.source = source;
    o.layer = layer;
    return geo::read_layer(o).layer;
}

std::vector<served_style> stored_in(const std::string& gpkg, const std::string& layer_name) {
    std::vector<served_style> styles;
    const auto table = read_table(gpkg, "layer_styles");
    const auto of = table.field_index("f_table_name");
    const auto name = table.field_index("styleName");
    const auto qml = table.field_index("styleQML");
    const auto sld = table.field_index("styleSLD");
    const auto is_default = table.field_index("useAsDefault");
    if (!of || !name || !qml || !sld) {
        return styles;
    }
    for (const auto& row : table.features) {
        if (geo::to_text(row.values[*of]) != layer_name) {
            continue;
        }
        served_style s{"", geo::to_text(row.values[*name]), geo::to_text(row.values[*qml]),
                       geo::to_text(row.values[*sld]), std::nullopt};
        const bool first = is_default && geo::to_text(row.values[*is_default]) == "1";
        styles.insert(first ? styles.begin() : styles.end(), std::move(s));
    }
    return styles;
}

} // namespace

void collection_set::add_files(const output_files& files, const std::string& group,
                               bool with_units) {
    for (std::size_t id = 0; id < files.layer_count(); ++id) {
        const auto& layer = files.layer(id);
        const bool per_unit = layer.name.ends_with("_units") || layer.name.ends_with("_cells");
        if (!spatial(layer) || layer.crs.empty() || m_index.count(layer.name) != 0 ||
            (per_unit && !with_units)) {
            continue;
        }
        std::vector<served_style> styles;
        for (const auto& style : files.styles_of(id)) {
            styles.push_back({"", style.name, to_qml(style, layer), to_sld(style, layer), style});
        }
        add(layer, std::move(styles), group);
    }
}

void collection_set::add_folder(const fs::path& dir) {
    std::vector<fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".gpkg") {
            files.push_back(entry.path());
        }
    }
    if (ec) {
        throw input_error("cannot read the folder: " + ec.message(),
                          error_context{dir.string(), {}, std::nullopt, {}, {}});
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        throw input_error("the folder holds no GeoPackage (.gpkg) of an analysis",
                          error_context{dir.string(), {}, std::nullopt, {}, {}});
    }
    for (const auto& file : files) {
        const auto names = geo::layer_names(file.string());
        const bool has_styles =
            std::find(names.begin(), names.end(), "layer_styles") != names.end();
        for (const auto& name : names) {
            if (name == "layer_styles" || m_index.count(name) != 0) {
                continue;
            }
            auto layer = read_table(file.string(), name);
            if (!spatial(layer) || layer.crs.empty()) {
                continue;
            }
            auto styles = has_styles ? stored_in(file.string(), name) : std::vector<served_style>{};
            add(std::move(layer), std::move(styles), group_of_file(file.filename().string()));
        }
    }
}

void collection_set::add(geo::feature_layer layer, std::vector<served_style> styles,
                         const std::string& group) {
    collection c;
    // A name from a user's GeoPackage may hold anything; the id goes into URLs and pages.
    c.id = layer.name;
    for (auto& ch : c.id) {
        const auto u = static_cast<unsigned char>(ch);
        if (!(std::isalnum(u) != 0 && u < 128) && ch != '_' && ch != '-' && ch != '.') {
            ch = '_';
        }
    }
    while (m_index.count(c.id) != 0) {
        c.id += "_";
    }
    c.title = layer_title(layer.name);
    c.group = group;
    c.storage_crs = layer.crs;
    give_ids(styles);
    c.styles = std::move(styles);
    for (const auto& field : layer.fields) {
        c.aliases[field.name] = german_alias(field.name).value_or(field.name);
    }
    const geo::transformer to_lonlat(layer.crs, "EPSG:4326");
    c.extent = geo::box({1, 1}, {-1, -1});
    c.lonlat.reserve(layer.features.size());
    c.boxes.reserve(layer.features.size());
    for (const auto& f : layer.features) {
        auto g = f.shape;
        to_lonlat.apply(g);
        round_coordinates(g);
        c.boxes.push_back(geo::envelope(g));
        geo::expand(c.extent, c.boxes.back());
        c.lonlat.push_back(std::move(g));
    }
    c.layer = std::move(layer);
    c.geojson.reserve(c.lonlat.size());
    for (std::size_t i = 0; i < c.lonlat.size(); ++i) {
        const nlohmann::json f{{"type", "Feature"},
                               {"id", i + 1},
                               {"geometry", geometry_json(c.lonlat[i], 7)},
                               {"properties", properties_json(c.layer, c.layer.features[i])}};
        c.geojson.push_back(f.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
    m_index.emplace(c.id, m_collections.size());
    m_collections.push_back(std::move(c));
}

const collection* collection_set::find(const std::string& id) const {
    const auto at = m_index.find(id);
    return at == m_index.end() ? nullptr : &m_collections[at->second];
}

std::string kind_title(const std::string& kind) {
    if (kind == "kita") {
        return "Kita";
    }
    if (kind == "grundschule") {
        return "Grundschule";
    }
    return kind;
}

std::string layer_title(const std::string& name) {
    static const std::map<std::string, std::string> titles{
        {"districts", "Planungsräume"},
        {"facilities", "Einrichtungen"},
        {"catchments", "Schulbezirke"},
        {"supply", "Versorgungsquote je Planungsraum"},
        {"coverage_districts", "Erreichbarkeit je Planungsraum"},
        {"coverage_units", "Erreichbarkeit je Rasterzelle"},
        {"access_districts", "Erreichbarkeitsindex je Planungsraum"},
        {"access_facilities", "Erreichbarkeitsindex: Einrichtungen"},
        {"access_units", "Erreichbarkeitsindex je Rasterzelle"},
        {"catchments_official", "Schulbezirke, bewertet"},
        {"catchments_capacity", "Einzugsbereiche nach Kapazität"},
        {"catchments_nearest", "Einzugsbereiche der nächsten Grundschule"},
        {"catchments_unassigned", "Kinder ohne Schulplatz in Reichweite"},
        {"isochrones", "Isochronen (Gehzeit)"},
        {"forecast_districts", "Prognose je Planungsraum"},
        {"forecast_districts_years", "Prognose je Planungsraum und Jahr"},
        {"forecast_facilities", "Prognose je Einrichtung"},
        {"forecast_facilities_years", "Prognose je Einrichtung und Jahr"},
        {"forecast_backtest", "Prognose: Rückrechnung"},
        {"siting_sites", "Standortwahl: Standorte"},
        {"siting_districts", "Standortwahl je Planungsraum"},
    };
    if (const auto at = titles.find(name); at != titles.end()) {
        return at->second;
    }
    const std::string gaps = "coverage_gaps_";
    if (name.rfind(gaps, 0) == 0) {
        return "Versorgungslücken " + kind_title(name.substr(gaps.size()));
    }
    return name;
}

std::string group_of_file(const std::string& file) {
    static const std::map<std::string, std::string> groups{
        {"standort.gpkg", "Grundlagen"},        {"supply.gpkg", "Versorgung"},
        {"coverage.gpkg", "Erreichbarkeit"},    {"access.gpkg", "Erreichbarkeitsindex"},
        {"catchments.gpkg", "Einzugsbereiche"}, {"isochrones.gpkg", "Isochronen"},
        {"forecast.gpkg", "Prognose"},          {"siting.gpkg", "Standortwahl"},
    };
    const auto at = groups.find(file);
    return at == groups.end() ? fs::path(file).stem().string() : at->second;
}

} // namespace standort::services::server
