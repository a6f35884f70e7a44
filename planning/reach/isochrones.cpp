#include "planning/reach/isochrones.hpp"

#include "geo/error.hpp"
#include "geo/network/network_search.hpp"
#include "geo/network/reached_area.hpp"
#include "geo/overlay.hpp"
#include "geo/spatial_index.hpp"
#include "planning/detail/parallel.hpp"
#include "planning/reach/demand_units.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <set>

namespace standort::planning {

namespace {

struct facility_areas {
    std::vector<isochrone> areas; // one per limit
    std::optional<std::string> note;
};

// One facility's areas at every limit, from one search to the farthest.
facility_areas areas_of(const planning_model& model, std::size_t f,
                        const geo::network::street_network& network,
                        geo::network::network_search& search, const isochrone_options& options) {
    facility_areas out;
    const auto& fac = model.facilities[f];
    const std::uint32_t label = 0;
    const auto seed = network.snap(fac.location);
    if (!seed) {
        out.note = fmt::format("{} ({}) cannot be placed on the street network: no area",
                               fac.id.value, fac.name);
    } else {
        search.run(std::span(&*seed, 1), std::span(&label, 1), options.metric,
                   geo::network::direction::to_seeds, options.limits.back());
        const double leg = network.connector_cost(seed->connector_m, options.metric);
        const auto beyond = std::find_if(options.limits.begin(), options.limits.end(),
                                         [&](double l) { return l > leg; });
        if (beyond != options.limits.begin()) {
            const auto within = to_string(travel_cost{options.metric, *std::prev(beyond)});
            out.note = fmt::format("{} ({}) is {:.0f} m from the nearest street: that way alone "
                                   "takes at least {}, so it has no area within {}; is it "
                                   "outside the street network's extent?",
                                   fac.id.value, fac.name, seed->connector_m, within, within);
        }
    }
    // Each area grows from the nearer one by the street pieces it did not have (a piece
    // reached farther is a longer piece, whose buffer holds the shorter one's).
    out.areas.reserve(options.limits.size()); // `nearer` points into it
    std::set<std::array<double, 4>> had;
    const geo::multi_polygon* nearer = nullptr;
    for (double limit : options.limits) {
        isochrone iso;
        iso.facility = f;
        iso.limit = limit;
        if (seed) {
            geo::multi_linestring more;
            std::set<std::array<double, 4>> has;
            for (auto& piece : geo::network::reached_lines(search, limit)) {
                const std::array<double, 4> key{piece.front().x(), piece.front().y(),
                                                piece.back().x(), piece.back().y()};
                has.insert(key);
                if (!had.contains(key)) {
                    more.push_back(std::move(piece));
                }
            }
            iso.area =
                geo::grow_by_lines(nearer ? *nearer : geo::multi_polygon{}, more, options.buffer_m);
            had = std::move(has);
            iso.street_leg_m = seed->connector_m;
        }
        iso.places = fac.kind == facility_kind::kita ? fac.cap.places : fac.cap.seats;
        out.areas.push_back(std::move(iso));
        nearer = &out.areas.back().area;
    }
    return out;
}

} // namespace

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
    std::vector<std::size_t> facilities;
    for (std::size_t f = 0; f < model.facilities.size(); ++f) {
        if (model.facilities[f].kind == options.kind) {
            facilities.push_back(f);
        }
    }
    // Facilities are independent: on every core, each part with its own search; areas and
    // notes kept per facility, so they come out in facility order however the parts ran.
    std::vector<facility_areas> per_facility(facilities.size());
    detail::for_each_part(
        facilities.size(), 2 * detail::cores(), [&](std::size_t, std::size_t from, std::size_t to) {
            geo::network::network_search search(network);
            for (std::size_t i = from; i < to; ++i) {
                per_facility[i] = areas_of(model, facilities[i], network, search, options);
            }
        });
    for (auto& fa : per_facility) {
        std::move(fa.areas.begin(), fa.areas.end(), std::back_inserter(out.areas));
        if (fa.note) {
            out.notes.push_back(std::move(*fa.note));
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
