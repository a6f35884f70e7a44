#pragma once

#include "geo/feature_layer.hpp"
#include "services/render/styles.hpp"

#include <string>
#include <utility>
#include <vector>

namespace standort::services {

// The styles each analysis's layers open with: what the map of that analysis shows, classes
// from the layer's own values and the targets. The first of each list is the default.

// Districts as outlines with their names: the base under every other layer.
std::vector<layer_style> district_base_styles(const geo::feature_layer& layer);
// Facilities (or sites) by kind, with their names.
std::vector<layer_style> facility_kind_styles(const geo::feature_layer& layer,
                                              const std::string& kind_field = "kind");
// One colour per catchment, labelled with the school's name.
std::vector<layer_style> catchment_styles(const geo::feature_layer& layer,
                                          const std::string& id_field);
// A Versorgungsquote or another figure with a target: one style per (field, target, title).
struct target_field {
    std::string field;
    double target = 0;
    std::string name;                      // style name
    std::string unit;                      // legend unit
    std::string note = " (Ziel erreicht)"; // on the class from the target on
};
std::vector<layer_style> target_styles(const geo::feature_layer& layer,
                                       const std::vector<target_field>& fields);
// Amounts from 0 (children in a gap, missing places), one style per field.
std::vector<layer_style>
amount_styles(const geo::feature_layer& layer,
              const std::vector<std::pair<std::string, std::string>>& field_units);
// An index relative to the mean (access): classes symmetric in ratio around 1 (0,5 | 2).
std::vector<layer_style>
index_styles(const geo::feature_layer& layer,
             const std::vector<std::pair<std::string, std::string>>& field_names);
// Shares in percent within a threshold: fixed classes 50, 75, 90, high is good.
std::vector<layer_style> share_styles(const geo::feature_layer& layer,
                                      const std::vector<std::string>& fields);
// Isochrones: one colour per limit, the nearest drawn on top.
std::vector<layer_style> limit_styles(const geo::feature_layer& layer, const std::string& field,
                                      const std::string& unit_field);
// Years of a first shortage, earliest darkest; NULL: none within the forecast.
std::vector<layer_style> first_year_styles(const geo::feature_layer& layer,
                                           const std::string& field, const std::string& kind,
                                           const std::string& title);
// Siting: chosen, rejected, kept, closed.
std::vector<layer_style> outcome_styles(const geo::feature_layer& layer);

// The style's filter limited to one facility kind (a map never mixes Kitas and schools).
layer_style only_kind(layer_style style, const std::string& field, const std::string& kind);
// A style shown year by year by QGIS's temporal controller, from an integer year field.
layer_style yearly(layer_style style, const std::string& year_field);

} // namespace standort::services
