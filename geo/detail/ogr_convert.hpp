#pragma once

#include "geo/feature_layer.hpp"
#include "geo/types.hpp"

#include <ogr_feature.h>
#include <ogr_geometry.h>

#include <vector>

namespace standort::geo::detail {

// OGR to our geometry. Curves are linearised, Z is dropped, collections keep their polygons
// (else their lines, else their points); `note` says what was dropped. Polygons are NOT
// corrected here: validation must see them as they came.
geometry from_ogr(const OGRGeometry* g, std::string* note);

OGRGeometryUniquePtr to_ogr(const geometry& g);

OGRwkbGeometryType ogr_type_of(const geometry& g);

// Sets the feature's fields 0..n-1 to `values`, a null where a value is empty.
void set_fields(OGRFeature& feature, const std::vector<value>& values);

} // namespace standort::geo::detail
