#include "geo/read_layer.hpp"

#include "geo/crs.hpp"
#include "geo/detail/gdal_handle.hpp"
#include "geo/detail/json_records.hpp"
#include "geo/detail/ogr_convert.hpp"
#include "geo/error.hpp"
#include "geo/text_encoding.hpp"
#include "geo/transform.hpp"
#include "geo/validate.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

#include <boost/geometry/algorithms/covered_by.hpp>
#include <boost/geometry/algorithms/for_each.hpp>
#include <regex>

#include <fmt/format.h>

namespace standort::geo {

namespace fs = std::filesystem;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() &&
           std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                      [](char a, char b) { return std::tolower(a) == std::tolower(b); });
}

bool is_file_path(const std::string& source) {
    return source.rfind("/vsi", 0) != 0 && source.find(':') == std::string::npos;
}

std::string gdal_path(const std::string& source) {
    if (ends_with(source, ".zip") && source.rfind("/vsizip/", 0) != 0) {
        return "/vsizip/" + source;
    }
    return source;
}

// A JSON file whose first non-blank character opens an array: records, not GeoJSON.
bool is_json_array(const std::string& source) {
    if (!(ends_with(source, ".json")) || !is_file_path(source)) {
        return false;
    }
    std::ifstream in(source, std::ios::binary);
    char c = 0;
    while (in.get(c)) {
        if (!std::isspace(static_cast<unsigned char>(c))) {
            return c == '[';
        }
    }
    return false;
}

std::string crs_of(const OGRSpatialReference* srs) {
    if (!srs) {
        return {};
    }
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    if (auth && code) {
        const std::string id = fmt::format("{}:{}", auth, code);
        return id == "OGC:CRS84" ? "EPSG:4326" : id;
    }
    char* wkt = nullptr;
    const char* options[] = {"FORMAT=WKT2_2019", nullptr};
    srs->exportToWkt(&wkt, options);
    std::string out = wkt ? wkt : "";
    CPLFree(wkt);
    return out;
}

field_type type_of(OGRFieldType t) {
    switch (t) {
    case OFTInteger:
        return field_type::integer;
    case OFTInteger64:
        return field_type::integer64;
    case OFTReal:
        return field_type::real;
    case OFTDate:
        return field_type::date;
    default:
        return field_type::text;
    }
}

value value_of(OGRFeature& f, int i, field_type type) {
    if (!f.IsFieldSetAndNotNull(i)) {
        return std::monostate{};
    }
    switch (type) {
    case field_type::integer:
    case field_type::integer64:
        return static_cast<std::int64_t>(f.GetFieldAsInteger64(i));
    case field_type::real:
        return f.GetFieldAsDouble(i);
    case field_type::text:
        return std::string(f.GetFieldAsString(i));
    case field_type::date: {
        int y = 0, m = 0, d = 0, h = 0, min = 0, tz = 0;
        float sec = 0;
        f.GetFieldAsDateTime(i, &y, &m, &d, &h, &min, &sec, &tz);
        char text[16];
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, d);
        return std::string(text);
    }
    }
    return std::monostate{};
}

// A source is a regular file or a folder dataset (a shapefile folder, a GDB); anything else (a
// FIFO, a device) would block GDAL's open forever or read nonsense.
void check_source_path(const std::string& source) {
    const error_context where{source, {}, std::nullopt, {}, {}};
    std::error_code ec;
    const auto status = fs::status(source, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        throw input_error(fmt::format("cannot open it: {}", ec.message()), where);
    }
    if (!fs::exists(status)) {
        throw input_error("file not found", where);
    }
    if (!fs::is_regular_file(status) && !fs::is_directory(status)) {
        throw input_error("is neither a file nor a folder (a pipe or a device cannot be read as "
                          "a layer)",
                          where);
    }
}

