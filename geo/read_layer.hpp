#pragma once

#include "geo/feature_layer.hpp"
#include "geo/finding.hpp"
#include "geo/number_text.hpp"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace standort::geo {

struct read_options {
    // A path GDAL opens (GeoJSON, GeoPackage, Shapefile, FlatGeobuf, CSV, XLSX, ODS, ...), a
    // .zip (read through /vsizip/), any /vsi path, or a "PG:..." connection string. A JSON file
    // holding a plain array of records is read as a table, which GDAL has no driver for.
    std::string source;
    std::string layer;        // name of the layer inside the source; empty: the only one
    std::string crs_override; // replaces what the source declares (real files lie)
    // A table's coordinate columns (numbers in `coordinate_format`), or a WKT column.
    std::string x_field;
    std::string y_field;
    std::string wkt_field;
    number_format coordinate_format = number_format::plain;
    // The text's encoding as encoding_name() gives it; empty: UTF-8, or Windows-1252 when the
    // text is not UTF-8 (reported).
    std::string encoding;
    std::size_t skip_rows = 0; // label rows under the header that are not data
    // Rows to leave out by the text of a field, e.g. a sheet's "SUMMEN" line: field -> values.
    std::map<std::string, std::vector<std::string>> exclude;
    // Extent of the other inputs in lon/lat, to tell which CRS a misdeclared layer is really in.
    std::optional<box> reference_lonlat;
};

struct read_result {
    feature_layer layer;
    findings found; // repaired geometries, CRS doubts, GDAL's warnings
};

// The single way in. Throws input_error when the source cannot be opened or lacks a field the
// options name; everything else about the content becomes a finding.
read_result read_layer(const read_options& options);

// The same checks, feature by feature, for a layer too large to hold as features (a country's
// population grid): `start` gets the schema (the CRS override applied) before the first
// feature, `each` every feature that passes, in the source's order, to take or move from. The
// CRS checks need the whole extent, so their findings come at the end: whoever keeps what
// `each` got must drop it when they are errors.
struct stream_result {
    feature_layer header; // name, source, fields and CRS; no features
    std::size_t features = 0;
    std::optional<box> extent; // of the features' geometries; none when no feature has one
    findings found;
};
stream_result read_layer_each(const read_options& options,
                              const std::function<void(const feature_layer& header)>& start,
                              const std::function<void(feature& f)>& each);

// The names of the layers in a source (a GeoPackage's tables, a GeoJSON's one layer). Throws
// input_error naming the source when GDAL cannot open it.
std::vector<std::string> layer_names(const std::string& source);

// A source as messages, layers and JSON may show it: a connection string's password
// (`password=...`, `user:secret@host`) replaced by ***. Every context and layer read_layer
// makes carries this form; only GDAL sees the real one.
std::string redacted_source(const std::string& source);

} // namespace standort::geo
