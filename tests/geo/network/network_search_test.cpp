#include "geo/network/network_search.hpp"
#include "geo/network/street_ways.hpp"
#include "geo/read_layer.hpp"

#include "tests/test_support.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>

#include <gtest/gtest.h>

#include <random>

namespace standort::geo::network {
namespace {

street_way line(std::initializer_list<point> pts, std::string highway = "residential",
                std::map<std::string, std::string, std::less<>> tags = {}) {
    street_way w;
    w.line.assign(pts.begin(), pts.end());
    w.tags = {std::move(highway), std::move(tags)};
    return w;
}

std::uint32_t node_near(const street_network& net, point p) {
    for (std::uint32_t n = 0; n < net.node_count(); ++n) {
        if (net.node(n).x() == p.x() && net.node(n).y() == p.y()) {
            return n;
        }
    }
    ADD_FAILURE() << "no node at " << p.x() << " " << p.y();
    return 0;
}

std::vector<std::uint32_t> labels_for(std::size_t n) {
    std::vector<std::uint32_t> out(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        out[i] = i;
    }
    return out;
}

// A street along y = 0 with vertices every 100 m:
//
//   (0,0) ---- (100,0) ---- (200,0)
TEST(NetworkSearch, CostsIncludeTheOffStreetLegsAndPartsOfEdges) {
    const auto net = street_network::build({line({{0, 0}, {100, 0}, {200, 0}})}, {});
    ASSERT_EQ(net.node_count(), 3u);
    ASSERT_EQ(net.edges().size(), 2u);
    const auto kita = *net.snap({150, 10});
    EXPECT_NEAR(kita.t, 0.5, 1e-12);
    EXPECT_NEAR(kita.connector_m, 10, 1e-12);
    const auto home = *net.snap({20, -5});
    EXPECT_NEAR(home.connector_m, 5, 1e-12);

    network_search search(net);
    const std::vector seeds{kita};
    search.run(seeds, labels_for(1), cost_metric::distance_m, direction::to_seeds);
    // 5 m to the street, 130 m along it (x 20 -> 150), 10 m to the door.
    EXPECT_NEAR(search.cost_at(home).cost, 145, 1e-9);
    // On the same edge as the Kita: 10 m along it, no detour through a node.
    EXPECT_NEAR(search.cost_at(*net.snap({160, 0})).cost, 20, 1e-9);
    // Nodes: (100,0) is 50 m along plus the 10 m leg.
    EXPECT_NEAR(search.node_cost(node_near(net, {100, 0})), 60, 1e-9);

    // Time at 4.5 km/h = 1.25 m/s, the off-street legs walked as well: 145 m -> 116 s.
    search.run(seeds, labels_for(1), cost_metric::time_s, direction::to_seeds);
    EXPECT_NEAR(search.cost_at(home).cost, 116, 1e-9);

    // A limit of 100 m: the home (145 m) is not reached, the point 20 m away is.
    search.run(seeds, labels_for(1), cost_metric::distance_m, direction::to_seeds, 100);
    EXPECT_EQ(search.cost_at(home).cost, unreachable);
    EXPECT_NEAR(search.cost_at(*net.snap({160, 0})).cost, 20, 1e-9);
}

// One way block, drawn counter-clockwise, 100 m sides:
//
//   D (0,100) <--- C (100,100)
//      |              ^
//      v              |
//   A (0,0)   ---> B (100,0)
TEST(NetworkSearch, OnewayStreetsMakeDrivingCostsAsymmetric) {
    const std::map<std::string, std::string, std::less<>> one{{"oneway", "yes"}};
    const std::vector ways{line({{0, 0}, {100, 0}}, "residential", one),
                           line({{100, 0}, {100, 100}}, "residential", one),
                           line({{100, 100}, {0, 100}}, "residential", one),
                           line({{0, 100}, {0, 0}}, "residential", one)};
    const auto drive = street_network::build(ways, {travel_mode::drive});
    const auto a = *drive.snap({0, 0});
    const auto b = *drive.snap({100, 0});
    network_search search(drive);
    const std::vector seeds{a};
    // From B to A by car: round the block, 300 m; from A to B: 100 m.
    search.run(seeds, labels_for(1), cost_metric::distance_m, direction::to_seeds);
    EXPECT_NEAR(search.cost_at(b).cost, 300, 1e-9);
    search.run(seeds, labels_for(1), cost_metric::distance_m, direction::from_seeds);
    EXPECT_NEAR(search.cost_at(b).cost, 100, 1e-9);
    // 30 km/h on a residential street: 300 m take 36 s.
    search.run(seeds, labels_for(1), cost_metric::time_s, direction::to_seeds);
    EXPECT_NEAR(search.cost_at(b).cost, 36, 1e-9);

    // On foot the block is two way: 100 m.
    const auto walk = street_network::build(ways, {travel_mode::walk});
    network_search on_foot(walk);
    on_foot.run(std::vector{*walk.snap({0, 0})}, labels_for(1), cost_metric::distance_m,
                direction::to_seeds);
    EXPECT_NEAR(on_foot.cost_at(*walk.snap({100, 0})).cost, 100, 1e-9);

    // A point in the middle of A -> B, going to a seed 25 m further on: forward, 25 m. A seed
    // 25 m behind it must be reached round the block.
    const auto mid = *drive.snap({50, 0});
    search.run(std::vector{*drive.snap({75, 0})}, labels_for(1), cost_metric::distance_m,
               direction::to_seeds);
    EXPECT_NEAR(search.cost_at(mid).cost, 25, 1e-9);
    search.run(std::vector{*drive.snap({25, 0})}, labels_for(1), cost_metric::distance_m,
               direction::to_seeds);
    // 50 m to B, 300 m round to A, 25 m to the seed.
    EXPECT_NEAR(search.cost_at(mid).cost, 375, 1e-9);
}

TEST(NetworkSearch, LabelsTellWhichSeedIsNearest) {
    const auto net =
        street_network::build({line({{0, 0}, {100, 0}, {200, 0}, {300, 0}, {400, 0}})}, {});
    network_search search(net);
    const std::vector seeds{*net.snap({0, 0}), *net.snap({400, 0})};
    search.run(seeds, std::vector<std::uint32_t>{7, 9}, cost_metric::distance_m,
               direction::to_seeds);
    EXPECT_EQ(search.cost_at(*net.snap({120, 0})).label, 7u);
    EXPECT_NEAR(search.cost_at(*net.snap({120, 0})).cost, 120, 1e-9);
    EXPECT_EQ(search.cost_at(*net.snap({290, 0})).label, 9u);
    EXPECT_NEAR(search.cost_at(*net.snap({290, 0})).cost, 110, 1e-9);
}

TEST(StreetNetwork, SnapsOnlyToTheLargestConnectedPart) {
    // A long street, and a short private-looking piece nearer to the point but unconnected.
    const auto net = street_network::build(
        {line({{0, 0}, {1000, 0}}), line({{500, 40}, {520, 40}}, "service")}, {});
    EXPECT_EQ(net.stats().components, 2u);
    EXPECT_EQ(net.stats().edges_outside_main, 1u);
    const auto at = *net.snap({510, 45});
    EXPECT_NEAR(at.connector_m, 45, 1e-9);
    EXPECT_NEAR(at.on_edge.y(), 0, 1e-12);
}

TEST(StreetNetwork, LeavesOutWaysTheModeMayNotUse) {
    const auto net = street_network::build(
        {line({{0, 0}, {100, 0}}, "motorway"), line({{0, 0}, {0, 100}}, "footway")},
        {travel_mode::walk});
    EXPECT_EQ(net.stats().ways_read, 2u);
    EXPECT_EQ(net.stats().ways_used, 1u);
    EXPECT_EQ(net.edges().size(), 1u);
    EXPECT_NEAR(net.stats().length_km, 0.1, 1e-12);
}

TEST(StreetNetwork, JoinsVerticesWithinTheNodeTolerance) {
    // Two lines digitised to meet, 4 mm apart.
    const std::vector ways{line({{0, 0}, {100, 0}}), line({{100.004, 0}, {200, 0}})};
    EXPECT_EQ(street_network::build(ways, {}).stats().components, 1u);
    network_options exact;
    exact.node_tolerance_m = 0.001;
    EXPECT_EQ(street_network::build(ways, exact).stats().components, 2u);
}

// The example town's streets, searched from several nodes, against Boost.Graph's Dijkstra on
// the same edges: an independent implementation of the shortest paths.
TEST(NetworkSearch, AgreesWithBoostGraphOnTheExampleStreets) {
    read_options options;
    options.source = (test::source_dir() / "data/example/streets.gpkg").string();
    options.layer = "streets";
    const auto layer = read_layer(options).layer;
    const auto ways = ways_from_layer(layer);
    ASSERT_GT(ways.ways.size(), 500u);
    const auto net = street_network::build(ways.ways, {travel_mode::walk});
    ASSERT_EQ(net.stats().components, 1u);

    using graph =
        boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                              boost::property<boost::edge_weight_t, double>>;
    graph g(net.node_count());
    for (const auto& e : net.edges()) {
        boost::add_edge(e.a, e.b, e.forward_s, g);
        boost::add_edge(e.b, e.a, e.backward_s, g);
    }
    std::mt19937 rng(42);
    std::uniform_int_distribution<std::uint32_t> pick(
        0, static_cast<std::uint32_t>(net.node_count() - 1));
    network_search search(net);
    for (int run = 0; run < 5; ++run) {
        const std::uint32_t source = pick(rng);
        std::vector<double> expected(net.node_count());
        boost::dijkstra_shortest_paths(g, source, boost::distance_map(expected.data()));
        // Seed exactly on the node: t = 0 on an edge starting there, or t = 1 on one ending there.
        const std::uint32_t e = net.incident(source).front();
        const network_location at{e, net.edges()[e].a == source ? 0.0 : 1.0, 0.0, net.node(source)};
        search.run(std::vector{at}, labels_for(1), cost_metric::time_s, direction::from_seeds);
        for (std::uint32_t n = 0; n < net.node_count(); ++n) {
            ASSERT_NEAR(search.node_cost(n), expected[n], 1e-6)
                << "node " << n << " from " << source;
        }
        EXPECT_EQ(search.settled().size(), net.node_count());
    }
}

} // namespace
} // namespace standort::geo::network

namespace standort::geo::network {
namespace {

// Digitised ends 0.2 mm apart on either side of a 1 cm cell border (x = 100.0049 rounds to
// cell 10000, 100.0051 to cell 10001) still meet.
TEST(StreetNetwork, JoinsVerticesAcrossTheToleranceGrid) {
    street_way a;
    a.line = {{0, 0}, {100.0049, 0}};
    a.tags.highway = "residential";
    street_way b;
    b.line = {{100.0051, 0}, {200, 0}};
    b.tags.highway = "residential";
    const auto net = street_network::build({a, b}, {});
    EXPECT_EQ(net.stats().components, 1u);
    EXPECT_EQ(net.node_count(), 3u);
}

} // namespace
} // namespace standort::geo::network
