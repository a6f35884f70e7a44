#include "geo/crs.hpp"

#include "geo/detail/proj_handle.hpp"
#include "geo/error.hpp"
#include "geo/transform.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

namespace standort::geo {

static detail::proj_ptr crs_or_throw(PJ_CONTEXT* ctx, const std::string& definition) {
    detail::proj_ptr pj = detail::create_crs(ctx, definition);
    if (!pj) {
        throw config_error(fmt::format("'{}' is not a coordinate reference system PROJ knows "
                                       "(write it as EPSG:25833, a WKT or a PROJ string)",
                                       definition));
    }
    return pj;
}

crs_info describe_crs(const std::string& definition) {
    auto ctx = detail::make_context();
    auto pj = crs_or_throw(ctx.get(), definition);
    crs_info info;
    info.definition = definition;
    if (const char* name = proj_get_name(pj.get())) {
        info.name = name;
    }
    const PJ_TYPE type = proj_get_type(pj.get());
    info.geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    if (const char* auth = proj_get_id_auth_name(pj.get(), 0)) {
        info.identifier = fmt::format("{}:{}", auth, proj_get_id_code(pj.get(), 0));
    } else {
        int* confidence = nullptr;
        PJ_OBJ_LIST* matches = proj_identify(ctx.get(), pj.get(), "EPSG", nullptr, &confidence);
        if (matches && proj_list_get_count(matches) > 0 && confidence && confidence[0] >= 90) {
            detail::proj_ptr best{proj_list_get(ctx.get(), matches, 0)};
            info.identifier = fmt::format("EPSG:{}", proj_get_id_code(best.get(), 0));
        }
        proj_int_list_destroy(confidence);
        proj_list_destroy(matches);
    }
    if (info.identifier == "OGC:CRS84") {
        info.identifier = "EPSG:4326"; // the same datum and axes once order is normalised
    }
    double west = 0, south = 0, east = 0, north = 0;
    const char* area_name = nullptr;
    if (proj_get_area_of_use(ctx.get(), pj.get(), &west, &south, &east, &north, &area_name) &&
        west > -1000) {
        info.area_of_use_lonlat = box{point{west, south}, point{east, north}};
        if (area_name) {
            info.area_name = area_name;
        }
    } else {
        info.area_of_use_lonlat = box{point{1, 1}, point{-1, -1}};
    }
    return info;
}

std::string etrs89_utm_for_longitude(double lon) {
    int zone = static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1;
    // ETRS89 / UTM codes exist for zones 28 to 38 (Europe); clamp to them.
    zone = std::clamp(zone, 28, 38);
    return fmt::format("EPSG:{}", 25800 + zone);
}

crs_choice working_crs_for(double lon, double lat) {
    if (lon >= -16 && lon <= 40 && lat >= 32 && lat <= 84) {
        return {etrs89_utm_for_longitude(lon), "the ETRS89/UTM zone of the districts"};
    }
    const int zone = std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
    const bool north = lat >= 0;
    return {fmt::format("EPSG:{}", (north ? 32600 : 32700) + zone),
            fmt::format("the WGS 84 / UTM zone {}{} of the districts, which lie outside ETRS89's "
                        "area (Europe)",
                        zone, north ? "N" : "S")};
}

static bool inside(const box& inner, const box& outer, double margin) {
    return inner.min_corner().x() >= outer.min_corner().x() - margin &&
           inner.min_corner().y() >= outer.min_corner().y() - margin &&
           inner.max_corner().x() <= outer.max_corner().x() + margin &&
           inner.max_corner().y() <= outer.max_corner().y() + margin;
}

static std::optional<box> extent_in_lonlat(const box& extent, const std::string& definition) {
    try {
        transformer to_lonlat(definition, "EPSG:4326");
        box out = to_lonlat.apply(extent);
        if (!std::isfinite(out.min_corner().x()) || !std::isfinite(out.max_corner().y())) {
            return std::nullopt;
        }
        return out;
    } catch (const error&) {
        return std::nullopt;
    }
}

bool extent_fits_crs(const box& extent, const std::string& definition) {
    if (!is_valid_box(extent)) {
        return true; // nothing to check
    }
    const crs_info info = describe_crs(definition);
    const box world{point{-180, -90}, point{180, 90}};
    std::optional<box> lonlat;
    if (info.geographic) {
        if (!inside(extent, world, 0.0)) {
            return false;
        }
        lonlat = extent;
    } else {
        lonlat = extent_in_lonlat(extent, definition);
        if (!lonlat || !inside(*lonlat, world, 0.0)) {
            return false;
        }
    }
    if (!is_valid_box(info.area_of_use_lonlat)) {
        return true;
    }
    // Projected data legally reaches far past a zone's nominal area: the BKG ships all of
    // Germany (5.8 to 15.1 E) in Gauss-Krueger zone 3 (nominal 7.5 to 10.5 E), and many Laender
    // use UTM 32 for all their land. Six degrees catch metres read in the wrong CRS, not those.
    return inside(*lonlat, info.area_of_use_lonlat, info.geographic ? 1.0 : 6.0);
}

bool intersects(const box& a, const box& b) {
    return a.min_corner().x() <= b.max_corner().x() && b.min_corner().x() <= a.max_corner().x() &&
           a.min_corner().y() <= b.max_corner().y() && b.min_corner().y() <= a.max_corner().y();
}

std::vector<std::string> guess_crs(const box& extent, const std::optional<box>& reference_lonlat) {
    // What German geodata comes in: ETRS89/UTM (the official one), WGS84, Gauss-Krueger
    // zones 2 to 5 (older Land data, BKG's VG products), Web Mercator (web exports), LAEA Europe.
    static const std::array<const char*, 10> candidates = {
        "EPSG:25832", "EPSG:25833", "EPSG:4326", "EPSG:31466", "EPSG:31467",
        "EPSG:31468", "EPSG:31469", "EPSG:3857", "EPSG:3035",  "EPSG:25831"};
    const box germany{point{5.0, 47.0}, point{16.0, 55.5}};
    std::vector<std::string> in_germany;
    std::vector<std::string> on_reference;
    for (const char* candidate : candidates) {
        if (!extent_fits_crs(extent, candidate)) {
            continue;
        }
        auto lonlat = extent_in_lonlat(extent, candidate);
        if (!lonlat || !intersects(*lonlat, germany)) {
            continue;
        }
        in_germany.emplace_back(candidate);
        if (reference_lonlat && intersects(*lonlat, *reference_lonlat)) {
            on_reference.emplace_back(candidate);
        }
    }
    return on_reference.empty() ? in_germany : on_reference;
}

} // namespace standort::geo
