#pragma once

#include <string>

namespace standort::geo {

// The GDAL, GEOS and PROJ versions this build runs with, as the libraries report them at run
// time ("GDAL 3.6.2, GEOS 3.11.1, PROJ 9.1.1"): what a bug report needs.
std::string library_versions();

} // namespace standort::geo
