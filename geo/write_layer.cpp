#include "geo/write_layer.hpp"

#include "geo/detail/gdal_handle.hpp"
#include "geo/detail/ogr_convert.hpp"
#include "geo/error.hpp"
#include "geo/staging.hpp"
#include "geo/transform.hpp"
#include "geo/validate.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <limits>
#include <string_view>

#include <fmt/format.h>

namespace standort::geo {

namespace fs = std::filesystem;

std::optional<output_format> parse_output_format(const std::string& name) {
    if (name == "geojson") {
        return output_format::geojson;
    }
    if (name == "gpkg") {
        return output_format::gpkg;
    }
    if (name == "csv") {
        return output_format::csv;
    }
    if (name == "xlsx") {
        return output_format::xlsx;
    }
    return std::nullopt;
}

std::string extension_of(output_format format) {
    switch (format) {
    case output_format::geojson:
        return ".geojson";
    case output_format::gpkg:
        return ".gpkg";
    case output_format::csv:
        return ".csv";
    case output_format::xlsx:
        return ".xlsx";
    }
    return "";
}

namespace {

// Integer fields are written as 32-bit when every value fits: GDAL's CSV writer quotes 64-bit
// integers like text, and spreadsheets then see text.
bool fits_int32(const feature_layer& layer, std::size_t field) {
    for (const auto& f : layer.features) {
        if (const auto* v = std::get_if<std::int64_t>(&f.values[field])) {
            if (*v < std::numeric_limits<std::int32_t>::min() ||
                *v > std::numeric_limits<std::int32_t>::max()) {
                return false;
            }
        }
    }
    return true;
}

OGRFieldType ogr_type(field_type t) {
    switch (t) {
    case field_type::integer:
        return OFTInteger;
    case field_type::integer64:
        return OFTInteger64;
    case field_type::real:
        return OFTReal;
    case field_type::text:
        return OFTString;
    case field_type::date:
        return OFTDate;
    }
    return OFTString;
}

OGRwkbGeometryType ogr_type_of(geometry_type t);

OGRwkbGeometryType layer_geometry_type(const feature_layer& layer) {
    if (layer.declared_geometry) {
        return ogr_type_of(*layer.declared_geometry);
    }
    OGRwkbGeometryType type = wkbNone;
    for (const auto& f : layer.features) {
        const auto t = detail::ogr_type_of(f.shape);
        if (t == wkbNone) {
            continue;
        }
        if (type == wkbNone) {
            type = t;
        } else if (type != t) {
            return wkbUnknown;
        }
    }
    return type;
}

geometry_type kind_of(OGRwkbGeometryType t) {
    switch (t) {
    case wkbNone:
        return geometry_type::none;
    case wkbPoint:
        return geometry_type::points;
    case wkbMultiLineString:
        return geometry_type::lines;
    default:
        return geometry_type::polygons;
    }
}

OGRwkbGeometryType ogr_type_of(geometry_type t) {
    switch (t) {
    case geometry_type::none:
        return wkbNone;
    case geometry_type::points:
        return wkbPoint;
    case geometry_type::lines:
        return wkbMultiLineString;
    case geometry_type::polygons:
        return wkbMultiPolygon;
    }
    return wkbUnknown;
}

const char* driver_of(output_format format) {
    switch (format) {
    case output_format::geojson:
        return "GeoJSON";
    case output_format::gpkg:
        return "GPKG";
    case output_format::csv:
        return "CSV";
    case output_format::xlsx:
        return "XLSX";
    }
    return "GeoJSON";
}

std::vector<field_def> fields_for(const feature_layer& layer) {
    std::vector<field_def> out = layer.fields;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i].type == field_type::integer64 && fits_int32(layer, i)) {
            out[i].type = field_type::integer; // see fits_int32
        } else if (out[i].type == field_type::integer && !fits_int32(layer, i)) {
            out[i].type = field_type::integer64;
        }
    }
    return out;
}

