#include "geo/spatial_index.hpp"

#include <boost/geometry/algorithms/covered_by.hpp>
#include <boost/geometry/algorithms/envelope.hpp>

#include <algorithm>

namespace standort::geo {

namespace bgi = boost::geometry::index;

static std::vector<std::pair<box, std::size_t>>
boxes_of(const std::vector<const multi_polygon*>& polygons) {
    std::vector<std::pair<box, std::size_t>> out;
    out.reserve(polygons.size());
    for (std::size_t i = 0; i < polygons.size(); ++i) {
        if (polygons[i] && !polygons[i]->empty()) {
            out.emplace_back(boost::geometry::return_envelope<box>(*polygons[i]), i);
        }
    }
    return out;
}

// The range constructor bulk-loads (packs) the tree: faster to build and query than inserts.
polygon_index::polygon_index(const std::vector<const multi_polygon*>& polygons)
    : m_polygons(polygons), m_tree(boxes_of(polygons)) {}

std::vector<std::size_t> polygon_index::covering(const point& p) const {
    std::vector<std::size_t> out;
    for (auto it = m_tree.qbegin(bgi::intersects(p)); it != m_tree.qend(); ++it) {
        if (boost::geometry::covered_by(p, *m_polygons[it->second])) {
            out.push_back(it->second);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace standort::geo