// GDAL's CSV reader drops a value its .csvt side-car types as a number and cannot read as one
// ("neun" in an Integer column) and says so once, for the first such record: that is bad data
// in a named row, not a remark.
std::optional<finding> dropped_value(const std::string& text, const feature_layer& layer) {
    long long record = 0;
    char field[256] = {};
    if (std::sscanf(text.c_str(), "Invalid value type found in record %lld for field %255[^.]",
                    &record, field) != 2) {
        return std::nullopt;
    }
    return finding{severity::error, "bad-number",
                   error_context{layer.source, layer.name, record, {}, field},
                   "the value is no number, as the .csvt side-car says the column holds, and GDAL "
                   "left it empty (it names only the first such row)"};
}

// A chunk of rows goes through the checks at once: small enough that a country's grid never
// sits in memory as features, large enough that a planner's table is one chunk.
constexpr std::size_t chunk_rows = 65536;

using chunk_sink = std::function<void(feature_layer& chunk)>;

// Reads the source in chunks: `start` gets the layer's schema before any feature, `each` every
// chunk (the schema with up to chunk_rows features).
void read_with_gdal(const read_options& options, findings& found,
                    const std::function<void(feature_layer& header)>& start,
                    const chunk_sink& each) {
    detail::ensure_gdal();
    detail::gdal_messages messages;
    const std::string path = gdal_path(options.source);
    // A planner's sheet has a header row; GDAL's guess fails when every cell is text, and in
    // GDAL 3.6 only the config options (not the open option) force it. Thread-local, scoped.
    CPLConfigOptionSetter xlsx_headers("OGR_XLSX_HEADERS", "FORCE", true);
    CPLConfigOptionSetter ods_headers("OGR_ODS_HEADERS", "FORCE", true);
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        throw input_error(
            messages.last_error("GDAL cannot read it as vector data (is it a "
                                "supported format and not damaged?)"),
            error_context{redacted_source(options.source), options.layer, std::nullopt, {}, {}});
    }
    OGRLayer* layer = nullptr;
    if (!options.layer.empty()) {
        layer = ds->GetLayerByName(options.layer.c_str());
    } else if (ds->GetLayerCount() == 1) {
        layer = ds->GetLayer(0);
    }
    if (!layer) {
        std::string names;
        for (auto* l : ds->GetLayers()) {
            names += names.empty() ? l->GetName() : std::string(", ") + l->GetName();
        }
        throw input_error(
            options.layer.empty()
                ? fmt::format("the source holds {} layers ({}); name one with `layer:`",
                              ds->GetLayerCount(), names)
                : fmt::format("no such layer; the source holds: {}", names),
            error_context{redacted_source(options.source), options.layer, std::nullopt, {}, {}});
    }

    feature_layer chunk;
    chunk.source = redacted_source(options.source);
    chunk.name = layer->GetName();
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        const OGRFieldDefn* fd = defn->GetFieldDefn(i);
        chunk.fields.push_back(field_def{fd->GetNameRef(), type_of(fd->GetType())});
    }
    chunk.crs = crs_of(layer->GetSpatialRef());
    chunk.crs_origin = chunk.crs.empty() ? "none" : "declared";
    start(chunk);

    layer->ResetReading();
    chunk.features.reserve(chunk_rows);
    for (auto& f : *layer) {
        feature row;
        row.source_fid = f->GetFID();
        std::string note;
        row.shape = detail::from_ogr(f->GetGeometryRef(), &note);
        if (!note.empty()) {
            found.push_back(finding{severity::warning, "mixed-geometry",
                                    error_context{chunk.source, chunk.name, row.source_fid, {}, {}},
                                    note});
        }
        row.values.reserve(chunk.fields.size());
        for (std::size_t i = 0; i < chunk.fields.size(); ++i) {
            row.values.push_back(value_of(*f, static_cast<int>(i), chunk.fields[i].type));
        }
        chunk.features.push_back(std::move(row));
        if (chunk.features.size() == chunk_rows) {
            each(chunk);
            chunk.features.clear();
        }
    }
    if (!chunk.features.empty()) {
        each(chunk);
        chunk.features.clear();
    }
    for (const auto& m : messages.all()) {
        if (auto dropped = dropped_value(m.text, chunk)) {
            found.push_back(std::move(*dropped));
            continue;
        }
        found.push_back(finding{m.level >= CE_Failure ? severity::error : severity::warning, "gdal",
                                error_context{chunk.source, chunk.name, std::nullopt, {}, {}},
                                m.text});
    }
}

