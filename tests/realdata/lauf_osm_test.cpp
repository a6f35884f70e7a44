// The real OSM extract of Lauf an der Pegnitz (graphhopper's test file, data of 2020-01-15):
// its streets as walking and driving networks, its real schools and kindergartens, and its
// buildings as address points. Checked against what holds independently of our search: no
// way along the streets is shorter than the straight line, Boost.Graph's Dijkstra gives the
// same costs on the real one-way streets, every building is counted once, and the shares grow
// with the threshold.
#include "geo/network/network_search.hpp"
#include "geo/network/street_ways.hpp"
#include "geo/read_layer.hpp"
#include "geo/transform.hpp"
#include "geo/validate.hpp"
#include "planning/reach/travel_costs.hpp"
#include "tests/test_support.hpp"

#include <boost/geometry.hpp>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <gtest/gtest.h>

#include <random>

using namespace standort;
using namespace standort::test;
namespace net = standort::geo::network;

namespace {

fs::path lauf() {
    return realdata_dir() / "osm-germany/lauf-200115.osm.pbf";
}

geo::feature_layer read_osm(const std::string& layer) {
    geo::read_options o;
    o.source = lauf().string();
    o.layer = layer;
    auto l = geo::read_layer(o).layer;
    geo::reproject(l, "EPSG:25832");
    return l;
}

struct places {
    std::vector<geo::point> kindergartens;
    std::vector<geo::point> schools;
    std::vector<geo::point> buildings;
};

// amenity is a column of the multipolygons layer and an hstore entry of the points layer.
places read_places() {
    places out;
    const auto points = read_osm("points");
    const auto tags = points.require_field("other_tags");
    for (const auto& f : points.features) {
        const auto t = net::parse_hstore(geo::to_text(f.values[tags]));
        const auto a = t.find("amenity");
        if (a == t.end()) {
            continue;
        }
        if (a->second == "kindergarten") {
            out.kindergartens.push_back(std::get<geo::point>(f.shape));
        } else if (a->second == "school") {
            out.schools.push_back(std::get<geo::point>(f.shape));
        }
    }
    const auto polygons = read_osm("multipolygons");
    const auto amenity = polygons.require_field("amenity");
    const auto building = polygons.require_field("building");
    for (const auto& f : polygons.features) {
        const auto* mp = std::get_if<geo::multi_polygon>(&f.shape);
        if (mp == nullptr || mp->empty()) {
            continue;
        }
        const auto a = geo::to_text(f.values[amenity]);
        if (a == "kindergarten") {
            out.kindergartens.push_back(geo::point_on_surface(*mp));
        } else if (a == "school") {
            out.schools.push_back(geo::point_on_surface(*mp));
        }
        // Most buildings in the extract are only `building=yes`: take every building but the
        // ones nobody lives in.
        const auto b = geo::to_text(f.values[building]);
        if (!b.empty() && b != "garage" && b != "garages" && b != "roof" && b != "construction" &&
            b != "industrial" && b != "commercial" && b != "church" && b != "grandstand" &&
            b != "shed" && b != "retail" && b != "school" && b != "kindergarten") {
            out.buildings.push_back(geo::point_on_surface(*mp));
        }
    }
    return out;
}

} // namespace

TEST(LaufOsm, WalkingCoverageOfRealKindergartensAndSchools) {
    if (!fs::exists(lauf())) {
        GTEST_SKIP() << "real data not found at " << lauf();
    }
    const auto ways = net::ways_from_layer(read_osm("lines"));
    const auto walk = net::street_network::build(ways.ways, {net::travel_mode::walk});
    const auto p = read_places();
    // The catalogue: 6 points and 20 polygons with amenity school or kindergarten.
    ASSERT_EQ(p.kindergartens.size() + p.schools.size(), 26u);
    ASSERT_GT(p.buildings.size(), 5000u);
    EXPECT_GT(walk.stats().length_km, 100.0);

    const planning::travel_costs on_foot(walk);
    const planning::travel_costs straight;
    for (const auto* facilities : {&p.kindergartens, &p.schools}) {
        const auto network =
            on_foot.nearest(p.buildings, *facilities, planning::cost_metric::distance_m);
        const auto line =
            straight.nearest(p.buildings, *facilities, planning::cost_metric::distance_m);
        std::vector<double> within{0, 0, 0};
        const std::vector<double> limits{500, 1000, 2000};
        std::vector<double> detour;
        for (std::size_t b = 0; b < p.buildings.size(); ++b) {
            ASSERT_GE(network.facility[b], 0) << "building " << b << " reaches nothing";
            // The path runs from the building to the street, along it, and from the street to
            // the facility: never shorter than the straight line to the nearest facility.
            EXPECT_GE(network.cost[b], line.cost[b] - 1e-6) << "building " << b;
            for (std::size_t t = 0; t < limits.size(); ++t) {
                within[t] += network.cost[b] <= limits[t] ? 1 : 0;
            }
            if (line.cost[b] > 300) {
                detour.push_back(network.cost[b] / line.cost[b]);
            }
        }
        EXPECT_LE(within[0], within[1]);
        EXPECT_LE(within[1], within[2]);
        EXPECT_LE(within[2], static_cast<double>(p.buildings.size()));
        // Walking circuity in German towns is around 1.2 to 1.4 (network / straight line); a
        // median outside 1.05 to 2 would mean the graph is broken (missing junctions, say).
        std::sort(detour.begin(), detour.end());
        ASSERT_FALSE(detour.empty());
        const double median = detour[detour.size() / 2];
        EXPECT_GT(median, 1.05);
        EXPECT_LT(median, 2.0);
        std::printf(
            "[ lauf     ] %zu %s, %zu buildings: within 500/1000/2000 m walk %.1f/%.1f/%.1f %%, "
            "median detour %.2f\n",
            facilities->size(), facilities == &p.kindergartens ? "kindergartens" : "schools",
            p.buildings.size(), 100 * within[0] / p.buildings.size(),
            100 * within[1] / p.buildings.size(), 100 * within[2] / p.buildings.size(), median);
    }
}

