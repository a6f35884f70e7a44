#pragma once

#include "geo/types.hpp"

#include <boost/geometry/index/rtree.hpp>

#include <cstddef>
#include <utility>
#include <vector>

namespace standort::geo {

// Which polygons cover a point: an R*-tree over the polygons' boxes, then an exact
// covered_by test (a point on a shared border belongs to both neighbours; callers decide).
// Holds a view of the polygons: the vector must outlive the index.
class polygon_index {
public:
    explicit polygon_index(const std::vector<const multi_polygon*>& polygons);

    // Indices into the vector given at construction, ascending.
    std::vector<std::size_t> covering(const point& p) const;

    std::size_t size() const noexcept { return m_polygons.size(); }

private:
    using entry = std::pair<box, std::size_t>;
    std::vector<const multi_polygon*> m_polygons;
    boost::geometry::index::rtree<entry, boost::geometry::index::rstar<16>> m_tree;
};

} // namespace standort::geo