void points_from_columns(feature_layer& layer, const read_options& options, findings& found) {
    const std::size_t xi = layer.require_field(options.x_field);
    const std::size_t yi = layer.require_field(options.y_field);
    for (auto& f : layer.features) {
        std::string x_problem;
        std::string y_problem;
        auto x = value_as_number(f.values[xi], options.coordinate_format, &x_problem);
        auto y = value_as_number(f.values[yi], options.coordinate_format, &y_problem);
        if (!x || !y) {
            // An empty coordinate is a feature without geometry, as a null geometry would be;
            // whoever needs a location reports it. Text that is no number is an error here.
            const bool x_bad = !x_problem.empty();
            const std::string& problem = x_bad ? x_problem : y_problem;
            if (!problem.empty()) {
                const std::string& field = x_bad ? options.x_field : options.y_field;
                found.push_back(finding{
                    severity::error, "bad-coordinate",
                    error_context{layer.source, layer.name, f.source_fid, {}, field}, problem});
            }
            f.shape = std::monostate{};
            continue;
        }
        f.shape = point{x->number, y->number};
    }
}

void shapes_from_wkt(feature_layer& layer, const read_options& options, findings& found) {
    const std::size_t wi = layer.require_field(options.wkt_field);
    for (auto& f : layer.features) {
        const std::string wkt = to_text(f.values[wi]);
        if (wkt.empty()) {
            f.shape = std::monostate{};
            continue;
        }
        OGRGeometry* raw = nullptr;
        const char* cursor = wkt.c_str();
        if (OGRGeometryFactory::createFromWkt(&cursor, nullptr, &raw) != OGRERR_NONE) {
            found.push_back(finding{
                severity::error, "bad-wkt",
                error_context{layer.source, layer.name, f.source_fid, {}, options.wkt_field},
                fmt::format("'{}' is not WKT", wkt.substr(0, 60))});
            continue;
        }
        OGRGeometryUniquePtr g(raw);
        std::string note;
        f.shape = detail::from_ogr(g.get(), &note);
    }
}

void override_crs(feature_layer& layer, const read_options& options) {
    if (!options.crs_override.empty()) {
        describe_crs(options.crs_override); // throws a clear message for a typo
        layer.crs = options.crs_override;
        layer.crs_origin = "override";
    }
}

