#pragma once

#include <compare>
#include <functional>
#include <string>

namespace standort::planning {

// Keys stay strings: Berlin's 8-digit planning-area keys ("01011101") and school numbers
// ("01G40") lose meaning as numbers. A tag per kind keeps a district id from being passed where
// a facility id is expected.
template <class Tag> struct strong_id {
    std::string value;

    friend auto operator<=>(const strong_id&, const strong_id&) = default;
    friend bool operator==(const strong_id&, const strong_id&) = default;
};

using district_id = strong_id<struct district_tag>;
using facility_id = strong_id<struct facility_tag>;
using catchment_id = strong_id<struct catchment_tag>;

} // namespace standort::planning

template <class Tag> struct std::hash<standort::planning::strong_id<Tag>> {
    std::size_t operator()(const standort::planning::strong_id<Tag>& id) const noexcept {
        return std::hash<std::string>{}(id.value);
    }
};
