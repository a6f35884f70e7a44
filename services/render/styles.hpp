#pragma once

#include "geo/feature_layer.hpp"
#include "geo/write_layer.hpp"

#include <optional>
#include <string>
#include <vector>

namespace standort::services {

// How a layer looks when it is opened: QGIS reads the style from the GeoPackage's
// `layer_styles` table or from the `.qml` beside a GeoJSON. Styles belong to the analysis:
// classes come from the data and the targets, legends are German with units.
//
// Every classed style is a QGIS rule-based renderer: each class is an exact filter
// ("35 bis unter 45" is >= 35 and < 45, where a graduated renderer's ranges include both
// edges), missing values get their own class ("keine Daten"), and a style can be limited
// to one facility kind so a map never mixes Kitas and schools.

struct colour {
    int r = 0;
    int g = 0;
    int b = 0;
};

struct style_class {
    std::string label;                 // legend text, German with unit
    std::optional<double> from;        // value >= from
    std::optional<double> below;       // value < below
    std::optional<std::string> equals; // a category: value == equals (text or number)
    bool no_data = false;              // value is NULL
    colour fill;
};

struct layer_style {
    std::string name;  // in QGIS's style list, short: "Versorgungsquote U3"
    std::string title; // what the map shows: "Versorgungsquote U3 (Plätze je 100 Kinder)"
    std::string field; // what the classes test; empty: one symbol for every feature
    std::vector<style_class> classes;
    colour single{120, 120, 120}; // without classes
    bool outline_only = false;    // polygons drawn as outlines (districts under other layers)
    // Only features whose `only_field` equals `only_value` are drawn (one kind of facility).
    std::string only_field;
    std::string only_value;
    std::string label_field;   // labels on the map; empty: none
    std::string order_by;      // drawn in this field's order, largest first (near on top)
    std::string temporal_year; // an integer year field: the temporal controller shows one year
};

// Classes around a target the planners set (Versorgungsquote 45, access index 1): the target is
// a class edge, edges are round numbers spread to the data, below the target warm, above cool.
// `note` marks the class from the target on (a change around 0 has no target to reach).
std::vector<style_class> target_classes(const std::vector<double>& values, double target,
                                        const std::string& unit,
                                        const std::string& note = " (Ziel erreicht)");
// Classes from 0 to the data's maximum in round steps, light to dark (children affected).
std::vector<style_class> amount_classes(const std::vector<double>& values, const std::string& unit);
// Fixed edges given by the analysis (shares in percent: 50, 75, 90), low warm, high cool.
std::vector<style_class> edge_classes(const std::vector<double>& edges, const std::string& unit,
                                      bool high_is_good);
// One class per value, in the order given, with its label; colours from a qualitative palette.
std::vector<style_class>
category_classes(const std::vector<std::pair<std::string, std::string>>& value_labels);
// Adds "keine Daten" for NULL values (grey), last in the legend.
void add_no_data(std::vector<style_class>& classes);

// Text for XML (QML, SLD) and HTML: & < > " ' escaped.
std::string xml_escaped(const std::string& text);

// A number as a German legend writes it: 1.500, 0,8, 45.
std::string german_number(double v);

// The values of a numeric field of a layer (NULLs left out).
std::vector<double> values_of(const geo::feature_layer& layer, const std::string& field);

// QGIS 3.22 QML (renderer, labels, German field aliases, temporal settings) and SLD 1.1.
std::string to_qml(const layer_style& style, const geo::feature_layer& layer);
std::string to_sld(const layer_style& style, const geo::feature_layer& layer);

// The rows for the GeoPackage's layer_styles table: the first style is the default.
std::vector<geo::stored_style> stored_styles(const geo::feature_layer& layer,
                                             const std::vector<layer_style>& styles);

} // namespace standort::services
