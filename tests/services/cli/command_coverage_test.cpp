// Coverage on the generated example: the R-tree's nearest facility against brute force over
// every facility, every child counted once, and the layers as GDAL and QGIS read them.
#include "geo/error.hpp"
#include "geo/read_layer.hpp"
#include "planning/reach/coverage.hpp"
#include "services/load/open_project.hpp"
#include "services/load/read_streets.hpp"
#include "tests/test_support.hpp"

#include <boost/geometry.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace standort;
using namespace standort::test;

TEST(CoverageCli, NearestAgreesWithBruteForceAndChildrenAreConserved) {
    const auto project = services::open_project(source_dir() / "data/example/project.yaml");
    ASSERT_TRUE(project.planner);
    const auto& m = project.model();
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
    auto r =
        run(quoted(STANDORT_BINARY) + " coverage --json " +
            quoted(source_dir() / "data/example/project.yaml") + " --out " + quoted(out.path()));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto j = nlohmann::json::parse(r.output);
    ASSERT_EQ(j["kinds"].size(), 2u);
    // Children beyond the first threshold = children in the gap areas (each cell in one gap).
    for (const auto& k : j["kinds"]) {
        const double beyond =
            k["children"].get<double>() - k["within"][0]["children"].get<double>();
        EXPECT_NEAR(k["children_in_gaps"].get<double>(), beyond, 1e-6) << k.dump();
    }
    if (!layer_checker_available()) {
        GTEST_SKIP() << "check-layer or python3-qgis missing";
    }
    auto check = check_layers(" --bbox DE " + quoted(out / "coverage_districts.geojson") + " " +
                              quoted(out / "coverage_gaps_kita.geojson") + " " +
                              quoted(out / "coverage_gaps_grundschule.geojson") + " " +
                              quoted(out / "coverage.gpkg"));
    EXPECT_EQ(check.exit_code, 0) << check.output;
}

// On the example's streets (walking): no child is nearer along the streets than in a straight
// line; the nearest facility of the one multi-source search costs what the cheapest of the
// single-facility searches costs; and the shares grow with the threshold.
TEST(CoverageCli, NetworkCostsAgreeWithPerFacilitySearchesAndNeverBeatAStraightLine) {
    const auto project = services::open_project(source_dir() / "data/example/project.yaml");
    ASSERT_TRUE(project.planner && project.file.network);
    const auto& m = project.model();
    const auto streets = services::read_streets(*project.file.network, project.working_crs,
                                                project.inputs.front().extent_lonlat);
    const auto network = geo::network::street_network::build(streets.ways, streets.options);
    EXPECT_EQ(network.stats().components, 1u);
    const planning::travel_costs on_streets(network);
    for (auto kind : planning::default_coverage_kinds()) {
        const auto straight = planning::compute_coverage(m, 2024, kind);
        const auto walk = planning::compute_coverage(m, 2024, kind, on_streets);
        ASSERT_EQ(walk.units.size(), straight.units.size());
        std::vector<geo::point> facilities;
        for (const auto& f : m.facilities) {
            if (f.kind == kind.kind) {
                facilities.push_back(f.location);
            }
        }
        const auto all =
            on_streets.within(walk.units, facilities, planning::cost_metric::distance_m, 1e9);
        double children = 0;
        for (std::size_t u = 0; u < walk.units.size(); ++u) {
            EXPECT_GE(walk.cost[u], straight.cost[u] - 1e-6) << kind.name << " unit " << u;
            double best = std::numeric_limits<double>::infinity();
            for (auto i = all.start[u]; i < all.start[u + 1]; ++i) {
                best = std::min(best, all.cost[i]);
            }
            EXPECT_NEAR(walk.cost[u], best, 1e-6) << kind.name << " unit " << u;
            children += walk.unit_children[u];
        }
        double in_districts = 0;
        for (std::size_t d = 0; d < walk.districts.size(); ++d) {
            const auto& row = walk.districts[d];
            in_districts += row.children.value_or(0);
            for (std::size_t t = 0; t < row.within.size(); ++t) {
                // Along the streets never more children within a distance than in a straight line.
                EXPECT_LE(row.within[t], straight.districts[d].within[t] + 1e-9);
                if (t > 0) {
                    EXPECT_GE(row.within[t], row.within[t - 1]);
                }
            }
        }
        EXPECT_NEAR(in_districts, children, 1e-6);
        // In minutes at 4.5 km/h the same nearest facilities, each cost the distance / 1.25 m/s.
        kind.metric = planning::cost_metric::time_s;
        kind.thresholds = {600};
        const auto minutes = planning::compute_coverage(m, 2024, kind, on_streets);
        for (std::size_t u = 0; u < walk.units.size(); u += 37) {
            EXPECT_NEAR(minutes.cost[u], walk.cost[u] / 1.25, 1e-6);
        }
    }
}

TEST(CoverageCli, TimesNeedTheNetwork) {
    temp_dir dir;
    fs::copy(source_dir() / "tests/cases/mini_town", dir.path(), fs::copy_options::recursive);
    {
        std::ofstream yaml(dir.path() / "project.yaml", std::ios::app);
        yaml << "\ncoverage:\n  thresholds: {kita: [10 min, 15 min]}\n";
    }
    auto r = run(quoted(STANDORT_BINARY) + " coverage " + quoted(dir.path() / "project.yaml") +
                 " --out " + quoted(dir.path() / "out"));
    EXPECT_EQ(r.exit_code, 3) << r.output;
    EXPECT_NE(r.output.find("need a street network"), std::string::npos) << r.output;
}

TEST(CoverageCli, NoUnitsLeavesOnlyTheUnitLayerOut) {
    temp_dir out;
    const auto example = quoted(source_dir() / "data/example/project.yaml");
    for (const bool units : {true, false}) {
        const auto dir = out / (units ? "with" : "without");
        const auto r = run(quoted(STANDORT_BINARY) + " coverage --quiet " + example + " --out " +
                           quoted(dir) + (units ? "" : " --no-units"));
        ASSERT_EQ(r.exit_code, 0) << r.output;
        geo::read_options o;
        o.source = (dir / "coverage.gpkg").string();
        o.layer = "coverage_districts";
        EXPECT_EQ(geo::read_layer(o).layer.features.size(), 8u);
        o.layer = "coverage_units";
        if (units) {
            EXPECT_GT(geo::read_layer(o).layer.features.size(), 1000u);
        } else {
            EXPECT_THROW(geo::read_layer(o), standort::error) << "no coverage_units layer";
        }
    }
}
