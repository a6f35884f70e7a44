#pragma once

#include "geo/feature_layer.hpp"
#include "geo/write_layer.hpp"
#include "planning/planner.hpp"
#include "services/render/layer_builder.hpp"
#include "services/render/styles.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace standort::services {

// The files an analysis writes, declared before anything is written: its layers, the formats
// each goes to, and JSON side-cars. write() writes them on every core, largest first, each
// complete under its name or not at all, and returns their paths in the order declared.
class output_files {
public:
    using layer_id = std::size_t;

    layer_id add(geo::feature_layer layer);
    // A layer too large to hold as features (a feature per grid cell of a country): its rows
    // are made as they are written, so whatever the builder's functions refer to must outlive
    // write(). layer() gives its schema without features. Integer fields are written as
    // declared (a held layer's are sized by its values), so it may declare none as `integer`.
    layer_id add_streamed(layer_builder layer);
    const geo::feature_layer& layer(layer_id id) const { return m_layers[id]; }
    std::size_t rows(layer_id id) const;
    std::size_t layer_count() const noexcept { return m_layers.size(); }

    void geojson(layer_id layer);                    // <layer name>.geojson
    void csv(layer_id layer, std::string file = {}); // default: <layer name>.csv
    void gpkg(std::string file, std::vector<layer_id> layers);
    // One workbook, a sheet per layer, the German aliases as headers (for Excel users; the
    // CSV and GeoPackage keep the English field names for scripts).
    void xlsx(std::string file, std::vector<layer_id> layers);
    // Every table declared so far (each layer written as CSV) once more as one workbook, as
    // xlsx() writes it: the council annex for Excel users (an analysis's `--xlsx`). Without
    // tables, every layer's attributes.
    void tables_xlsx(std::string file);
    void json(std::string file, nlohmann::json content);
    void text(std::string file, std::string content); // HTML, written as given
    // How the layer looks when opened: the first style is the default (GeoPackage
    // layer_styles, the GeoJSON's .qml side-car), the others are listed in QGIS by name.
    // A layer given no style gets one symbol and the German field aliases.
    void style(layer_id layer, std::vector<layer_style> styles);
    // The styles the layer is written with (one symbol and aliases when none was given).
    std::vector<layer_style> styles_of(layer_id layer) const;

    // CSV tables for German Excel (`csv: excel-de` in the project file).
    void csv_for_excel_de(bool on) { m_excel_de = on; }

    std::vector<std::filesystem::path>
    write(const std::filesystem::path& dir, const planning::progress_callback& progress = {}) const;
    // What to tell the user: sheets too large for Excel, left out of a workbook; GeoJSON
    // polygons broken by rounding and repaired while writing.
    const std::vector<std::string>& notes() const noexcept { return m_notes; }

private:
    enum class format { geojson, csv, gpkg, xlsx, json, text };
    struct entry {
        format kind = format::json;
        std::string name;
        std::vector<layer_id> layers;
        nlohmann::json content;
    };
    // A workbook of `layers`, sheet i named sheets[i]; a sheet too long for Excel is left out.
    void workbook(std::string file, std::vector<layer_id> layers, std::vector<std::string> sheets);
    // Returns a note for the user, or nothing.
    std::string write_one(const entry& f, const std::filesystem::path& path) const;
    std::size_t features(const entry& f) const;

    // A layer written whole to `out`, or row by row when streamed.
    void write_layer(geo::layer_writer& out, layer_id id) const;
    // The layer with its features: a streamed one made whole for a format that takes a held
    // layer (a GeoJSON or CSV of it).
    geo::feature_layer held(layer_id id) const;
    // The same without a copy of a held layer: a streamed one is made into `made`.
    const geo::feature_layer& whole(layer_id id, std::optional<geo::feature_layer>& made) const;

    std::vector<geo::feature_layer> m_layers;
    std::vector<std::optional<layer_builder>> m_streamed; // per layer; set when streamed
    std::vector<std::vector<layer_style>> m_styles;       // per layer
    std::vector<entry> m_files;
    mutable std::vector<std::string> m_notes; // filled when declaring and by write()
    bool m_excel_de = false;
};

// Indented JSON text. Invalid UTF-8 from a Latin-1 source is replaced, not a crash.
std::string json_text(const nlohmann::json& j);

// Writes JSON beside the layers as they are written: complete under its name, or not at all.
void write_json_file(const nlohmann::json& j, const std::filesystem::path& path);
void write_text_file(const std::string& text, const std::filesystem::path& path);

} // namespace standort::services
