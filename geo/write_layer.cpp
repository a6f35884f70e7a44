#include "geo/write_layer.hpp"

#include "geo/detail/gdal_handle.hpp"
#include "geo/detail/ogr_convert.hpp"
#include "geo/error.hpp"
#include "geo/transform.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <limits>

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
    }
    return "";
}

namespace {

// Writes into a private temporary folder beside the target (same file system, so renames are
// atomic), then moves the side-cars the driver wrote (CSV's .csvt) and the main file last, so
// the main file appears complete or not at all. The folder is unique per call (mkdtemp): a
// leftover of a killed run can never be mistaken for this run's output.
template <class Write>
void write_atomically(const fs::path& target, Write&& write) {
    const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        throw output_error(fmt::format("cannot create the folder: {}", ec.message()),
                           error_context{dir.string(), {}, std::nullopt, {}, {}});
    }
    std::string pattern = (dir / ".standort-tmp-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
        throw output_error("cannot create a temporary folder beside the output",
                           error_context{target.string(), {}, std::nullopt, {}, {}});
    }
    const fs::path temp_dir = pattern;
    const fs::path temp = temp_dir / target.filename();
    try {
        write(temp);
        for (const auto& entry : fs::directory_iterator(temp_dir)) {
            if (entry.path() != temp && entry.path().stem() == temp.stem()) {
                fs::rename(entry.path(), dir / entry.path().filename());
            }
        }
        fs::rename(temp, target);
        fs::remove_all(temp_dir, ec);
    } catch (const fs::filesystem_error& e) {
        fs::remove_all(temp_dir, ec);
        throw output_error(fmt::format("cannot move the finished file into place: {}",
                                       e.code().message()),
                           error_context{target.string(), {}, std::nullopt, {}, {}});
    } catch (...) {
        fs::remove_all(temp_dir, ec);
        throw;
    }
}

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

OGRFieldType ogr_type(field_type t, bool int32) {
    switch (t) {
    case field_type::integer:
        return int32 ? OFTInteger : OFTInteger64;
    case field_type::real:
        return OFTReal;
    case field_type::text:
        return OFTString;
    }
    return OFTString;
}

OGRwkbGeometryType layer_geometry_type(const feature_layer& layer) {
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

GDALDatasetUniquePtr create_dataset(const char* driver_name, const fs::path& path,
                                    detail::gdal_messages& messages, const fs::path& target) {
    detail::ensure_gdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
    if (!driver) {
        throw output_error(fmt::format("GDAL has no {} driver", driver_name),
                           error_context{target.string(), {}, std::nullopt, {}, {}});
    }
    GDALDatasetUniquePtr ds(
        driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) {
        throw output_error(messages.last_error("GDAL cannot create the file"),
                           error_context{target.string(), {}, std::nullopt, {}, {}});
    }
    return ds;
}

void write_features(GDALDataset& ds, const feature_layer& layer, detail::option_list& options,
                    detail::gdal_messages& messages, const fs::path& target) {
    const error_context where{target.string(), layer.name, std::nullopt, {}, {}};
    const OGRwkbGeometryType gtype = layer_geometry_type(layer);
    OGRSpatialReference srs;
    OGRSpatialReference* srs_ptr = nullptr;
    if (gtype != wkbNone && !layer.crs.empty()) {
        if (srs.SetFromUserInput(layer.crs.c_str()) != OGRERR_NONE) {
            throw output_error(fmt::format("GDAL does not understand the CRS '{}'", layer.crs),
                               where);
        }
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        srs_ptr = &srs;
    }
    OGRLayer* out = ds.CreateLayer(layer.name.c_str(), srs_ptr, gtype, options.get());
    if (!out) {
        throw output_error(messages.last_error("GDAL cannot create the layer"), where);
    }
    for (std::size_t i = 0; i < layer.fields.size(); ++i) {
        const auto& f = layer.fields[i];
        OGRFieldDefn defn(f.name.c_str(), ogr_type(f.type, fits_int32(layer, i)));
        if (out->CreateField(&defn) != OGRERR_NONE) {
            throw output_error(messages.last_error("GDAL cannot create the field"),
                               error_context{target.string(), layer.name, std::nullopt, {},
                                             f.name});
        }
    }
    const bool transaction = ds.StartTransaction() == OGRERR_NONE;
    for (const auto& f : layer.features) {
        OGRFeatureUniquePtr of(OGRFeature::CreateFeature(out->GetLayerDefn()));
        for (std::size_t i = 0; i < layer.fields.size(); ++i) {
            const int idx = static_cast<int>(i);
            std::visit(
                [&](const auto& v) {
                    using type = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<type, std::monostate>) {
                        of->SetFieldNull(idx);
                    } else if constexpr (std::is_same_v<type, std::int64_t>) {
                        of->SetField(idx, static_cast<GIntBig>(v));
                    } else if constexpr (std::is_same_v<type, double>) {
                        of->SetField(idx, v);
                    } else {
                        of->SetField(idx, v.c_str());
                    }
                },
                f.values[i]);
        }
        if (gtype != wkbNone) {
            if (auto g = detail::to_ogr(f.shape)) {
                if (gtype == wkbUnknown || wkbFlatten(g->getGeometryType()) == gtype) {
                    of->SetGeometryDirectly(g.release());
                }
            }
        }
        if (out->CreateFeature(of.get()) != OGRERR_NONE) {
            throw output_error(messages.last_error("GDAL cannot write the feature"),
                               error_context{target.string(), layer.name, f.source_fid, {}, {}});
        }
    }
    if (transaction && ds.CommitTransaction() != OGRERR_NONE) {
        throw output_error(messages.last_error("GDAL cannot commit the layer"), where);
    }
}

