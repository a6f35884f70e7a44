// A layer streamed into its GeoPackage row by row is the same layer, read back through GDAL,
// as the one held whole; what it may not declare is refused before anything is written.
#include "geo/error.hpp"
#include "geo/read_layer.hpp"
#include "services/render/layer_builder.hpp"
#include "services/render/output_files.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

using namespace standort;
using namespace standort::services;
using namespace standort::test;

namespace {

// Three cells, the second without a value: points at (10 i, 5), ids "u0" ..., values 1.5 i.
layer_builder cells() {
    layer_builder b("cells", "EPSG:25832", 3);
    b.shape([](std::size_t i) {
         return geo::point{10.0 * static_cast<double>(i), 5.0};
     })
        .text("unit_id", [](std::size_t i) { return geo::value{"u" + std::to_string(i)}; })
        .real("children", [](std::size_t i) {
            return i == 1 ? geo::value{} : geo::value{1.5 * static_cast<double>(i)};
        });
    return b;
}

geo::feature_layer read_back(const fs::path& gpkg) {
    geo::read_options options;
    options.source = gpkg.string();
    options.layer = "cells";
    return geo::read_layer(options).layer;
}

} // namespace

TEST(OutputFiles, AStreamedLayerIsWrittenAsTheHeldOne) {
    temp_dir dir;
    output_files held;
    held.gpkg("held.gpkg", {held.add(cells().build())});
    held.write(dir.path());
    output_files streamed;
    const auto id = streamed.add_streamed(cells());
    EXPECT_TRUE(streamed.layer(id).features.empty()) << "the schema only";
    EXPECT_EQ(streamed.rows(id), 3u);
    streamed.gpkg("streamed.gpkg", {id});
    streamed.write(dir.path());

    const auto a = read_back(dir / "held.gpkg");
    const auto b = read_back(dir / "streamed.gpkg");
    ASSERT_EQ(b.features.size(), 3u);
    ASSERT_EQ(a.fields.size(), b.fields.size());
    for (std::size_t f = 0; f < a.fields.size(); ++f) {
        EXPECT_EQ(a.fields[f].name, b.fields[f].name);
        EXPECT_EQ(a.fields[f].type, b.fields[f].type) << a.fields[f].name;
    }
    EXPECT_EQ(b.crs, "EPSG:25832");
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(a.features[i].values, b.features[i].values) << "row " << i;
        const auto& p = std::get<geo::point>(b.features[i].shape);
        EXPECT_EQ(p.x(), 10.0 * static_cast<double>(i));
        EXPECT_EQ(p.y(), 5.0);
    }
    const auto children = *b.field_index("children");
    EXPECT_TRUE(geo::is_null(b.features[1].values[children]));
    EXPECT_EQ(std::get<double>(b.features[2].values[children]), 3.0);
}

// A held layer's integer fields are sized by its values (32 or 64 bit); a streamed one's
// cannot be, so a 32-bit declaration is refused rather than written and cut.
TEST(OutputFiles, AStreamedLayerMayNotDeclareA32BitInteger) {
    output_files files;
    auto b = cells();
    b.integer("persons", [](std::size_t) { return geo::value{std::int64_t{5'000'000'000}}; });
    EXPECT_THROW(files.add_streamed(std::move(b)), internal_error);
}
