#include "services/load/read_streets.hpp"

#include "geo/network/street_ways.hpp"
#include "geo/read_layer.hpp"
#include "geo/transform.hpp"

#include <fmt/format.h>

namespace standort::services {

planning::street_data read_streets(const network_spec& spec, const std::string& working_crs,
                                   const std::optional<geo::box>& reference_lonlat) {
    geo::read_options options = spec.source.read;
    options.reference_lonlat = reference_lonlat;
    auto result = geo::read_layer(options);
    for (const auto& f : result.found) {
        if (f.level == severity::error) {
            throw input_error(fmt::format("the street network cannot be used: {}", f.message),
                              f.where);
        }
    }
    geo::reproject(result.layer, working_crs);
    auto ways = geo::network::ways_from_layer(result.layer, spec.fields);
    planning::street_data out;
    out.source = geo::redacted_source(spec.source.read.source);
    out.layer = result.layer.name;
    out.features = result.layer.features.size();
    out.class_field = spec.fields.class_field;
    out.ways = std::move(ways.ways);
    out.options = spec.options;
    out.found = std::move(result.found);
    for (auto& f : ways.found) {
        out.found.push_back(std::move(f));
    }
    return out;
}

} // namespace standort::services
