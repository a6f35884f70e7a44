// BKG VG5000 (01.01.2021): the original shapefiles in Gauss-Krueger zone 3 (EPSG:31467), as
// Land and federal data often still come. Figures from ../shared/realdata/CATALOGUE.md.
#include "geo/read_layer.hpp"
#include "geo/transform.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

using namespace standort;
using namespace standort::test;

TEST(Germany, Vg5000GemeindenLoadInGaussKruegerAndReproject) {
    const fs::path shp = realdata_dir() / "germany-vg5000-2021/shape/VG5000_GEM.shp";
    if (!fs::exists(shp)) {
        GTEST_SKIP() << "real data not found at " << shp;
    }
    auto result = geo::read_layer(geo::read_options{shp.string()});
    EXPECT_FALSE(has_errors(result.found));
    EXPECT_EQ(result.layer.features.size(), 10997u);
    EXPECT_TRUE(geo::same_crs(result.layer.crs, "EPSG:31467")) << result.layer.crs;
    const auto ags = result.layer.require_field("AGS");
    const auto gen = result.layer.require_field("GEN");
    std::size_t flensburg = result.layer.features.size();
    for (std::size_t i = 0; i < result.layer.features.size(); ++i) {
        if (geo::to_text(result.layer.features[i].values[ags]) == "01001000") {
            flensburg = i;
        }
    }
    ASSERT_LT(flensburg, result.layer.features.size()) << "AGS keys keep their leading zero";
    EXPECT_EQ(geo::to_text(result.layer.features[flensburg].values[gen]), "Flensburg");
    geo::reproject(result.layer, "EPSG:4326");
    const auto box = geo::envelope(result.layer.features[flensburg].shape);
    // Flensburg lies at about 9.4 E, 54.8 N.
    EXPECT_NEAR((box.min_corner().x() + box.max_corner().x()) / 2, 9.45, 0.15);
    EXPECT_NEAR((box.min_corner().y() + box.max_corner().y()) / 2, 54.78, 0.1);
}
