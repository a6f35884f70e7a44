#include "geo/versions.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <proj.h>

#include <fmt/format.h>

namespace standort::geo {

std::string library_versions() {
    return fmt::format("GDAL {}, GEOS {}, PROJ {}", GDALVersionInfo("RELEASE_NAME"), GEOSversion(),
                       proj_info().version);
}

} // namespace standort::geo
