#include "geo/network/travel_mode.hpp"

#include <gtest/gtest.h>

namespace standort::geo::network {
namespace {

way_tags way(std::string highway, std::map<std::string, std::string, std::less<>> tags = {}) {
    return {std::move(highway), std::move(tags)};
}

TEST(TravelMode, ModesAsTheCommandLineNamesThem) {
    const std::pair<const char*, std::optional<travel_mode>> cases[] = {
        {"walk", travel_mode::walk}, {"cycle", travel_mode::cycle}, {"drive", travel_mode::drive},
        {"Walk", std::nullopt},      {"bike", std::nullopt},        {"car", std::nullopt},
        {"", std::nullopt},
    };
    for (const auto& [text, mode] : cases) {
        EXPECT_EQ(parse_travel_mode(text), mode) << '"' << text << '"';
        if (mode) {
            EXPECT_EQ(to_string(*mode), text);
        }
    }
}

TEST(TravelMode, WalkingUsesFootwaysAndRoadsButNotMotorways) {
    EXPECT_TRUE(access_for(travel_mode::walk, way("footway")).forward);
    EXPECT_TRUE(access_for(travel_mode::walk, way("residential")).backward);
    EXPECT_FALSE(access_for(travel_mode::walk, way("motorway")).forward);
    EXPECT_FALSE(access_for(travel_mode::walk, way("primary", {{"motorroad", "yes"}})).forward);
    EXPECT_FALSE(access_for(travel_mode::walk, way("cycleway")).forward);
    EXPECT_TRUE(access_for(travel_mode::walk, way("cycleway", {{"foot", "designated"}})).forward);
    EXPECT_FALSE(access_for(travel_mode::walk, way("service", {{"access", "private"}})).forward);
    EXPECT_TRUE(
        access_for(travel_mode::walk, way("service", {{"access", "private"}, {"foot", "yes"}}))
            .forward);
    EXPECT_FALSE(access_for(travel_mode::walk, way("footway", {{"foot", "no"}})).forward);
    // One way streets are two way on foot.
    const auto w =
        access_for(travel_mode::walk, way("residential", {{"oneway", "yes"}}), {3.0, 15.0});
    EXPECT_TRUE(w.forward && w.backward);
    EXPECT_DOUBLE_EQ(w.speed_kmh, 3.0);
    EXPECT_DOUBLE_EQ(access_for(travel_mode::walk, way("steps"), {4.0, 15.0}).speed_kmh, 2.0);
}

TEST(TravelMode, CyclingRespectsOnewayUnlessOpenedForBicycles) {
    const auto one = access_for(travel_mode::cycle, way("residential", {{"oneway", "yes"}}));
    EXPECT_TRUE(one.forward);
    EXPECT_FALSE(one.backward);
    const auto open = access_for(travel_mode::cycle,
                                 way("residential", {{"oneway", "yes"}, {"oneway:bicycle", "no"}}));
    EXPECT_TRUE(open.forward && open.backward);
    EXPECT_FALSE(access_for(travel_mode::cycle, way("footway")).forward);
    EXPECT_TRUE(access_for(travel_mode::cycle, way("footway", {{"bicycle", "yes"}})).forward);
    EXPECT_FALSE(access_for(travel_mode::cycle, way("steps")).forward);
    EXPECT_TRUE(access_for(travel_mode::cycle, way("track")).forward);
    EXPECT_FALSE(access_for(travel_mode::cycle, way("residential", {{"vehicle", "no"}})).forward);
}

TEST(TravelMode, DrivingKeepsToRoadsWithTheirDirectionAndSpeed) {
    EXPECT_FALSE(access_for(travel_mode::drive, way("footway")).forward);
    EXPECT_FALSE(access_for(travel_mode::drive, way("track")).forward);
    EXPECT_FALSE(
        access_for(travel_mode::drive, way("residential", {{"motor_vehicle", "no"}})).forward);
    const auto motorway = access_for(travel_mode::drive, way("motorway"));
    EXPECT_TRUE(motorway.forward);
    EXPECT_FALSE(motorway.backward); // carriageways are drawn one per direction
    const auto roundabout =
        access_for(travel_mode::drive, way("tertiary", {{"junction", "roundabout"}}));
    EXPECT_FALSE(roundabout.backward);
    const auto against = access_for(travel_mode::drive, way("residential", {{"oneway", "-1"}}));
    EXPECT_FALSE(against.forward);
    EXPECT_TRUE(against.backward);
    EXPECT_DOUBLE_EQ(
        access_for(travel_mode::drive, way("secondary", {{"maxspeed", "DE:zone30"}})).speed_kmh,
        30);
    EXPECT_DOUBLE_EQ(access_for(travel_mode::drive, way("residential")).speed_kmh, 30);
    EXPECT_DOUBLE_EQ(access_for(travel_mode::drive, way("living_street")).speed_kmh, 7);
    EXPECT_DOUBLE_EQ(
        access_for(travel_mode::drive, way("motorway", {{"maxspeed", "none"}})).speed_kmh, 130);
}

TEST(TravelMode, ParsesGdalHstoreAndMaxspeed) {
    const auto tags = parse_hstore(R"("oneway"=>"yes","maxspeed"=>"30","name:de"=>"Am \"Bach\"")");
    ASSERT_EQ(tags.size(), 3u);
    EXPECT_EQ(tags.at("oneway"), "yes");
    EXPECT_EQ(tags.at("maxspeed"), "30");
    EXPECT_EQ(tags.at("name:de"), "Am \"Bach\"");
    EXPECT_TRUE(parse_hstore("").empty());
    EXPECT_TRUE(parse_hstore("\"broken").empty());

    EXPECT_DOUBLE_EQ(*parse_maxspeed("50"), 50);
    EXPECT_DOUBLE_EQ(*parse_maxspeed("DE:urban"), 50);
    EXPECT_DOUBLE_EQ(*parse_maxspeed("DE:rural"), 100);
    EXPECT_DOUBLE_EQ(*parse_maxspeed("DE:zone:20"), 20);
    EXPECT_NEAR(*parse_maxspeed("30 mph"), 48.28, 0.01);
    EXPECT_FALSE(parse_maxspeed("signals"));
    EXPECT_FALSE(parse_maxspeed("50;30"));
    EXPECT_FALSE(parse_maxspeed("inf"));
    EXPECT_FALSE(parse_maxspeed("1e9"));
}

} // namespace
} // namespace standort::geo::network