void close_checked(GDALDatasetUniquePtr& ds, detail::gdal_messages& messages,
                   const fs::path& target) {
    CPLErrorReset();
    ds.reset(); // flushes
    if (CPLGetLastErrorType() >= CE_Failure) {
        throw output_error(messages.last_error("GDAL failed to finish the file"),
                           error_context{target.string(), {}, std::nullopt, {}, {}});
    }
}

} // namespace

void write_geojson(const feature_layer& layer, const fs::path& path) {
    feature_layer wgs84 = layer;
    if (wgs84.has_geometry() && !wgs84.crs.empty()) {
        reproject(wgs84, "EPSG:4326");
    }
    write_atomically(path, [&](const fs::path& temp) {
        detail::gdal_messages messages;
        auto ds = create_dataset("GeoJSON", temp, messages, path);
        detail::option_list options;
        options.add("RFC7946", "YES");
        options.add("COORDINATE_PRECISION", "7");
        options.add("WRITE_NAME", "YES");
        write_features(*ds, wgs84, options, messages, path);
        close_checked(ds, messages, path);
    });
}

void write_gpkg(const std::vector<const feature_layer*>& layers, const fs::path& path) {
    write_atomically(path, [&](const fs::path& temp) {
        detail::gdal_messages messages;
        auto ds = create_dataset("GPKG", temp, messages, path);
        for (const auto* layer : layers) {
            detail::option_list options;
            options.add("SPATIAL_INDEX", "YES");
            options.add("FID", "fid");
            write_features(*ds, *layer, options, messages, path);
        }
        close_checked(ds, messages, path);
    });
}

void write_csv(const feature_layer& layer, const fs::path& path) {
    feature_layer table = layer;
    for (auto& f : table.features) {
        f.shape = std::monostate{};
    }
    write_atomically(path, [&](const fs::path& temp) {
        detail::gdal_messages messages;
        auto ds = create_dataset("CSV", temp, messages, path);
        detail::option_list options;
        options.add("SEPARATOR", "COMMA");
        options.add("LINEFORMAT", "LF");
        // Types go into the .csvt side-car (QGIS and GDAL read it, so "0101" stays text);
        // quoting only where needed, because GDAL's IF_AMBIGUOUS also quotes every integer.
        options.add("CREATE_CSVT", "YES");
        options.add("STRING_QUOTING", "IF_NEEDED");
        write_features(*ds, table, options, messages, path);
        close_checked(ds, messages, path);
    });
}

} // namespace standort::geo
