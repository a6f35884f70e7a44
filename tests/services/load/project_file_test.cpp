#include "geo/error.hpp"
#include "services/load/project_file.hpp"
#include "tests/test_support.hpp"

#include <fmt/format.h>
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
    const auto p =
        services::read_project_file(test::source_dir() / "tests/cases/mini_town/project.yaml");
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
    const auto layout =
        error_of("districts: {source: d.geojson, id: id}\n"
                 "population: {source: p.csv, district: d, year: 2020, layout: tall}\n");
    EXPECT_NE(layout.find("use wide or long"), std::string::npos) << layout;
}

TEST(ProjectFile, BrokenYamlSaysWhere) {
    const auto what = error_of("districts: [source: x\n");
    EXPECT_NE(what.find("not valid YAML"), std::string::npos) << what;
    EXPECT_NE(what.find("p.yaml"), std::string::npos) << what;
}

// One bad value per section and key of the project file: the message names the key (or what
// is missing) and the line, so a planner finds the typo without reading our code. The
// districts line comes first in every case, so the bad key sits on the line given.
namespace {

struct bad_case {
    const char* name;
    const char* yaml;
    const char* says; // a part of the message: the key, and what is wrong with it
    int line;
};

// clang-format off: one case per line reads as the table it is
const bad_case bad_cases[] = {
    // top level
    {"UnknownTopKey", "districts: {source: d.geojson, id: id}\nfacility: []\n",
     "unknown key `facility`", 2},
    {"NameNotAValue", "name: [a, b]\ndistricts: {source: d.geojson, id: id}\n",
     "`name` must be a single value", 1},
    {"CrsNotAValue", "crs: {epsg: 25832}\ndistricts: {source: d.geojson, id: id}\n",
     "`crs` must be a single value", 1},
    {"DistrictsMissing", "name: x\n", "`districts` is required", 1},
    // districts and the source keys every input shares
    {"DistrictsNotAMap", "districts: d.geojson\n", "districts (line 1): must be a mapping", 1},
    {"DistrictsSourceMissing", "districts:\n  id: id\n", "`source` is required", 2},
    {"DistrictsIdMissing", "districts:\n  source: d.geojson\n", "`id` is required", 2},
    {"DistrictsUnknownKey", "districts:\n  source: d.geojson\n  id: id\n  nmae: name\n",
     "unknown key `nmae`", 4},
    {"DistrictsParentPrefix", "districts:\n  source: d.geojson\n  id: id\n  parent_prefix: two\n",
     "`parent_prefix` must be a number", 4},
    {"DistrictsLevelWithoutField",
     "districts:\n  source: d.geojson\n  id: id\n  levels:\n    - {name: bezirk}\n",
     "names its key's `field` or the `prefix`", 5},
    {"DistrictsCorrectionWithoutFeature",
     "districts:\n  source: d.geojson\n  id: id\n  corrections:\n    - {id: '04030417'}\n",
     "a correction names the `feature`", 5},
    {"DistrictsCorrectionWithoutId",
     "districts:\n  source: d.geojson\n  id: id\n  corrections:\n    - {feature: 447}\n",
     "`id` is required", 5},
    {"DistrictsLevelFieldAndPrefix",
     "districts:\n  source: d.geojson\n  id: id\n  levels:\n    - {name: b, field: f, prefix: 2}\n",
     "one of the two", 5},
    {"DistrictsLevelUnknownKey",
     "districts:\n  source: d.geojson\n  id: id\n  levels:\n    - {name: b, field: f, kind: x}\n",
     "unknown key `kind`", 5},
    {"SourceLayerNotAValue", "districts:\n  source: d.gpkg\n  layer: [a]\n  id: id\n",
     "`layer` must be a single value", 3},
    {"SourceCoordinateFormat",
     "districts:\n  source: d.csv\n  id: id\n  coordinate_format: french\n",
     "`coordinate_format: french` is unknown", 4},
    {"SourceSkipRows", "districts:\n  source: d.csv\n  id: id\n  skip_rows: some\n",
     "`skip_rows` must be a number", 4},
    {"SourceExcludeNotAMap", "districts:\n  source: d.csv\n  id: id\n  exclude: SUMMEN\n",
     "`exclude` maps a field", 4},
    // facilities
    {"FacilityKindUnknown",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind: krippe\n   "
     " id: nr\n",
     "unknown facility kind `krippe`", 4},
    {"FacilityKindAndKindField",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind: kita\n    "
     "kind_field: art\n    kinds: {A: kita}\n    id: nr\n",
     "give either `kind` or `kind_field`", 3},
    {"FacilityKindFieldWithoutKinds",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind_field: "
     "art\n    id: nr\n",
     "`kind_field` needs `kinds`", 3},
    {"FacilityKindsNotAMap",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind_field: "
     "art\n    kinds: [kita]\n    id: nr\n",
     "`kinds` maps values", 5},
    {"FacilityKindsValueUnknown",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind_field: "
     "art\n    kinds: {A: hort}\n    id: nr\n",
     "unknown facility kind `hort`", 5},
    {"FacilityIdMissing",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind: kita\n",
     "facilities[0] (line 3): `id` is required", 3},
    {"FacilityNumberFormat",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind: kita\n    "
     "id: nr\n    number_format: swiss\n",
     "`number_format: swiss` is unknown", 6},
    {"FacilitySecondEntryNamed",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - {source: k.csv, kind: kita, id: "
     "nr}\n  - {source: s.csv, kind: schule, id: nr}\n",
     "facilities[1] (line 4): unknown facility kind `schule`", 4},
    {"FacilityUnknownKey",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind: kita\n    "
     "id: nr\n    plaetze: p\n",
     "unknown key `plaetze`", 6},
    {"CapacityUnknownKey",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind: kita\n    "
     "id: nr\n    capacity:\n      platz: p\n",
     "facilities[0].capacity (line 7): unknown key `platz`", 7},
    {"CapacityPlacesNegative",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind: kita\n    "
     "id: nr\n    capacity:\n      places: -5\n",
     "`places: -5` must be a number from 0 to 100 million", 7},
    {"CapacityPlacesU3NotAValue",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind: kita\n    "
     "id: nr\n    capacity:\n      places_u3: [a]\n",
     "`places_u3` must be a field name or a number", 7},
    {"CapacityPlacesUe3Negative",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: k.csv\n    kind: kita\n    "
     "id: nr\n    capacity:\n      places_ue3: -1\n",
     "`places_ue3: -1`", 7},
    {"CapacitySeatsNegative",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: s.csv\n    kind: "
     "grundschule\n    id: nr\n    capacity:\n      seats: -100\n",
     "`seats: -100`", 7},
    {"CapacityZuegeNegative",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: s.csv\n    kind: "
     "grundschule\n    id: nr\n    capacity:\n      zuege: -2\n",
     "`zuege: -2`", 7},
    {"CapacityClassSizeNotAValue",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: s.csv\n    kind: "
     "grundschule\n    id: nr\n    capacity:\n      class_size: {max: 25}\n",
     "`class_size` must be a field name or a number", 7},
    {"CapacityGradesNegative",
     "districts: {source: d.geojson, id: id}\nfacilities:\n  - source: s.csv\n    kind: "
     "grundschule\n    id: nr\n    capacity:\n      grades: -4\n",
     "`grades: -4`", 7},
    // catchments
    {"CatchmentsIdMissing",
     "districts: {source: d.geojson, id: id}\ncatchments:\n  source: c.geojson\n",
     "catchments (line 3): `id` is required", 3},
    {"CatchmentsTolerance",
     "districts: {source: d.geojson, id: id}\ncatchments:\n  source: c.geojson\n  id: id\n  "
     "coverage_tolerance_m2: small\n",
     "`coverage_tolerance_m2` must be a number", 5},
    {"CatchmentsUnknownKey",
     "districts: {source: d.geojson, id: id}\ncatchments:\n  source: c.geojson\n  id: id\n  "
     "school: nr\n",
     "unknown key `school`", 5},
    // population
    {"PopulationDistrictMissing",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  year: 2020\n  bands: "
     "{a: 0-3}\n",
     "`district` is required", 3},
    {"PopulationYearMissing",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  district: d\n  "
     "bands: {a: 0-3}\n",
     "give `year`", 3},
    {"PopulationYearNotANumber",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  district: d\n  year: "
     "last\n  bands: {a: 0-3}\n",
     "`year` must be a number", 5},
    {"PopulationLayout",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  district: d\n  year: "
     "2020\n  layout: tall\n",
     "`layout: tall` is unknown", 6},
    {"PopulationWideWithoutBands",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  district: d\n  year: "
     "2020\n",
     "needs `bands` or `band_pattern`", 3},
    {"PopulationBandsNotAMap",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  district: d\n  year: "
     "2020\n  bands: [0-3]\n",
     "`bands` maps column names", 6},
    {"PopulationBadBand",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  district: d\n  year: "
     "2020\n  bands:\n    u3: null bis drei\n",
     "`null bis drei` is no age band", 7},
    {"PopulationLongWithoutAge",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  district: d\n  year: "
     "2020\n  layout: long\n  count: n\n",
     "`age` is required", 3},
    {"PopulationLongWithoutCount",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  district: d\n  year: "
     "2020\n  layout: long\n  age: a\n",
     "`count` is required", 3},
    {"PopulationNumberFormat",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  district: d\n  year: "
     "2020\n  bands: {a: 0-3}\n  number_format: roman\n",
     "`number_format: roman` is unknown", 7},
    {"PopulationUnknownKey",
     "districts: {source: d.geojson, id: id}\npopulation:\n  source: p.csv\n  district: d\n  year: "
     "2020\n  bands: {a: 0-3}\n  sex: s\n",
     "unknown key `sex`", 7},
    // enrolment
    {"EnrolmentFacilityMissing",
     "districts: {source: d.geojson, id: id}\nenrolment:\n  source: e.csv\n  year: y\n  pupils: "
     "n\n",
     "`facility` is required", 3},
    {"EnrolmentLongWithoutYear",
     "districts: {source: d.geojson, id: id}\nenrolment:\n  source: e.csv\n  facility: f\n  "
     "pupils: n\n",
     "`year` is required", 3},
    {"EnrolmentLongWithoutPupils",
     "districts: {source: d.geojson, id: id}\nenrolment:\n  source: e.csv\n  facility: f\n  year: "
     "y\n",
     "`pupils` is required", 3},
    {"EnrolmentWideWithoutColumns",
     "districts: {source: d.geojson, id: id}\nenrolment:\n  source: e.csv\n  facility: f\n  "
     "layout: wide\n",
     "needs `columns`", 3},
    {"EnrolmentColumnWithoutYear",
     "districts: {source: d.geojson, id: id}\nenrolment:\n  source: e.csv\n  facility: f\n  "
     "layout: wide\n  columns:\n    s2019: 19\n",
     "column `s2019` needs a school year", 7},
    {"EnrolmentColumnUnknownKey",
     "districts: {source: d.geojson, id: id}\nenrolment:\n  source: e.csv\n  facility: f\n  "
     "layout: wide\n  columns:\n    s2019: {year: 2019, klasse: 1}\n",
     "unknown key `klasse`", 7},
    {"EnrolmentUnknownKey",
     "districts: {source: d.geojson, id: id}\nenrolment:\n  source: e.csv\n  facility: f\n  year: "
     "y\n  pupils: n\n  schoolyear: s\n",
     "unknown key `schoolyear`", 7},
    // grid
    {"GridIdMissing",
     "districts: {source: d.geojson, id: id}\ngrid:\n  source: g.csv\n  persons: p\n",
     "`id` is required", 3},
    {"GridWithoutCounts",
     "districts: {source: d.geojson, id: id}\ngrid:\n  source: g.csv\n  id: id\n",
     "a grid needs `persons`", 3},
    {"GridYearNotANumber",
     "districts: {source: d.geojson, id: id}\ngrid:\n  source: g.csv\n  id: id\n  persons: p\n  "
     "year: zensus\n",
     "`year` must be a number", 6},
    {"GridBadBand",
     "districts: {source: d.geojson, id: id}\ngrid:\n  source: g.csv\n  id: id\n  bands:\n    k: "
     "kinder\n",
     "`kinder` is no age band", 6},
    {"GridUnknownKey",
     "districts: {source: d.geojson, id: id}\ngrid:\n  source: g.csv\n  id: id\n  persons: p\n  "
     "size: 100\n",
     "unknown key `size`", 6},
    // supply
    {"SupplyYearNotANumber", "districts: {source: d.geojson, id: id}\nsupply:\n  year: latest\n",
     "`year` must be a number", 3},
    {"SupplyTargetsNotAMap", "districts: {source: d.geojson, id: id}\nsupply:\n  targets: 45\n",
     "`targets` maps groups", 3},
    {"SupplyUnknownGroup",
     "districts: {source: d.geojson, id: id}\nsupply:\n  targets:\n    hort: 50\n",
     "unknown group `hort`", 4},
    {"SupplyNegativeTarget",
     "districts: {source: d.geojson, id: id}\nsupply:\n  targets:\n    kita_u3: -45\n",
     "the target for `kita_u3`", 4},
    {"SupplyGrundschuleAges",
     "districts: {source: d.geojson, id: id}\nsupply:\n  grundschule_ages: six to ten\n",
     "`six to ten` is no age band", 3},
    {"SupplyUnknownKey", "districts: {source: d.geojson, id: id}\nsupply:\n  target: {kita: 70}\n",
     "unknown key `target`", 3},
    // coverage
    {"CoverageThresholdsNotAMap",
     "districts: {source: d.geojson, id: id}\ncoverage:\n  thresholds: [500]\n",
     "`thresholds` maps kita or grundschule", 3},
    {"CoverageUnknownKind",
     "districts: {source: d.geojson, id: id}\ncoverage:\n  thresholds:\n    hort: [500]\n",
     "unknown kind `hort`", 4},
    {"CoverageBadThreshold",
     "districts: {source: d.geojson, id: id}\ncoverage:\n  thresholds:\n    kita: [5 parsecs]\n",
     "a threshold is a distance", 4},
    {"CoverageMixedThresholds",
     "districts: {source: d.geojson, id: id}\ncoverage:\n  thresholds:\n    kita: [500, 10 min]\n",
     "mix distances and times", 4},
    {"CoverageUnsortedThresholds",
     "districts: {source: d.geojson, id: id}\ncoverage:\n  thresholds:\n    kita: [1000, 500]\n",
     "thresholds go from near to far", 4},
    {"CoverageGrundschuleAges",
     "districts: {source: d.geojson, id: id}\ncoverage:\n  grundschule_ages: 6 bis 10\n",
     "`6 bis 10` is no age band", 3},
    {"GrundschuleAgesContradict",
     "districts: {source: d.geojson, id: id}\nsupply:\n  grundschule_ages: 6-12\ncoverage:\n  "
     "grundschule_ages: 6-10\n",
     "`grundschule_ages: 6-10` contradicts the 6-12", 5},
    {"CoverageUnknownKey",
     "districts: {source: d.geojson, id: id}\ncoverage:\n  limits: {kita: [500]}\n",
     "unknown key `limits`", 3},
    // network
    {"NetworkSourceMissing", "districts: {source: d.geojson, id: id}\nnetwork:\n  mode: walk\n",
     "network (line 3): `source` is required", 3},
    {"NetworkMode",
     "districts: {source: d.geojson, id: id}\nnetwork:\n  source: s.gpkg\n  mode: fly\n",
     "`mode: fly` is unknown", 4},
    {"NetworkWalkSpeed",
     "districts: {source: d.geojson, id: id}\nnetwork:\n  source: s.gpkg\n  walk_speed_kmh: 0\n",
     "`walk_speed_kmh` is a speed", 4},
    {"NetworkCycleSpeed",
     "districts: {source: d.geojson, id: id}\nnetwork:\n  source: s.gpkg\n  cycle_speed_kmh: 900\n",
     "`cycle_speed_kmh` is a speed", 4},
    {"NetworkNodeTolerance",
     "districts: {source: d.geojson, id: id}\nnetwork:\n  source: s.gpkg\n  node_tolerance_m: 50\n",
     "`node_tolerance_m` is between 0 and 10", 4},
    {"NetworkClassFieldNotAValue",
     "districts: {source: d.geojson, id: id}\nnetwork:\n  source: s.gpkg\n  class_field: "
     "[highway]\n",
     "`class_field` must be a single value", 4},
    {"NetworkUnknownKey",
     "districts: {source: d.geojson, id: id}\nnetwork:\n  source: s.gpkg\n  speed: 5\n",
     "unknown key `speed`", 4},
    // housing
    {"HousingDistrictMissing",
     "districts: {source: d.geojson, id: id}\nhousing:\n  source: h.csv\n  first_year: a\n  "
     "dwellings_per_year: w\n  persons_per_dwelling: 2.2\n",
     "`district` is required", 3},
    {"HousingFirstYearMissing",
     "districts: {source: d.geojson, id: id}\nhousing:\n  source: h.csv\n  district: d\n  "
     "dwellings_per_year: w\n  persons_per_dwelling: 2.2\n",
     "`first_year` is required", 3},
    {"HousingDwellingsMissing",
     "districts: {source: d.geojson, id: id}\nhousing:\n  source: h.csv\n  district: d\n  "
     "first_year: a\n  persons_per_dwelling: 2.2\n",
     "`dwellings_per_year` is required", 3},
    {"HousingPersonsMissing",
     "districts: {source: d.geojson, id: id}\nhousing:\n  source: h.csv\n  district: d\n  "
     "first_year: a\n  dwellings_per_year: w\n",
     "`persons_per_dwelling` is required", 3},
    {"HousingPersonsNegative",
     "districts: {source: d.geojson, id: id}\nhousing:\n  source: h.csv\n  district: d\n  "
     "first_year: a\n  dwellings_per_year: w\n  persons_per_dwelling: -2\n",
     "`persons_per_dwelling: -2`", 7},
    {"HousingUnknownKey",
     "districts: {source: d.geojson, id: id}\nhousing:\n  source: h.csv\n  district: d\n  "
     "first_year: a\n  dwellings_per_year: w\n  persons_per_dwelling: 2\n  year: y\n",
     "unknown key `year`", 8},
    // forecast
    {"ForecastLand", "districts: {source: d.geojson, id: id}\nforecast:\n  land: BY\n",
     "no class-size rules for `BY`", 3},
    {"ForecastBaseYear", "districts: {source: d.geojson, id: id}\nforecast:\n  base_year: 24\n",
     "`base_year` is a calendar year", 3},
    {"ForecastHorizon", "districts: {source: d.geojson, id: id}\nforecast:\n  horizon: 50\n",
     "`horizon` is 1 to 30 years", 3},
    {"ForecastWeightsNegative",
     "districts: {source: d.geojson, id: id}\nforecast:\n  weights: [1, -2]\n",
     "trend weights are numbers of 0 or more", 3},
    {"ForecastWeightsZero",
     "districts: {source: d.geojson, id: id}\nforecast:\n  weights: [0, 0]\n",
     "`weights` needs at least one weight above 0", 3},
    {"ForecastBirths", "districts: {source: d.geojson, id: id}\nforecast:\n  births: women\n",
     "`births: women`", 3},
    {"ForecastVariantsScalar",
     "districts: {source: d.geojson, id: id}\nforecast:\n  variants: wide\n",
     "`variants` is `errors`, `spread`", 3},
    {"ForecastMethod", "districts: {source: d.geojson, id: id}\nforecast:\n  method: magic\n",
     "use backtest, damped-cohort or cohort-ratios", 3},
    {"ForecastDampingNotAMap",
     "districts: {source: d.geojson, id: id}\nforecast:\n  damping: strong\n",
     "`damping` is `backtest`", 3},
    {"ForecastDampingWeight",
     "districts: {source: d.geojson, id: id}\nforecast:\n  damping: {weight: 2}\n",
     "persistence and weight 0 to 1", 3},
    {"ForecastDampingUnknownKey",
     "districts: {source: d.geojson, id: id}\nforecast:\n  damping: {psi: 0.5}\n",
     "unknown key `psi`", 3},
    {"ForecastVariantsFactors",
     "districts: {source: d.geojson, id: id}\nforecast:\n  variants: {low: 1.1, high: 1.2}\n",
     "`variants` gives factors", 3},
    {"ForecastVariantsUnknownKey",
     "districts: {source: d.geojson, id: id}\nforecast:\n  variants:\n    low: 0.9\n    high: "
     "1.1\n    middle: 1\n",
     "unknown key `middle`", 6},
    {"ForecastKitaRatesNotAMap",
     "districts: {source: d.geojson, id: id}\nforecast:\n  kita_rates: 95\n",
     "`kita_rates` maps age bands to percentages", 3},
    {"ForecastKitaRatesBand",
     "districts: {source: d.geojson, id: id}\nforecast:\n  kita_rates:\n    krippe: 45\n",
     "`krippe` in `kita_rates` is no age band", 4},
    {"ForecastKitaRatesPercent",
     "districts: {source: d.geojson, id: id}\nforecast:\n  kita_rates:\n    3-6: 120\n",
     "`3-6: 120` must be a percentage", 4},
    // monitoring, ganztag
    {"MonitoringGanztagShare",
     "districts: {source: d.geojson, id: id}\nmonitoring:\n  ganztag_per_100: 120\n",
     "`ganztag_per_100` is the Ganztag places needed per 100 entitled pupils", 3},
    {"MonitoringMinCount", "districts: {source: d.geojson, id: id}\nmonitoring:\n  min_count: 0\n",
     "`min_count` is the smallest count published", 3},
    {"MonitoringUnknownKey", "districts: {source: d.geojson, id: id}\nmonitoring:\n  minimum: 3\n",
     "unknown key `minimum`", 3},
    {"GanztagNeedsParticipants",
     "districts: {source: d.geojson, id: id}\nganztag:\n  source: g.csv\n  facility: s\n  "
     "year: j\n",
     "participants", 3},
    {"TransitionsNeedAForm",
     "districts: {source: d.geojson, id: id}\ntransitions:\n  source: t.csv\n  facility: s\n  "
     "year: j\n  pupils: n\n",
     "`form` is required", 3},
    {"TransitionsUnknownFormColumn",
     "districts: {source: d.geojson, id: id}\ntransitions:\n  source: t.csv\n  facility: s\n  "
     "year: j\n  layout: wide\n  columns: {gymnasium: gym, hauptschule: hs}\n",
     "unknown school form `hauptschule`; use gymnasium, gesamtschule, realschule or sonstige", 7},
    {"TransitionsFormValueNotOurs",
     "districts: {source: d.geojson, id: id}\ntransitions:\n  source: t.csv\n  facility: s\n  "
     "year: j\n  form: f\n  pupils: n\n  form_values: {Oberschule: ISS}\n",
     "unknown school form `ISS`", 8},
    {"ForecastEntryAge", "districts: {source: d.geojson, id: id}\nforecast:\n  entry_age: 3\n",
     "`entry_age` is the school-entry age", 3},
    {"ForecastMoversProfile",
     "districts: {source: d.geojson, id: id}\nforecast:\n  movers_profile: {0-6: 30, 18-45: 40}\n",
     "add up to 70.0 %", 3},
    {"ForecastClassSizes",
     "districts: {source: d.geojson, id: id}\nforecast:\n  class_sizes:\n    grundschule: 60\n",
     "`grundschule` is the most pupils a class takes", 4},
    {"ForecastClassSizesUnknownKey",
     "districts: {source: d.geojson, id: id}\nforecast:\n  class_sizes:\n    hauptschule: 25\n",
     "unknown key `hauptschule`", 4},
    {"ForecastUnknownKey", "districts: {source: d.geojson, id: id}\nforecast:\n  horizont: 10\n",
     "unknown key `horizont`", 3},
};
// clang-format on

void PrintTo(const bad_case& c, std::ostream* os) {
    *os << c.name;
}

class BadProjectFile : public testing::TestWithParam<bad_case> {};

} // namespace

TEST_P(BadProjectFile, NamesTheKeyAndTheLine) {
    const auto& c = GetParam();
    const auto what = error_of(c.yaml);
    EXPECT_NE(what.find(c.says), std::string::npos) << what;
    EXPECT_NE(what.find(fmt::format("(line {})", c.line)), std::string::npos) << what;
    EXPECT_NE(what.find("p.yaml"), std::string::npos) << what;
}

INSTANTIATE_TEST_SUITE_P(ProjectFile, BadProjectFile, testing::ValuesIn(bad_cases),
                         [](const auto& c) { return std::string(c.param.name); });