// Driving: one-way streets make the trip to a place differ from the trip back; Boost.Graph's
// Dijkstra on the same directed edges agrees with ours both ways.
TEST(LaufOsm, DrivingNetworkAgreesWithBoostGraphOnOnewayStreets) {
    if (!fs::exists(lauf())) {
        GTEST_SKIP() << "real data not found at " << lauf();
    }
    const auto ways = net::ways_from_layer(read_osm("lines"));
    const auto drive = net::street_network::build(ways.ways, {net::travel_mode::drive});
    std::size_t oneway = 0;
    using graph =
        boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                              boost::property<boost::edge_weight_t, double>>;
    graph forward(drive.node_count());
    graph backward(drive.node_count());
    for (const auto& e : drive.edges()) {
        if (e.forward_s != net::unreachable) {
            boost::add_edge(e.a, e.b, e.forward_s, forward);
            boost::add_edge(e.b, e.a, e.forward_s, backward);
        }
        if (e.backward_s != net::unreachable) {
            boost::add_edge(e.b, e.a, e.backward_s, forward);
            boost::add_edge(e.a, e.b, e.backward_s, backward);
        }
        oneway += (e.forward_s == net::unreachable) != (e.backward_s == net::unreachable) ? 1 : 0;
    }
    EXPECT_GT(oneway, 100u);
    net::network_search search(drive);
    std::mt19937 rng(3);
    std::uniform_int_distribution<std::size_t> pick(0, drive.edges().size() - 1);
    std::size_t differ = 0;
    for (int run = 0; run < 4; ++run) {
        const auto e = static_cast<std::uint32_t>(pick(rng));
        const auto source = drive.edges()[e].a;
        const net::network_location at{e, 0.0, 0.0, drive.node(source)};
        const std::uint32_t label = 0;
        std::vector<double> from(drive.node_count());
        std::vector<double> to(drive.node_count());
        boost::dijkstra_shortest_paths(forward, source, boost::distance_map(from.data()));
        boost::dijkstra_shortest_paths(backward, source, boost::distance_map(to.data()));
        search.run(std::span(&at, 1), std::span(&label, 1), net::cost_metric::time_s,
                   net::direction::from_seeds);
        std::vector<double> ours_from(drive.node_count());
        for (std::uint32_t n = 0; n < drive.node_count(); ++n) {
            ours_from[n] = search.node_cost(n);
        }
        search.run(std::span(&at, 1), std::span(&label, 1), net::cost_metric::time_s,
                   net::direction::to_seeds);
        for (std::uint32_t n = 0; n < drive.node_count(); ++n) {
            const double boost_from =
                from[n] == std::numeric_limits<double>::max() ? net::unreachable : from[n];
            const double boost_to =
                to[n] == std::numeric_limits<double>::max() ? net::unreachable : to[n];
            if (boost_from == net::unreachable) {
                EXPECT_EQ(ours_from[n], net::unreachable);
            } else {
                ASSERT_NEAR(ours_from[n], boost_from, 1e-6) << "node " << n;
            }
            if (boost_to == net::unreachable) {
                EXPECT_EQ(search.node_cost(n), net::unreachable);
            } else {
                ASSERT_NEAR(search.node_cost(n), boost_to, 1e-6) << "node " << n;
            }
            differ += std::isfinite(boost_from) && std::isfinite(boost_to) &&
                              std::abs(boost_from - boost_to) > 1
                          ? 1
                          : 0;
        }
    }
    EXPECT_GT(differ, 0u) << "one-way streets should make some trips longer one way";
}