// `extent`: of the features' geometries, none when no feature has one.
void check_crs(const feature_layer& layer, const read_options& options,
               const std::optional<box>& geometry_extent, findings& found) {
    if (!geometry_extent) {
        return;
    }
    const error_context where{layer.source, layer.name, std::nullopt, {}, {}};
    const box& extent = *geometry_extent;
    auto guesses = [&]() -> std::string {
        auto list = guess_crs(extent, options.reference_lonlat);
        if (list.empty()) {
            return "";
        }
        std::string names;
        for (const auto& g : list) {
            names += (names.empty() ? "" : " or ") + g;
        }
        const crs_info first = describe_crs(list.front());
        return fmt::format("; they look like {} ({}{}); set `crs: {}` for this source", names,
                           first.name, list.size() > 1 ? ", ..." : "", list.front());
    };
    if (layer.crs.empty()) {
        found.push_back(
            finding{severity::error, "no-crs", where,
                    "the source declares no CRS and the project file sets none" + guesses()});
        return;
    }
    const crs_info declared = describe_crs(layer.crs);
    const box world{point{-180, -90}, point{180, 90}};
    if (!declared.geographic && boost::geometry::covered_by(extent, world) &&
        (extent.max_corner().x() - extent.min_corner().x()) < 10 &&
        (extent.max_corner().y() - extent.min_corner().y()) < 10) {
        // Metres that small put a town within 20 m of the false origin (boroughs at the
        // equator, areas of 0 km²): degrees, read as metres.
        found.push_back(finding{
            severity::error, "crs-degrees", where,
            fmt::format("the coordinates ({:.6g} {:.6g} to {:.6g} {:.6g}) look like degrees, but "
                        "{} ({}, {}) counts in metres: the layer would lie at the equator, a few "
                        "metres across; set `crs: EPSG:4326` for this source",
                        extent.min_corner().x(), extent.min_corner().y(), extent.max_corner().x(),
                        extent.max_corner().y(), layer.crs, declared.name, layer.crs_origin)});
        return;
    }
    if (extent_fits_crs(extent, layer.crs)) {
        // Plausible on its own, but is it where the other inputs are? Berlin's UTM 33 metres
        // read as UTM 32 land near 7 E, inside zone 32's area and 400 km from the districts.
        if (options.reference_lonlat) {
            const box lonlat = transformer(layer.crs, "EPSG:4326").apply(extent);
            const box& ref = *options.reference_lonlat;
            const box near{point{ref.min_corner().x() - 0.2, ref.min_corner().y() - 0.2},
                           point{ref.max_corner().x() + 0.2, ref.max_corner().y() + 0.2}};
            if (!intersects(lonlat, near)) {
                found.push_back(finding{
                    severity::error, "crs-elsewhere", where,
                    fmt::format("read as {} ({}), the layer lies at {:.3f} {:.3f} .. {:.3f} {:.3f} "
                                "(lon/lat), away from the districts at {:.3f} {:.3f} .. {:.3f} "
                                "{:.3f}{}",
                                layer.crs, layer.crs_origin, lonlat.min_corner().x(),
                                lonlat.min_corner().y(), lonlat.max_corner().x(),
                                lonlat.max_corner().y(), ref.min_corner().x(), ref.min_corner().y(),
                                ref.max_corner().x(), ref.max_corner().y(), guesses())});
            }
        }
    } else {
        const box swapped{point{extent.min_corner().y(), extent.min_corner().x()},
                          point{extent.max_corner().y(), extent.max_corner().x()}};
        const bool swap_fits = extent_fits_crs(swapped, layer.crs);
        found.push_back(finding{
            severity::error, "crs-extent", where,
            fmt::format("coordinates ({:.6g} {:.6g} to {:.6g} {:.6g}) lie outside the area of use "
                        "of {} ({}, {}){}",
                        extent.min_corner().x(), extent.min_corner().y(), extent.max_corner().x(),
                        extent.max_corner().y(), layer.crs, declared.name, layer.crs_origin,
                        swap_fits ? "; with x and y swapped they fit: are the x and y columns (or "
                                    "the axis order) the wrong way round?"
                                  : guesses())});
    }
}

// No CRS has coordinates beyond this (the earth is 4e7 m round, longitudes end at 180): larger
// or non-finite ones are damage, and would crash GEOS, overflow grid indexes and give areas of
// inf downstream, so they stop here, whatever the layer is for.
constexpr double coordinate_limit = 1e8;

std::optional<point> bad_vertex(const geometry& shape) {
    std::optional<point> bad;
    std::visit(
        [&](const auto& g) {
            using type = std::decay_t<decltype(g)>;
            if constexpr (!std::is_same_v<type, std::monostate>) {
                boost::geometry::for_each_point(g, [&](const point& p) {
                    const bool ok = std::isfinite(p.x()) && std::isfinite(p.y()) &&
                                    std::abs(p.x()) <= coordinate_limit &&
                                    std::abs(p.y()) <= coordinate_limit;
                    if (!ok && !bad) {
                        bad = p;
                    }
                });
            }
        },
        shape);
    return bad;
}

