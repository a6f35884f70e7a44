#pragma once

#include "geo/network/network_search.hpp"

namespace standort::geo::network {

// The parts of the streets within `limit` of the last search's seeds: whole edges, and the
// part of an edge reached from one end only up to where the limit runs out (linear along the
// edge). Buffered, this is a service area drawn from the network itself, not a hull of points.
multi_linestring reached_lines(const network_search& search, double limit);

} // namespace standort::geo::network
