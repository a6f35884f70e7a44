#include "planning/reach/isochrones.hpp"

#include "geo/error.hpp"
#include "geo/network/network_search.hpp"
#include "geo/network/reached_area.hpp"
#include "geo/overlay.hpp"
#include "geo/spatial_index.hpp"
#include "planning/reach/demand_units.hpp"

#include <algorithm>

namespace standort::planning {

isochrone_result compute_isochrones(const planning_model& model, int year,
                                    const geo::network::street_network& network,
                                    const isochrone_options& options) {
    if (options.limits.empty() || !std::is_sorted(options.limits.begin(), options.limits.end())) {
        throw config_error("isochrones need limits from near to far");
    }
    if (!(options.buffer_m > 0)) {
        throw config_error("the isochrone buffer must be more than 0 m");
    }
    isochrone_result out;
    geo::network::network_search search(network);
    const std::uint32_t label = 0;
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        const auto& fac = model.facilities[f];
        if (fac.kind != options.kind) {
            continue;
        }
        const auto seed = network.snap(fac.location);
        if (!seed) {
            continue;
        }
        search.run(std::span(&*seed, 1), std::span(&label, 1), options.metric,
                   geo::network::direction::to_seeds, options.limits.back());
        for (double limit : options.limits) {
            isochrone iso;
            iso.facility = f;
            iso.limit = limit;
            iso.area =
                geo::buffer_lines(geo::network::reached_lines(search, limit), options.buffer_m);
            iso.places = fac.kind == facility_kind::kita ? fac.cap.places : fac.cap.seats;
            out.areas.push_back(std::move(iso));
        }
    }

    // Children inside: each demand unit counts in every area holding its point.
    const auto units = make_demand_units(model, year, options.ages, {});
    out.from_grid = units.from_grid;
    std::vector<const geo::multi_polygon*> areas;
    for (const auto& a : out.areas) {
        areas.push_back(&a.area);
    }
    const geo::polygon_index index(areas);
    for (std::size_t u = 0; u < units.locations.size(); ++u) {
        if (units.children[u] <= 0) {
            continue;
        }
        for (auto i : index.covering(units.locations[u])) {
            out.areas[i].children += units.children[u];
        }
    }
    for (auto& a : out.areas) {
        a.area_ha = geo::area(a.area) / 1e4;
        if (a.places && a.children > 0) {
            a.places_per_100 = 100 * *a.places / a.children;
        }
    }
    return out;
}

} // namespace standort::planning
