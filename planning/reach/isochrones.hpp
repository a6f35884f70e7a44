#pragma once

#include "geo/network/street_network.hpp"
#include "planning/model/model.hpp"
#include "planning/reach/travel_costs.hpp"

#include <optional>
#include <vector>

namespace standort::planning {

// Service areas: for each facility of a kind and each limit, the area from which the facility
// is reached within the limit along the streets (demand searched towards supply, as in
// coverage), drawn as the reached streets buffered by `buffer_m`, with the children living
// inside (demand units by their point) and the facility's places. The facility's own leg to
// the street counts against the limit; a home's leg does not (the buffer stands for it), so an
// area may hold a few more children than coverage counts within the same limit.
struct isochrone_options {
    facility_kind kind = facility_kind::kita;
    age_band ages{0, 6};
    cost_metric metric = cost_metric::time_s;
    std::vector<double> limits; // metres or seconds, near to far
    double buffer_m = 50.0;     // half a block: the houses along a reached street
};

struct isochrone {
    std::size_t facility = 0; // index into planning_model::facilities
    double limit = 0;
    geo::multi_polygon area;
    double children = 0;
    std::optional<double> places;         // Kita places or school seats
    std::optional<double> places_per_100; // per 100 children inside
    double area_ha = 0;
    std::optional<double> street_leg_m; // the facility's way to the nearest street; none: off
};

// A facility that cannot be placed on the streets, or whose way to the nearest street alone
// exceeds a limit, still gets its rows (no area, no children) and a note naming it: an empty
// area is never silent.
struct isochrone_result {
    bool from_grid = false;
    std::vector<isochrone> areas; // by facility, then limit
    std::vector<std::string> notes;
};

isochrone_result compute_isochrones(const planning_model& model, int year,
                                    const geo::network::street_network& network,
                                    const isochrone_options& options);

} // namespace standort::planning
