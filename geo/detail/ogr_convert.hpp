#pragma once

#include "geo/types.hpp"

#include <ogr_geometry.h>

namespace standort::geo::detail {

// OGR to our geometry. Curves are linearised, Z is dropped, collections keep their polygons
// (else their lines, else their points); `note` says what was dropped. Polygons are NOT
// corrected here: validation must see them as they came.
geometry from_ogr(const OGRGeometry* g, std::string* note);

OGRGeometryUniquePtr to_ogr(const geometry& g);

OGRwkbGeometryType ogr_type_of(const geometry& g);

} // namespace standort::geo::detail
