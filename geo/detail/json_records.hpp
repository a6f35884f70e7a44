#pragma once

#include "geo/feature_layer.hpp"

#include <string>

namespace standort::geo::detail {

// Reads a JSON array of flat objects (a spreadsheet exported as JSON) as a table: one field per
// key in order of first appearance, every value as text (numbers as written), null as null.
// The feature id is the array index, so element 0 is feature 0.
feature_layer read_json_records(const std::string& path);

} // namespace standort::geo::detail