// A polygon valid in the working CRS can become invalid in lon/lat at GeoJSON's 7 decimals
// (about 1 cm): rings a few millimetres apart cross. So GeoJSON polygons are rounded here as
// GDAL would write them, checked, and repaired where that broke them.
void repair_after_rounding(geometry& g, std::size_t& repaired) {
    if (auto* mp = std::get_if<multi_polygon>(&g); mp && round_valid(*mp, 1e-7)) {
        ++repaired;
    }
}

// GDAL's GeoJSON and CSV writers do not check their writes (a full disk or a file-size limit
// gives a truncated file and no error), so the closed file is read back: every feature written
// must be in it, and a GeoJSON must end as GDAL ends it. SQLite checks its own writes, and
// GDAL reports them, so a GeoPackage needs no second look.
bool is_complete(const fs::path& path, output_format format, std::size_t features) {
    if (format == output_format::gpkg) {
        return true;
    }
    if (format == output_format::xlsx) { // a zip: every row of every sheet read back by GDAL
        // The first row is always the header (GDAL's AUTO guess misreads all-text rows).
        CPLConfigOptionSetter headers("OGR_XLSX_HEADERS", "FORCE", true);
        GDALDatasetUniquePtr ds(GDALDataset::Open(path.string().c_str(), GDAL_OF_VECTOR));
        if (!ds) {
            return false;
        }
        std::size_t rows = 0;
        for (auto* layer : ds->GetLayers()) {
            rows += static_cast<std::size_t>(std::max<GIntBig>(0, layer->GetFeatureCount()));
        }
        return rows == features;
    }
    constexpr std::string_view feature_start = "\n{ \"type\": \"Feature\"";
    std::ifstream in(path, std::ios::binary);
    std::vector<char> buffer(1 << 20);
    std::size_t records = 0; // GeoJSON: feature lines; CSV: line ends outside quotes
    bool quoted = false;
    std::string window; // GeoJSON: the previous chunk's end, for a line start across two
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const std::string_view chunk(buffer.data(), static_cast<std::size_t>(in.gcount()));
        if (format == output_format::csv) {
            for (char c : chunk) {
                quoted = c == '"' ? !quoted : quoted;
                records += c == '\n' && !quoted ? 1 : 0;
            }
            window = chunk.empty() ? window : std::string(chunk.substr(chunk.size() - 1));
            continue;
        }
        window.append(chunk);
        for (auto at = window.find(feature_start); at != std::string::npos;
             at = window.find(feature_start, at + 1)) {
            ++records;
        }
        window.erase(0, window.size() - std::min(window.size(), feature_start.size() - 1));
    }
    if (in.bad()) {
        return false;
    }
    if (format == output_format::csv) {
        // A header line, then one line per feature (an empty layer may have no header).
        return (records == features + 1 || (features == 0 && records == 0)) &&
               (records == 0 || window == "\n");
    }
    return records == features && window.ends_with("]\n}\n");
}

} // namespace

// The temporary folder beside the target (same file system, so renames are atomic) is unique
// per writer (mkdtemp): a leftover of a killed run can never be mistaken for this run's output.
// On commit the side-cars a driver wrote (CSV's .csvt) move first and the main file last, so
// the main file appears complete or not at all.
struct layer_writer::state {
    fs::path target;
    output_format format;
    fs::path temp_dir;
    fs::path temp;
    detail::gdal_messages messages;
    GDALDatasetUniquePtr ds;
    OGRLayer* layer = nullptr;
    OGRwkbGeometryType gtype = wkbNone;
    std::unique_ptr<transformer> to_wgs84;
    std::size_t in_transaction = 0;
    std::size_t features = 0; // written, for the completeness check
    std::size_t repaired = 0; // polygons invalid once in WGS 84 at 7 decimals, repaired
    bool committed = false;
    std::string separator = "COMMA";
    bool excel = false;

    error_context where(const std::string& layer_name = {}) const {
        return error_context{target.string(), layer_name, std::nullopt, {}, {}};
    }
};