void check_coordinates(feature_layer& layer, findings& found) {
    for (auto& f : layer.features) {
        if (const auto p = bad_vertex(f.shape)) {
            found.push_back(finding{
                severity::error, "bad-coordinate",
                error_context{layer.source, layer.name, f.source_fid, {}, {}},
                fmt::format("a vertex at ({}, {}) is not a coordinate (non-finite or beyond "
                            "{:g} in absolute value)",
                            p->x(), p->y(), coordinate_limit)});
            f.shape = std::monostate{};
        }
    }
}

void repair_geometries(feature_layer& layer, findings& found) {
    for (auto& f : layer.features) {
        std::optional<std::string> reason;
        try {
            reason = make_valid(f.shape);
        } catch (const error& e) {
            found.push_back(finding{severity::error, "bad-geometry",
                                    error_context{layer.source, layer.name, f.source_fid, {}, {}},
                                    e.message()});
            f.shape = std::monostate{};
            continue;
        }
        if (reason) {
            found.push_back(finding{severity::warning, "repaired-geometry",
                                    error_context{layer.source, layer.name, f.source_fid, {}, {}},
                                    "invalid geometry repaired with GEOS MakeValid: " + *reason});
        }
    }
}

} // namespace

namespace {

// Every check read_layer makes of a feature, applied chunk by chunk as the rows stream by; what
// needs the whole layer (the CRS against the extent, the count of excluded rows) at the end.
class feature_checks {
public:
    feature_checks(const read_options& options, bool text_table, findings& found)
        : m_options(options), m_text_table(text_table), m_found(found), m_skip(options.skip_rows),
          m_excluded(options.exclude.size(), 0) {}

    // The field names are text too, and must be UTF-8 before the options' names can match.
    void start(feature_layer& header) {
        normalise_text(header, m_options.encoding, m_text, m_found);
        for (const auto& entry : m_options.exclude) {
            m_exclude_fields.push_back(header.require_field(entry.first));
        }
        if (!m_options.x_field.empty() || !m_options.y_field.empty()) {
            if (m_options.x_field.empty() || m_options.y_field.empty()) {
                throw config_error(
                    "name both coordinate columns (x and y)",
                    error_context{
                        redacted_source(m_options.source), header.name, std::nullopt, {}, {}});
            }
            header.require_field(m_options.x_field);
            header.require_field(m_options.y_field);
        } else if (!m_options.wkt_field.empty()) {
            header.require_field(m_options.wkt_field);
        }
        override_crs(header, m_options);
    }

    void apply(feature_layer& chunk) {
        normalise_text(chunk, m_options.encoding, m_text, m_found);
        if (m_text_table) {
            check_line_breaks(chunk, m_found);
        }
        if (m_skip > 0) {
            const auto n = std::min(m_skip, chunk.features.size());
            chunk.features.erase(chunk.features.begin(),
                                 chunk.features.begin() + static_cast<std::ptrdiff_t>(n));
            m_skip -= n;
        }
        std::size_t e = 0;
        for (const auto& entry : m_options.exclude) {
            const std::size_t index = m_exclude_fields[e];
            const auto before = chunk.features.size();
            std::erase_if(chunk.features, [&, &values = entry.second](const feature& f) {
                return std::find(values.begin(), values.end(), to_text(f.values[index])) !=
                       values.end();
            });
            m_excluded[e++] += before - chunk.features.size();
        }
        if (!m_options.x_field.empty()) {
            points_from_columns(chunk, m_options, m_found);
        } else if (!m_options.wkt_field.empty()) {
            shapes_from_wkt(chunk, m_options, m_found);
        }
        check_coordinates(chunk, m_found);
        repair_geometries(chunk, m_found);
        if (chunk.has_geometry()) {
            const box b = chunk.extent();
            if (m_extent) {
                expand(*m_extent, b);
            } else {
                m_extent = b;
            }
        }
        m_count += chunk.features.size();
    }

