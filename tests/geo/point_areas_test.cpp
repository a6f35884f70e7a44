// Demand points as areas: a grid's spacing is found from the points, also rotated as a
// reprojected grid is, and points that are no grid get Voronoi cells that never overlap.
#include "geo/point_areas.hpp"
#include "tests/geometry_support.hpp"

#include <boost/geometry/algorithms/area.hpp>
#include <boost/geometry/algorithms/is_valid.hpp>
#include <boost/geometry/strategies/strategies.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

using namespace standort::geo;
using standort::test::square;

namespace {

// A rows x cols lattice of `size` spacing, turned by `degrees` around the origin.
std::vector<point> lattice(int rows, int cols, double size, double degrees) {
    const double a = degrees * M_PI / 180;
    std::vector<point> out;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const double x = 500000 + c * size;
            const double y = 5400000 + r * size;
            out.emplace_back(x * std::cos(a) - y * std::sin(a), x * std::sin(a) + y * std::cos(a));
        }
    }
    return out;
}

} // namespace

TEST(PointAreas, FindsTheSpacingOfAGrid) {
    EXPECT_NEAR(grid_spacing(lattice(30, 40, 100, 0)).value_or(0), 100, 1e-6);
    EXPECT_NEAR(grid_spacing(lattice(30, 40, 250, 0)).value_or(0), 250, 1e-6);
    // The Zensus grid in EPSG:3035 read into UTM is turned by about 2 degrees.
    EXPECT_NEAR(grid_spacing(lattice(30, 40, 100, 2.3)).value_or(0), 100, 1e-6);
    // A grid with a few cells missing is still a grid.
    auto holes = lattice(30, 40, 100, 0);
    holes.erase(holes.begin() + 100, holes.begin() + 130);
    EXPECT_NEAR(grid_spacing(holes).value_or(0), 100, 1e-6);
}

TEST(PointAreas, AddressPointsAreNoGrid) {
    std::mt19937 random(7);
    std::uniform_real_distribution<double> within(0, 2000);
    std::vector<point> points;
    for (int i = 0; i < 800; ++i) {
        points.emplace_back(500000 + within(random), 5400000 + within(random));
    }
    EXPECT_FALSE(grid_spacing(points));
    EXPECT_FALSE(grid_spacing({point{0, 0}, point{0, 0}, point{0, 0}, point{0, 0}}));
    EXPECT_FALSE(grid_spacing({point{0, 0}, point{1, 0}}));
}

TEST(PointAreas, VoronoiCellsTileTheDistrictWithoutOverlap) {
    // Four points 100 m apart in a 200 m square around them: by hand, each cell is the
    // 100 m square of its quarter.
    const std::vector<point> points{{0, 0}, {100, 0}, {0, 100}, {100, 100}};
    const multi_polygon district = square(-50, -50, 200);
    const std::vector<const multi_polygon*> within(points.size(), &district);
    const auto cells = voronoi_areas(points, within, 1000);
    ASSERT_EQ(cells.size(), 4u);
    for (const auto& c : cells) {
        EXPECT_TRUE(boost::geometry::is_valid(c));
        EXPECT_NEAR(boost::geometry::area(c), 100.0 * 100.0, 1e-6);
    }
    // Within 30 m of each point: the GEOS buffer's 32-gon, 16 r² sin(2 pi / 32).
    const auto near = voronoi_areas(points, within, 30);
    EXPECT_NEAR(boost::geometry::area(near[0]), 16 * 900 * std::sin(2 * M_PI / 32), 1e-6);
    // Two addresses at one spot share one cell; the cell ends at the district's edge.
    const std::vector<point> twice{{0, 0}, {0, 0}, {100, 0}};
    const auto shared = voronoi_areas(twice, {&district, &district, &district}, 1000);
    EXPECT_NEAR(boost::geometry::area(shared[0]), boost::geometry::area(shared[1]), 1e-9);
    EXPECT_NEAR(boost::geometry::area(shared[0]) + boost::geometry::area(shared[2]), 200.0 * 200.0,
                1e-6);
}