layer_writer::layer_writer(fs::path target, output_format format, char csv_separator, bool excel)
    : m_state(std::make_unique<state>()) {
    auto& st = *m_state;
    st.excel = excel;
    st.separator = csv_separator == ';' ? "SEMICOLON" : csv_separator == '\t' ? "TAB" : "COMMA";
    st.target = std::move(target);
    st.format = format;
    const fs::path dir = st.target.has_parent_path() ? st.target.parent_path() : fs::path(".");
    st.temp_dir = make_temporary_folder(dir);
    st.temp = st.temp_dir / st.target.filename();
    detail::ensure_gdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_of(format));
    if (driver) {
        st.ds.reset(driver->Create(st.temp.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    }
    if (!st.ds) {
        std::error_code ec;
        fs::remove_all(st.temp_dir, ec);
        throw output_error(st.messages.last_error("GDAL cannot create the file"), st.where());
    }
}

layer_writer::~layer_writer() {
    if (m_state && !m_state->committed) {
        m_state->ds.reset();
        std::error_code ec;
        fs::remove_all(m_state->temp_dir, ec);
    }
}

void layer_writer::begin_layer(const std::string& name, const std::string& crs,
                               const std::vector<field_def>& fields, geometry_type type) {
    auto& st = *m_state;
    if (st.in_transaction > 0 && st.ds->CommitTransaction() != OGRERR_NONE) {
        throw output_error(st.messages.last_error("GDAL cannot commit the layer"), st.where());
    }
    st.in_transaction = 0;
    st.gtype = ogr_type_of(type);
    std::string layer_crs = crs;
    st.to_wgs84.reset();
    if (st.format == output_format::geojson && st.gtype != wkbNone && !crs.empty()) {
        // RFC 7946: WGS84 lon/lat, through our one transform path.
        st.to_wgs84 = std::make_unique<transformer>(crs, "EPSG:4326");
        layer_crs = "EPSG:4326";
    }
    OGRSpatialReference srs;
    OGRSpatialReference* srs_ptr = nullptr;
    if (st.gtype != wkbNone && !layer_crs.empty()) {
        if (srs.SetFromUserInput(layer_crs.c_str()) != OGRERR_NONE) {
            throw output_error(fmt::format("GDAL does not understand the CRS '{}'", layer_crs),
                               st.where(name));
        }
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        srs_ptr = &srs;
    }
    detail::option_list options;
    switch (st.format) {
    case output_format::geojson:
        options.add("RFC7946", "YES");
        options.add("COORDINATE_PRECISION", "7");
        options.add("WRITE_NAME", "YES");
        break;
    case output_format::gpkg:
        options.add("SPATIAL_INDEX", "YES");
        options.add("FID", "fid");
        break;
    case output_format::csv:
        options.add("SEPARATOR", st.separator);
        options.add("LINEFORMAT", "LF");
        // Types go into the .csvt side-car (QGIS and GDAL read it, so "0101" stays text);
        // quoting only where needed, because GDAL's IF_AMBIGUOUS also quotes every integer.
        options.add("CREATE_CSVT", st.excel ? "NO" : "YES");
        options.add("STRING_QUOTING", "IF_NEEDED");
        if (st.excel) {
            options.add("WRITE_BOM", "YES");
        }
        break;
    case output_format::xlsx:
        break;
    }
    const bool table_only = st.format == output_format::csv || st.format == output_format::xlsx;
    const auto csv_gtype = table_only ? wkbNone : st.gtype;
    st.layer = st.ds->CreateLayer(name.c_str(), srs_ptr, csv_gtype, options.get());
    if (!st.layer) {
        throw output_error(st.messages.last_error("GDAL cannot create the layer"), st.where(name));
    }
    if (table_only) {
        st.gtype = wkbNone; // a CSV or a sheet holds the attribute table
    }
    for (const auto& f : fields) {
        // GDAL's CSV writer prints dates as 2025/08/01; spreadsheets read the ISO text better.
        const bool csv_date = st.format == output_format::csv && f.type == field_type::date;
        OGRFieldDefn defn(f.name.c_str(), csv_date ? OFTString : ogr_type(f.type));
        if (st.layer->CreateField(&defn) != OGRERR_NONE) {
            throw output_error(st.messages.last_error("GDAL cannot create the field"),
                               error_context{st.target.string(), name, std::nullopt, {}, f.name});
        }
    }
}

void layer_writer::add(const geometry& shape, const std::vector<value>& values) {
    auto& st = *m_state;
    if (!st.layer) {
        throw output_error("add() before begin_layer()", st.where());
    }
    // Large layers go in transactions of 100,000 features: fast, and memory stays flat.
    if (st.in_transaction == 0) {
        st.in_transaction = st.ds->StartTransaction() == OGRERR_NONE ? 1 : 0;
    }
    OGRFeatureUniquePtr of(OGRFeature::CreateFeature(st.layer->GetLayerDefn()));
    detail::set_fields(*of, values);
    if (st.gtype != wkbNone) {
        geometry g = shape;
        if (st.to_wgs84) {
            st.to_wgs84->apply(g);
            repair_after_rounding(g, st.repaired);
        }
        if (auto og = detail::to_ogr(g)) {
            if (st.gtype == wkbUnknown || wkbFlatten(og->getGeometryType()) == st.gtype) {
                of->SetGeometryDirectly(og.release());
            }
        }
    }
    if (st.layer->CreateFeature(of.get()) != OGRERR_NONE) {
        throw output_error(st.messages.last_error("GDAL cannot write the feature"),
                           st.where(st.layer->GetName()));
    }
    ++st.features;
    if (st.in_transaction > 0 && ++st.in_transaction > 100'000) {
        if (st.ds->CommitTransaction() != OGRERR_NONE) {
            throw output_error(st.messages.last_error("GDAL cannot commit"), st.where());
        }
        st.in_transaction = 0;
    }
}

// The table as QGIS itself creates it (QgsOgrProviderUtils::saveStyle), so QGIS reads it on
// open and can add its own styles to it later.
void layer_writer::add_styles(const std::vector<stored_style>& styles) {
    auto& st = *m_state;
    if (st.format != output_format::gpkg || styles.empty()) {
        return;
    }
    if (st.in_transaction > 0 && st.ds->CommitTransaction() != OGRERR_NONE) {
        throw output_error(st.messages.last_error("GDAL cannot commit the layer"), st.where());
    }
    st.in_transaction = 0;
    detail::option_list options;
    options.add("FID", "id");
    OGRLayer* table = st.ds->CreateLayer("layer_styles", nullptr, wkbNone, options.get());
    if (!table) {
        throw output_error(st.messages.last_error("GDAL cannot create the style table"),
                           st.where("layer_styles"));
    }
    const std::vector<std::pair<const char*, OGRFieldType>> columns{
        {"f_table_catalog", OFTString},
        {"f_table_schema", OFTString},
        {"f_table_name", OFTString},
        {"f_geometry_column", OFTString},
        {"styleName", OFTString},
        {"styleQML", OFTString},
        {"styleSLD", OFTString},
        {"useAsDefault", OFTInteger},
        {"description", OFTString},
        {"owner", OFTString},
        {"ui", OFTString},
        {"update_time", OFTDateTime}};
    for (const auto& [name, type] : columns) {
        OGRFieldDefn defn(name, type);
        if (type == OFTInteger) {
            defn.SetSubType(OFSTBoolean);
        }
        if (table->CreateField(&defn) != OGRERR_NONE) {
            throw output_error(
                st.messages.last_error("GDAL cannot create the field"),
                error_context{st.target.string(), "layer_styles", std::nullopt, {}, name});
        }
    }
    // OGR_CURRENT_DATE (set_fixed_timestamp) keeps the file byte-identical run after run.
    const char* fixed = CPLGetConfigOption("OGR_CURRENT_DATE", nullptr);
    for (const auto& s : styles) {
        OGRLayer* layer = st.ds->GetLayerByName(s.layer.c_str());
        const char* geom = layer ? layer->GetGeometryColumn() : "";
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(table->GetLayerDefn()));
        f->SetField("f_table_catalog", "");
        f->SetField("f_table_schema", "");
        f->SetField("f_table_name", s.layer.c_str());
        f->SetField("f_geometry_column", geom ? geom : "");
        f->SetField("styleName", s.name.c_str());
        f->SetField("styleQML", s.qml.c_str());
        f->SetField("styleSLD", s.sld.c_str());
        f->SetField("useAsDefault", s.is_default ? 1 : 0);
        f->SetField("description", s.description.c_str());
        f->SetField("owner", "standort");
        f->SetField("ui", "");
        if (fixed) {
            f->SetField("update_time", fixed);
        } else {
            const auto now = std::time(nullptr);
            std::tm utc{};
            gmtime_r(&now, &utc);
            f->SetField("update_time", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                        utc.tm_min, static_cast<float>(utc.tm_sec), 100);
        }
        if (table->CreateFeature(f.get()) != OGRERR_NONE) {
            throw output_error(st.messages.last_error("GDAL cannot write the style"),
                               st.where("layer_styles"));
        }
    }
}

