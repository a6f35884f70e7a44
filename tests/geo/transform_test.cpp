#include "geo/transform.hpp"

#include <gtest/gtest.h>

using namespace standort::geo;

TEST(Transform, CentralMeridianAtTheEquatorIsTheFalseEasting) {
    // UTM by definition: on zone 33's central meridian (15 E) at the equator, E = 500 000 m
    // (false easting) and N = 0. Given as lon/lat: a swapped axis order would miss by far.
    transformer t("EPSG:4326", "EPSG:25833");
    const point p = t.apply(point{15.0, 0.0});
    EXPECT_NEAR(p.x(), 500000.0, 1e-6);
    EXPECT_NEAR(p.y(), 0.0, 1e-6);
}

TEST(Transform, RoundTripsBerlin) {
    transformer to_utm("EPSG:4326", "EPSG:25833");
    transformer back("EPSG:25833", "EPSG:4326");
    const point gate{13.377704, 52.516275}; // Brandenburger Tor
    const point utm = to_utm.apply(gate);
    EXPECT_GT(utm.x(), 380000.0);
    EXPECT_LT(utm.x(), 400000.0);
    const point again = back.apply(utm);
    EXPECT_NEAR(again.x(), gate.x(), 1e-9);
    EXPECT_NEAR(again.y(), gate.y(), 1e-9);
}

TEST(Transform, SameCrsIsIdentity) {
    EXPECT_TRUE(transformer("EPSG:25833", "EPSG:25833").is_identity());
    EXPECT_TRUE(same_crs("EPSG:4326", "OGC:CRS84"));
    EXPECT_FALSE(same_crs("EPSG:25832", "EPSG:25833"));
}

TEST(Transform, ReprojectsPolygonsAndKeepsOrientation) {
    feature_layer layer;
    layer.crs = "EPSG:25833";
    multi_polygon mp;
    mp.resize(1);
    // Clockwise exterior ring (Boost.Geometry's default), 100 m square.
    mp[0].outer() = {{390000, 5820000},
                     {390000, 5820100},
                     {390100, 5820100},
                     {390100, 5820000},
                     {390000, 5820000}};
    layer.features.push_back(feature{1, mp, {}});
    reproject(layer, "EPSG:4326");
    EXPECT_EQ(layer.crs, "EPSG:4326");
    const auto& ring = std::get<multi_polygon>(layer.features[0].shape)[0].outer();
    EXPECT_NEAR(ring[0].x(), 13.39, 0.05);
    EXPECT_NEAR(ring[0].y(), 52.52, 0.05);
    EXPECT_GT(area(layer.features[0].shape), 0.0); // still clockwise: positive for Boost
}
