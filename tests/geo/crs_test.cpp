#include "geo/crs.hpp"
#include "geo/error.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace standort::geo;

namespace {
// A real extent: Berlin's Einschulungsbereiche 2019 in ETRS89 / UTM 33N metres.
const box berlin_utm33{point{370000.7, 5799520.3}, point{415785.3, 5837259.2}};
const box berlin_lonlat{point{13.08, 52.33}, point{13.76, 52.68}};
} // namespace

TEST(Crs, DescribesEpsgCodes) {
    const crs_info info = describe_crs("EPSG:25833");
    EXPECT_EQ(info.name, "ETRS89 / UTM zone 33N");
    EXPECT_EQ(info.identifier, "EPSG:25833");
    EXPECT_FALSE(info.geographic);
    EXPECT_TRUE(describe_crs("EPSG:4326").geographic);
}

TEST(Crs, RejectsUnknownDefinitions) {
    EXPECT_THROW(describe_crs("EPSG:99999"), standort::config_error);
    EXPECT_THROW(describe_crs("not a crs"), standort::config_error);
}

TEST(Crs, PicksTheUtmZoneGermanAuthoritiesUse) {
    // Zone 32 spans 6..12 degrees E (Hannover 9.7), zone 33 12..18 (Berlin 13.4).
    EXPECT_EQ(etrs89_utm_for_longitude(9.7), "EPSG:25832");
    EXPECT_EQ(etrs89_utm_for_longitude(13.4), "EPSG:25833");
}

TEST(Crs, OutsideEuropeTheWorkingCrsIsTheWgs84UtmZone) {
    EXPECT_EQ(working_crs_for(13.4, 52.5).crs, "EPSG:25833");   // Berlin
    EXPECT_EQ(working_crs_for(-87.6, 41.9).crs, "EPSG:32616");  // Chicago, zone 16N
    EXPECT_EQ(working_crs_for(151.2, -33.9).crs, "EPSG:32756"); // Sydney, zone 56S
    EXPECT_NE(working_crs_for(-87.6, 41.9).reason.find("outside ETRS89's area"), std::string::npos);
}

TEST(Crs, ProjStringsAreCrsDefinitions) {
    const auto info = describe_crs("+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs");
    EXPECT_FALSE(info.geographic);
    EXPECT_TRUE(extent_fits_crs(box{point{540000, 5790000}, point{560000, 5810000}},
                                "+proj=utm +zone=32 +ellps=GRS80 +units=m +no_defs"));
}

TEST(Crs, MetresReadAsDegreesDoNotFit) {
    EXPECT_FALSE(extent_fits_crs(berlin_utm33, "EPSG:4326"));
    EXPECT_TRUE(extent_fits_crs(berlin_utm33, "EPSG:25833"));
    EXPECT_TRUE(extent_fits_crs(berlin_lonlat, "EPSG:4326"));
}

TEST(Crs, GuessesUtmForBerlinMetres) {
    // Without a reference both UTM zones put these numbers somewhere in Germany.
    auto all = guess_crs(berlin_utm33, std::nullopt);
    EXPECT_NE(std::find(all.begin(), all.end(), "EPSG:25833"), all.end());
    EXPECT_NE(std::find(all.begin(), all.end(), "EPSG:25832"), all.end());
    // With the other layers' extent only zone 33 lands on them (zone 32 would put them near 7 E).
    auto on_reference = guess_crs(berlin_utm33, berlin_lonlat);
    ASSERT_EQ(on_reference.size(), 1u);
    EXPECT_EQ(on_reference.front(), "EPSG:25833");
}