std::size_t layer_writer::repaired() const noexcept {
    return m_state->repaired;
}

void layer_writer::commit() {
    auto& st = *m_state;
    if (st.in_transaction > 0 && st.ds->CommitTransaction() != OGRERR_NONE) {
        throw output_error(st.messages.last_error("GDAL cannot commit the layer"), st.where());
    }
    st.in_transaction = 0;
    CPLErrorReset();
    st.ds.reset(); // flushes and closes
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw output_error(st.messages.last_error("GDAL failed to finish the file"), st.where());
    }
    if (!is_complete(st.temp, st.format, st.features)) {
        throw output_error("the file could not be written completely (is the disk full?)",
                           st.where());
    }
    const fs::path dir = st.temp.parent_path().parent_path();
    try {
        for (const auto& entry : fs::directory_iterator(st.temp_dir)) {
            if (entry.path() != st.temp && entry.path().stem() == st.temp.stem()) {
                fs::rename(entry.path(), dir / entry.path().filename());
            }
        }
        fs::rename(st.temp, st.target);
    } catch (const fs::filesystem_error& e) {
        throw output_error(
            fmt::format("cannot move the finished file into place: {}", e.code().message()),
            st.where());
    }
    st.committed = true;
    std::error_code ec;
    fs::remove_all(st.temp_dir, ec);
}