    void finish(const feature_layer& header) {
        std::size_t e = 0;
        for (const auto& entry : m_options.exclude) {
            m_found.push_back(finding{
                severity::info, "excluded-rows",
                error_context{header.source, header.name, std::nullopt, {}, entry.first},
                fmt::format("{} row(s) left out as the project file asks", m_excluded[e++])});
        }
        check_crs(header, m_options, m_extent, m_found);
    }

    std::size_t count() const { return m_count; }
    const std::optional<box>& extent() const { return m_extent; }

private:
    const read_options& m_options;
    bool m_text_table;
    findings& m_found;
    std::size_t m_skip;
    std::vector<std::size_t> m_excluded;
    std::vector<std::size_t> m_exclude_fields;
    text_state m_text;
    std::optional<box> m_extent;
    std::size_t m_count = 0;
};

} // namespace

stream_result read_layer_each(const read_options& options,
                              const std::function<void(const feature_layer& header)>& start,
                              const std::function<void(feature& f)>& each) {
    if (options.source.empty()) {
        throw config_error("no source given");
    }
    if (is_file_path(options.source)) {
        check_source_path(options.source);
    }
    const bool text_table = is_file_path(options.source) && (ends_with(options.source, ".csv") ||
                                                             ends_with(options.source, ".tsv") ||
                                                             ends_with(options.source, ".txt"));
    if (text_table) {
        check_no_nul_bytes(options.source);
    }
    stream_result result;
    feature_checks checks(options, text_table, result.found);
    auto begin = [&](feature_layer& header) {
        checks.start(header);
        result.header = header;
        result.header.features.clear();
        start(result.header);
    };
    auto pass_on = [&](feature_layer& chunk) {
        checks.apply(chunk);
        for (auto& f : chunk.features) {
            each(f);
        }
    };
    if (is_json_array(options.source)) {
        feature_layer records = detail::read_json_records(options.source);
        std::vector<feature> rows = std::move(records.features);
        records.features.clear();
        begin(records);
        records.features = std::move(rows);
        pass_on(records);
    } else {
        read_with_gdal(options, result.found, begin, pass_on);
    }
    checks.finish(result.header);
    result.features = checks.count();
    result.extent = checks.extent();
    return result;
}

read_result read_layer(const read_options& options) {
    std::vector<feature> features;
    stream_result streamed = read_layer_each(
        options, [](const feature_layer&) {},
        [&](feature& f) { features.push_back(std::move(f)); });
    read_result result{std::move(streamed.header), std::move(streamed.found)};
    result.layer.features = std::move(features);
    return result;
}

std::string redacted_source(const std::string& source) {
    static const std::regex password(R"((password\s*=\s*)('[^']*'|"[^"]*"|[^\s'"]+))",
                                     std::regex::icase);
    static const std::regex odbc(R"((\bpwd\s*=\s*)[^;\s]+)", std::regex::icase);
    static const std::regex user_info(R"((://[^/:@\s]+):[^@/\s]*@)");
    static const std::regex oracle(R"(^(OCI:[^/@\s]+)/[^@\s]+@)", std::regex::icase);
    auto out = std::regex_replace(source, password, "$1***");
    out = std::regex_replace(out, odbc, "$1***");
    out = std::regex_replace(out, user_info, "$1:***@");
    return std::regex_replace(out, oracle, "$1/***@");
}

} // namespace standort::geo

namespace standort::geo {

std::vector<std::string> layer_names(const std::string& source) {
    detail::ensure_gdal();
    detail::gdal_messages messages;
    GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        throw input_error(messages.last_error("GDAL cannot open it as vector data"),
                          error_context{redacted_source(source), {}, std::nullopt, {}, {}});
    }
    std::vector<std::string> names;
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        names.emplace_back(ds->GetLayer(i)->GetName());
    }
    return names;
}

} // namespace standort::geo
