// Coverage on the generated example: the R-tree's nearest facility against brute force over
// every facility, every child counted once, and the layers as GDAL and QGIS read them.
#include "planning/coverage.hpp"
#include "services/load_project.hpp"
#include "tests/test_support.hpp"

#include <boost/geometry.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace standort;
using namespace standort::test;

TEST(CoverageCli, NearestAgreesWithBruteForceAndChildrenAreConserved) {
    const auto project = services::load_project(source_dir() / "data/example/project.yaml");
    ASSERT_TRUE(project.model);
    const auto& m = *project.model;
    ASSERT_GT(m.grid.size(), 1000u);
    for (const auto& kind : planning::default_coverage_kinds()) {
        const auto r = planning::compute_coverage(m, 2024, kind);
        ASSERT_TRUE(r.from_grid);
        double children_units = 0;
        for (std::size_t u = 0; u < r.units.size(); ++u) {
            double best = std::numeric_limits<double>::infinity();
            for (const auto& f : m.facilities) {
                if (f.kind == kind.kind) {
                    best = std::min(best, boost::geometry::distance(r.units[u], f.location));
                }
            }
            ASSERT_DOUBLE_EQ(r.cost[u], best) << kind.name << " unit " << u;
            children_units += r.unit_children[u];
        }
        double children_districts = 0;
        for (const auto& d : r.districts) {
            children_districts += d.children.value_or(0);
            for (std::size_t t = 1; t < d.within.size(); ++t) {
                EXPECT_GE(d.within[t], d.within[t - 1]);
            }
            EXPECT_LE(d.within.back(), d.children.value_or(0) + 1e-9);
        }
        EXPECT_DOUBLE_EQ(children_districts, children_units) << "every child counted once";
    }
}

TEST(CoverageCli, WritesLayersQgisOpens) {
    temp_dir out;
    auto r = run(quoted(STANDORT_BINARY) + " coverage --json " +
                 quoted(source_dir() / "data/example/project.yaml") + " --out " + quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    ASSERT_EQ(j["kinds"].size(), 2u);
    // Children beyond the first threshold = children in the gap areas (each cell in one gap).
    for (const auto& k : j["kinds"]) {
        const double beyond = k["children"].get<double>() - k["within"][0]["children"].get<double>();
        EXPECT_NEAR(k["children_in_gaps"].get<double>(), beyond, 1e-6) << k.dump();
    }
    if (!fs::exists(shared_dir() / "tools/check-layer") ||
        run("/usr/bin/python3 -c 'import qgis.core'").exit_code != 0) {
        GTEST_SKIP() << "check-layer or python3-qgis missing";
    }
    auto check = run(quoted(shared_dir() / "tools/check-layer") + " --bbox DE " +
                     quoted(out / "coverage_districts.geojson") + " " +
                     quoted(out / "coverage_gaps.geojson") + " " + quoted(out / "coverage.gpkg"));
    EXPECT_EQ(check.exit_code, 0) << check.output;
}
