#pragma once

#include "geo/types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::geo {

// What PROJ knows about a CRS definition ("EPSG:25833", a WKT, a PROJ string).
struct crs_info {
    std::string definition; // as given
    std::string name;       // "ETRS89 / UTM zone 33N"
    std::string identifier; // "EPSG:25833" when PROJ can identify it, else empty
    bool geographic = false;
    // Area of use in lon/lat degrees (west, south, east, north); inverse when unknown.
    box area_of_use_lonlat;
    std::string area_name;
};

// Throws config_error when PROJ cannot make sense of the definition.
crs_info describe_crs(const std::string& definition);

// The ETRS89 / UTM zone (EPSG:25828 ... 25838) whose central band holds this longitude:
// the working CRS German authorities use (25832 west of 12 degrees E, 25833 east of it).
std::string etrs89_utm_for_longitude(double lon);

// The working CRS for data centred at (lon, lat) when the project names none: ETRS89 / UTM
// inside ETRS89's area (Europe, 16 W to 40 E, 32 to 84 N: what German authorities use), else
// WGS 84 / UTM of the zone (EPSG:326zz north, 327zz south), so distances and areas are true
// and a datum such as NAD27 is shifted on the way, not read as ETRS89.
struct crs_choice {
    std::string crs;
    std::string reason;
};
crs_choice working_crs_for(double lon, double lat);

// Whether an extent given in `definition` lies inside that CRS's area of use (with a margin of
// a degree, as real layers reach a little past a zone's edge). False when the coordinates cannot
// even be transformed, e.g. metres read as degrees.
bool extent_fits_crs(const box& extent, const std::string& definition);

bool intersects(const box& a, const box& b);

// CRSs German data often comes in whose area of use holds this extent (read in that CRS),
// best first. When `reference_lonlat` is given (the extent of the other layers), candidates
// whose result overlaps it are preferred and the others dropped if any overlaps.
std::vector<std::string> guess_crs(const box& extent, const std::optional<box>& reference_lonlat);

} // namespace standort::geo
