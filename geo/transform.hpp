#pragma once

#include "geo/feature_layer.hpp"
#include "geo/types.hpp"

#include <memory>
#include <string>

namespace standort::geo {

// The one path from one CRS to another. Axis order is normalised here and only here: every
// geographic coordinate inside standort is x = longitude, y = latitude, whatever the CRS's
// official axis order says (EPSG:4326 says latitude first).
class transformer {
public:
    transformer(const std::string& source_crs, const std::string& target_crs);
    ~transformer();
    transformer(transformer&&) noexcept;
    transformer& operator=(transformer&&) noexcept;

    point apply(const point& p) const;
    // Transforms in place; throws error when a coordinate cannot be transformed.
    void apply(geometry& g) const;
    box apply(const box& b) const; // the envelope of the transformed box (edges densified)

    bool is_identity() const noexcept { return m_state == nullptr; }

private:
    struct state; // PROJ's context and operation; PROJ stays out of this header
    std::unique_ptr<state> m_state;
};

// Reprojects every geometry of the layer into `target_crs` and records it as the layer's CRS.
void reproject(feature_layer& layer, const std::string& target_crs);

// Same CRS? Compares what PROJ identifies, so "EPSG:4326" equals its WKT.
bool same_crs(const std::string& a, const std::string& b);

} // namespace standort::geo
