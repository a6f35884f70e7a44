#pragma once

#include "geo/feature_layer.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace standort::geo {

// How numbers are written in a text column.
// plain:  "1234.5"          (C locale; what GDAL writes)
// german: "1.234,5", "27,0" (dot groups thousands, comma is the decimal separator)
// Both accept a trailing "%" ("113%"), reported as percent so the caller can divide by 100.
// unstated: read as plain, because the project file did not say; a reader of counts then checks
// that the column does not look German (see looks_like_german_thousands).
enum class number_format { plain, german, unstated };

std::optional<number_format> parse_number_format(std::string_view name);

struct parsed_number {
    double number = 0.0;
    bool percent = false;
};

// nullopt for empty or blank text (a missing value, not zero); throws nothing: an unparsable
// text gives an error message in `problem` and nullopt.
std::optional<parsed_number> parse_number(std::string_view text, number_format format,
                                          std::string* problem);

// "1.732", "12.500.000": what a count in German notation looks like, read as plain it would be
// 1.732. A column of whole counts where every dotted value has this form is German.
bool looks_like_german_thousands(std::string_view text);

// A field value as a number: numbers pass through, text is parsed with `format`.
std::optional<parsed_number> value_as_number(const value& v, number_format format,
                                             std::string* problem);

} // namespace standort::geo
