#include "geo/error.hpp"
#include "services/load/project_file.hpp"
#include "tests/test_support.hpp"

#include <gtest/gtest.h>

using namespace standort;
using standort::test::temp_dir;
using standort::test::write_file;

namespace {
std::string error_of(const std::string& yaml) {
    temp_dir dir;
    write_file(dir / "p.yaml", yaml);
    try {
        services::read_project_file(dir / "p.yaml");
    } catch (const config_error& e) {
        return e.what();
    }
    return "";
}
} // namespace

TEST(ProjectFile, ReadsTheBundledExample) {
    const auto p = services::read_project_file(test::source_dir() / "tests/cases/mini_town/project.yaml");
    EXPECT_EQ(p.spec.name, "Beispielstadt");
    EXPECT_EQ(p.crs, "EPSG:25832");
    ASSERT_EQ(p.facilities.size(), 2u);
    // Relative paths resolve against the project file's folder.
    EXPECT_EQ(p.facilities[0].read.source,
              (test::source_dir() / "tests/cases/mini_town/kitas.csv").lexically_normal().string());
    EXPECT_EQ(p.spec.facilities[0].capacity.places_u3.field, "Plätze U3");
    // A number is a constant, a word is a field.
    EXPECT_EQ(p.spec.facilities[1].capacity.grades.number, 4.0);
    EXPECT_EQ(p.spec.facilities[1].capacity.zuege.field, "zuege");
    EXPECT_EQ(p.spec.facilities[1].kinds.at("Gymnasium"), planning::facility_kind::sek1);
    EXPECT_EQ(p.spec.population[0].layout, planning::table_layout::long_);
}

TEST(ProjectFile, UnknownKeysAreErrorsWithLine) {
    const auto what = error_of("districts:\n  source: d.geojson\n  id: id\n  nmae: name\n");
    EXPECT_NE(what.find("unknown key `nmae`"), std::string::npos) << what;
    EXPECT_NE(what.find("line 4"), std::string::npos) << what;
}

TEST(ProjectFile, RequiredKeysAreNamed) {
    EXPECT_NE(error_of("name: x\n").find("`districts` is required"), std::string::npos);
    EXPECT_NE(error_of("districts:\n  source: d.geojson\n").find("`id` is required"),
              std::string::npos);
}

TEST(ProjectFile, UnknownKindAndLayoutAreExplained) {
    const auto kind = error_of("districts: {source: d.geojson, id: id}\n"
                               "facilities:\n  - {source: k.csv, kind: krippe, id: nr}\n");
    EXPECT_NE(kind.find("unknown facility kind `krippe`"), std::string::npos) << kind;
    const auto layout = error_of("districts: {source: d.geojson, id: id}\n"
                                 "population: {source: p.csv, district: d, year: 2020, layout: tall}\n");
    EXPECT_NE(layout.find("use wide or long"), std::string::npos) << layout;
}

TEST(ProjectFile, BrokenYamlSaysWhere) {
    const auto what = error_of("districts: [source: x\n");
    EXPECT_NE(what.find("not valid YAML"), std::string::npos) << what;
    EXPECT_NE(what.find("p.yaml"), std::string::npos) << what;
}
