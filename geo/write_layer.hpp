#pragma once

#include "geo/feature_layer.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace standort::geo {

// xlsx: one sheet per layer, the attribute tables (GDAL's XLSX driver), for Excel users.
enum class output_format { geojson, gpkg, csv, xlsx };

std::optional<output_format> parse_output_format(const std::string& name);
std::string extension_of(output_format format); // ".geojson", ".gpkg", ".csv"

// The single way out, through GDAL's drivers. Every write goes to a temporary file in the
// target folder and is renamed over the target only when complete, so a failed run never leaves
// a half-written file where an old good one was. Throws output_error naming the file.

// A layer's style as QGIS stores it in a GeoPackage: QML for QGIS, SLD for other clients.
struct stored_style {
    std::string layer; // the layer it belongs to
    std::string name;  // shown in QGIS's style list
    std::string description;
    std::string qml;
    std::string sld;
    bool is_default = false; // QGIS applies the default one when the layer is opened
};

// Streams features into one file, layer by layer, for layers too large to hold as a
// feature_layer (a country's 100 m grid). Nothing appears at `target` until commit(); a
// writer destroyed without commit() leaves no trace. GeoJSON takes one layer and is reprojected
// to WGS84 as it is written.
class layer_writer {
public:
    // `csv_separator`: ',' (default) or ';' (what German spreadsheets expect). `excel`: a
    // UTF-8 byte order mark and no .csvt, as Excel opens a CSV with a double click.
    layer_writer(std::filesystem::path target, output_format format, char csv_separator = ',',
                 bool excel = false);
    ~layer_writer();
    layer_writer(const layer_writer&) = delete;
    layer_writer& operator=(const layer_writer&) = delete;

    void begin_layer(const std::string& name, const std::string& crs,
                     const std::vector<field_def>& fields, geometry_type type);
    // `values` in the order of the fields given to begin_layer.
    void add(const geometry& shape, const std::vector<value>& values);
    // GeoPackage only: the default and other named styles of its layers, in the table QGIS
    // reads when it opens a layer (`layer_styles`), after the layers they belong to.
    void add_styles(const std::vector<stored_style>& styles);
    void commit();
    // GeoJSON polygons that reprojection and rounding made invalid, repaired (GEOS MakeValid).
    std::size_t repaired() const noexcept;

private:
    struct state;
    std::unique_ptr<state> m_state;
};

// The whole layer into `out` (begin_layer and every feature), its integer fields sized as
// write_gpkg sizes them: for a file that mixes held layers with streamed ones.
void write_all(layer_writer& out, const feature_layer& layer);

// GeoPackages record when they were written; for byte-identical output (same seed, same bytes)
// fix that time for this process, in the form the GeoPackage spec requires
// ("2024-12-31T00:00:00.000Z").
void set_fixed_timestamp(const std::string& iso_time);

// RFC 7946: reprojected to WGS84 lon/lat here (our transform), exterior rings counter-clockwise,
// 7 decimals, no `crs` member (GDAL's RFC7946=YES writer). Returns how many polygons the
// rounding made invalid and were repaired.
std::size_t write_geojson(const feature_layer& layer, const std::filesystem::path& path);

// All layers in one GeoPackage, in their own CRS, with spatial indexes; layers without
// geometry become attribute tables.
void write_gpkg(const std::vector<const feature_layer*>& layers, const std::filesystem::path& path,
                const std::vector<stored_style>& styles = {});

// Attribute tables as sheets of one workbook (geometry left out), one sheet per layer.
void write_xlsx(const std::vector<const feature_layer*>& layers, const std::filesystem::path& path);

// The attribute table (geometry left out), comma-separated UTF-8 with a header line.
void write_csv(const feature_layer& layer, const std::filesystem::path& path);
// For German Excel: ';', decimal commas (reals written as text), UTF-8 with a BOM, no .csvt.
void write_csv_excel_de(const feature_layer& layer, const std::filesystem::path& path);

} // namespace standort::geo
