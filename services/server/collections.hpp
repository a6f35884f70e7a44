#pragma once

#include "geo/feature_layer.hpp"
#include "geo/write_layer.hpp"
#include "services/render/output_files.hpp"
#include "services/render/styles.hpp"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace standort::services::server {

// A style a collection is served with: QML for QGIS, SLD for other clients, and the classes
// themselves for the web map (when the style was made in this run, not read from a file).
struct served_style {
    std::string id; // URL-safe: "versorgungsquote_u3"
    std::string name;
    std::string qml;
    std::string sld;
    std::optional<layer_style> classes;
};

// One layer as the API serves it: the features in their own CRS (the project's working CRS)
// and, made once at start, in lon/lat (CRS84) with each feature's envelope, so a page of
// GeoJSON or a bbox query costs no reprojection.
struct collection {
    std::string id;    // the layer name: "supply", "coverage_gaps_kita"
    std::string title; // German: "Versorgungsquote je Planungsraum"
    std::string group; // the analysis, German: "Versorgung"
    geo::feature_layer layer;
    std::vector<served_style> styles; // the first is the default
    std::vector<geo::geometry> lonlat;
    std::vector<geo::box> boxes; // per feature, lon/lat; inverse for no geometry
    // Each feature as a CRS84 GeoJSON Feature, written once at start: a page of items in the
    // default CRS is these texts joined, not a document built per request.
    std::vector<std::string> geojson;
    geo::box extent;                            // lon/lat
    std::string storage_crs;                    // "EPSG:25832"
    std::map<std::string, std::string> aliases; // field -> German alias
};

// Every collection the server offers, in the order added (base layers, then the analyses).
class collection_set {
public:
    // Adds the spatial layers of an analysis's files with their styles; tables (no geometry)
    // are left to the files, and so are the per-unit layers (`*_units`, `*_cells`: a feature per
    // grid cell, millions at a country's scale) unless `with_units`. A layer name already present
    // is not added twice.
    void add_files(const output_files& files, const std::string& group, bool with_units = false);
    // Adds every spatial layer of every GeoPackage in `dir`, with the styles stored in it.
    // Throws input_error naming the folder when it holds none.
    void add_folder(const std::filesystem::path& dir);

    const std::vector<collection>& all() const noexcept { return m_collections; }
    const collection* find(const std::string& id) const;

private:
    void add(geo::feature_layer layer, std::vector<served_style> styles, const std::string& group);

    std::vector<collection> m_collections;
    std::map<std::string, std::size_t> m_index;
};

// The German title of a layer the analyses write: "coverage_gaps_kita" -> "Versorgungslücken
// Kita"; a layer it does not know keeps its name.
std::string layer_title(const std::string& layer_name);
// A facility kind as planners write it: "kita" -> "Kita", "grundschule" -> "Grundschule".
std::string kind_title(const std::string& kind);
// The German name of the analysis a result file holds: "coverage.gpkg" -> "Erreichbarkeit".
std::string group_of_file(const std::string& file_name);

} // namespace standort::services::server
