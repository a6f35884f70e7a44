#pragma once

#include "geo/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace standort::geo {

// A field's value. Text stays text: keys such as the 8-digit Berlin "01011101" must keep their
// leading zeros, so readers never guess numbers from text.
using value = std::variant<std::monostate, std::int64_t, double, std::string>;

// Integers are held as int64 in either case; `integer` is written as a 32-bit field (what
// spreadsheets and GDAL's CSV writer handle best), `integer64` when values may not fit. A
// `date` holds ISO text ("2025-08-01") and is written as a date field, which QGIS's temporal
// controller can animate.
enum class field_type { integer, integer64, real, text, date };

// What a layer's features are, declared by who makes it: an empty layer keeps it, so it still
// opens in QGIS as polygons in its CRS and not as a table.
enum class geometry_type { none, points, lines, polygons };

struct field_def {
    std::string name;
    field_type type = field_type::text;
};

struct feature {
    std::int64_t source_fid = -1; // the id GDAL gave the feature in its source (CSV: data row)
    geometry shape;
    std::vector<value> values; // one per field of the layer, in the layer's field order
};

// The one in-memory layer type: a schema, the features with their geometries, the CRS they are
// in and where they came from, so every later finding can name file, layer and feature.
struct feature_layer {
    std::string name;
    std::string source;     // file path or connection string, as given
    std::string crs;        // "EPSG:25833", or WKT; empty for a table or a source without CRS
    std::string crs_origin; // where the CRS came from: "declared", "override", "none"
    std::vector<field_def> fields;
    std::vector<feature> features;
    // Set by who builds the layer; when unset, the features' geometries tell.
    std::optional<geometry_type> declared_geometry;

    std::optional<std::size_t> field_index(std::string_view field_name) const;
    // The index of a field the caller needs; throws input_error naming the file, the layer,
    // the missing field and the fields that do exist.
    std::size_t require_field(std::string_view field_name) const;
    std::size_t add_field(std::string field_name, field_type type);
    bool has_geometry() const;
    box extent() const;
};

bool is_null(const value& v);
// Text for keys and messages: integers without decimals, reals as written, null as "".
std::string to_text(const value& v);

} // namespace standort::geo