void write_all(layer_writer& out, const feature_layer& layer) {
    out.begin_layer(layer.name, layer.crs, fields_for(layer), kind_of(layer_geometry_type(layer)));
    for (const auto& f : layer.features) {
        out.add(f.shape, f.values);
    }
}

void set_fixed_timestamp(const std::string& iso_time) {
    CPLSetConfigOption("OGR_CURRENT_DATE", iso_time.c_str());
}

std::size_t write_geojson(const feature_layer& layer, const fs::path& path) {
    layer_writer out(path, output_format::geojson);
    write_all(out, layer);
    out.commit();
    return out.repaired();
}

void write_gpkg(const std::vector<const feature_layer*>& layers, const fs::path& path,
                const std::vector<stored_style>& styles) {
    layer_writer out(path, output_format::gpkg);
    for (const auto* layer : layers) {
        write_all(out, *layer);
    }
    out.add_styles(styles);
    out.commit();
}

void write_xlsx(const std::vector<const feature_layer*>& layers, const fs::path& path) {
    layer_writer out(path, output_format::xlsx);
    for (const auto* layer : layers) {
        write_all(out, *layer);
    }
    out.commit();
}

void write_csv_excel_de(const feature_layer& layer, const fs::path& path) {
    feature_layer text = layer;
    for (std::size_t i = 0; i < text.fields.size(); ++i) {
        if (text.fields[i].type != field_type::real) {
            continue;
        }
        text.fields[i].type = field_type::text;
        for (auto& f : text.features) {
            if (const auto* d = std::get_if<double>(&f.values[i])) {
                auto number = fmt::format("{}", *d);
                std::replace(number.begin(), number.end(), '.', ',');
                f.values[i] = number;
            }
        }
    }
    layer_writer out(path, output_format::csv, ';', true);
    write_all(out, text);
    out.commit();
}

void write_csv(const feature_layer& layer, const fs::path& path) {
    layer_writer out(path, output_format::csv);
    write_all(out, layer);
    out.commit();
}

} // namespace standort::geo
