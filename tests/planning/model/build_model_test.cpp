#include "geo/error.hpp"
#include "planning/model/build_model.hpp"

#include "tests/geometry_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

using namespace standort;
using namespace standort::planning;
using geo::feature;
using geo::feature_layer;
using geo::field_type;

namespace {

using standort::test::square;

// Two 1 km districts side by side: "0101" at x 0..1000, "0102" at x 1000..2000.
feature_layer districts() {
    feature_layer l;
    l.name = "districts";
    l.source = "districts.geojson";
    l.fields = {{"id", field_type::text}, {"name", field_type::text}};
    l.features.push_back(
        feature{0, square(0, 0, 1000), {std::string("0101"), std::string("Altstadt")}});
    l.features.push_back(
        feature{1, square(1000, 0, 1000), {std::string("0102"), std::string("Neustadt")}});
    return l;
}

model_spec base_spec() {
    model_spec spec;
    spec.name = "test";
    spec.districts.id = "id";
    spec.districts.name = "name";
    spec.districts.parent_prefix = 2;
    return spec;
}

feature_layer kitas(const std::vector<std::tuple<std::string, double, double, std::string>>& rows) {
    feature_layer l;
    l.name = "kitas";
    l.source = "kitas.csv";
    l.fields = {{"nr", field_type::text}, {"plaetze", field_type::text}};
    std::int64_t fid = 1;
    for (auto& [id, x, y, places] : rows) {
        l.features.push_back(feature{fid++, geo::point{x, y}, {id, places}});
    }
    return l;
}

facility_mapping kita_mapping() {
    facility_mapping m;
    m.kind = facility_kind::kita;
    m.id = "nr";
    m.capacity.places.field = "plaetze";
    m.numbers = geo::number_format::german;
    return m;
}

const finding* find(const findings& list, const std::string& code) {
    auto it =
        std::find_if(list.begin(), list.end(), [&](const finding& f) { return f.code == code; });
    return it == list.end() ? nullptr : &*it;
}

} // namespace

TEST(BuildModel, JoinsFacilitiesToDistrictsByLocation) {
    auto spec = base_spec();
    spec.facilities.push_back(kita_mapping());
    model_layers layers;
    layers.districts = districts();
    layers.facilities.push_back(kitas({{"K1", 500, 500, "1.234"}, {"K2", 1500, 500, "40"}}));
    auto built = build_model(spec, layers);
    EXPECT_FALSE(has_errors(built.found));
    ASSERT_EQ(built.model.facilities.size(), 2u);
    EXPECT_EQ(built.model.facilities[0].district->value, "0101");
    EXPECT_EQ(built.model.facilities[1].district->value, "0102");
    EXPECT_EQ(built.model.facilities[0].cap.places, 1234.0); // German thousands separator
    EXPECT_EQ(built.model.districts[0].parent->value, "01");
    EXPECT_DOUBLE_EQ(built.model.districts[0].area_m2, 1e6);
}

TEST(BuildModel, ReportsFacilitiesOutsideEveryDistrict) {
    auto spec = base_spec();
    spec.facilities.push_back(kita_mapping());
    model_layers layers;
    layers.districts = districts();
    layers.facilities.push_back(kitas({{"K9", 5000, 500, "10"}}));
    auto built = build_model(spec, layers);
    const finding* f = find(built.found, "outside-districts");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->where.file, "kitas.csv");
    EXPECT_EQ(f->where.feature, 1);
    EXPECT_EQ(f->where.key, "K9");
    EXPECT_EQ(built.model.facilities.size(), 1u) << "kept, not dropped";
}

TEST(BuildModel, NegativeAndUnparsableCountsAreErrorsNamingTheField) {
    auto spec = base_spec();
    spec.facilities.push_back(kita_mapping());
    model_layers layers;
    layers.districts = districts();
    layers.facilities.push_back(kitas({{"K1", 500, 500, "-5"}, {"K2", 600, 500, "viele"}}));
    auto built = build_model(spec, layers);
    const finding* negative = find(built.found, "negative-count");
    ASSERT_TRUE(negative);
    EXPECT_EQ(negative->where.field, "plaetze");
    EXPECT_EQ(negative->where.key, "K1");
    const finding* bad = find(built.found, "bad-number");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->where.key, "K2");
}

TEST(BuildModel, DuplicateFacilityIdsAreErrors) {
    auto spec = base_spec();
    spec.facilities.push_back(kita_mapping());
    model_layers layers;
    layers.districts = districts();
    layers.facilities.push_back(kitas({{"K1", 500, 500, "10"}, {"K1", 600, 500, "20"}}));
    auto built = build_model(spec, layers);
    const finding* f = find(built.found, "duplicate-id");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->level, severity::error);
    EXPECT_EQ(f->where.feature, 2);
}

TEST(BuildModel, DuplicateDistrictWithTheSameNameIsMerged) {
    // As in Berlin's old LOR, where 06010102 "Schloßstraße" comes as two features.
    auto spec = base_spec();
    model_layers layers;
    layers.districts = districts();
    layers.districts.features.push_back(
        feature{2, square(0, 1000, 1000), {std::string("0101"), std::string("Altstadt")}});
    auto built = build_model(spec, layers);
    const finding* f = find(built.found, "duplicate-id");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->level, severity::warning);
    ASSERT_EQ(built.model.districts.size(), 2u);
    EXPECT_DOUBLE_EQ(built.model.districts[0].area_m2, 2e6); // both parts kept
}

TEST(BuildModel, DuplicateDistrictWithAnotherNameIsAnError) {
    auto spec = base_spec();
    model_layers layers;
    layers.districts = districts();
    layers.districts.features.push_back(
        feature{2, square(0, 1000, 1000), {std::string("0101"), std::string("Elsewhere")}});
    auto built = build_model(spec, layers);
    const finding* f = find(built.found, "duplicate-id");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->level, severity::error);
}

TEST(BuildModel, PopulationKeysUnmatchedOnEitherSideAreListed) {
    auto spec = base_spec();
    population_mapping pop;
    pop.district = "raum";
    pop.year = 2020;
    pop.bands = {{"u3", {0, 3}}, {"ue3", {3, 6}}};
    spec.population.push_back(pop);
    feature_layer table;
    table.name = "ewr";
    table.source = "ewr.csv";
    table.fields = {
        {"raum", field_type::text}, {"u3", field_type::text}, {"ue3", field_type::text}};
    table.features.push_back(
        feature{1, {}, {std::string("0101"), std::string("30"), std::string("40")}});
    table.features.push_back(
        feature{2, {}, {std::string("0999"), std::string("5"), std::string("6")}});
    model_layers layers;
    layers.districts = districts();
    layers.population.push_back(table);
    auto built = build_model(spec, layers);
    ASSERT_EQ(built.model.population.size(), 2u);
    std::vector<std::string> unmatched;
    for (const auto& f : built.found) {
        if (f.code == "unmatched-key") {
            unmatched.push_back(f.where.key);
            if (f.where.key == "0999") {
                EXPECT_NE(f.message.find("11 persons not joined"), std::string::npos) << f.message;
            }
        }
    }
    // 0999 has figures but no polygon; 0102 has a polygon but no figures.
    EXPECT_EQ(unmatched, (std::vector<std::string>{"0999", "0102"}));
}

TEST(BuildModel, OverlappingBandsAreRefused) {
    auto spec = base_spec();
    population_mapping pop;
    pop.district = "raum";
    pop.year = 2020;
    pop.bands = {{"u6", {0, 6}}, {"u1", {0, 1}}}; // E_E1U6-style aggregates double count
    spec.population.push_back(pop);
    feature_layer table;
    table.fields = {{"raum", field_type::text}, {"u6", field_type::text}, {"u1", field_type::text}};
    model_layers layers;
    layers.districts = districts();
    layers.population.push_back(table);
    EXPECT_THROW(build_model(spec, layers), config_error);
}

TEST(BuildModel, BandPatternFindsColumns) {
    auto spec = base_spec();
    population_mapping pop;
    pop.district = "RAUMID";
    pop.year_field = "ZEIT";
    pop.band_pattern = R"(^E_E(\d+)_(\d+)$)";
    spec.population.push_back(pop);
    feature_layer table;
    table.fields = {{"ZEIT", field_type::text},     {"RAUMID", field_type::text},
                    {"E_E", field_type::text},      {"E_E00_01", field_type::text},
                    {"E_E03_05", field_type::text}, {"E_E1U6", field_type::text}};
    table.features.push_back(
        feature{1,
                {},
                {std::string("202012"), std::string("0101"), std::string("100"), std::string("22"),
                 std::string("60"), std::string("130")}});
    model_layers layers;
    layers.districts = districts();
    layers.population.push_back(table);
    auto built = build_model(spec, layers);
    ASSERT_EQ(built.model.population.size(), 2u);
    EXPECT_EQ(built.model.population[0].year, 2020); // 202012 = December 2020
    EXPECT_EQ(built.model.population[1].band, (age_band{3, 5}));
    EXPECT_EQ(built.model.population[1].persons, 60.0);
}

TEST(BuildModel, SchoolSeatsFromZuegeAndCatchments) {
    auto spec = base_spec();
    facility_mapping schools;
    schools.kind_field = "form";
    schools.kinds = {{"Grundschule", facility_kind::grundschule}};
    schools.id = "nr";
    schools.capacity.zuege.field = "zuege";
    schools.capacity.class_size.number = 25;
    schools.capacity.grades.number = 4;
    spec.facilities.push_back(schools);
    spec.catchments = catchment_mapping{"esb", "", ""};
    feature_layer s;
    s.fields = {
        {"nr", field_type::text}, {"form", field_type::text}, {"zuege", field_type::integer}};
    s.features.push_back(
        feature{1,
                geo::point{500, 500},
                {std::string("GS1"), std::string("Grundschule"), std::int64_t{2}}});
    s.features.push_back(
        feature{2,
                geo::point{1500, 500},
                {std::string("P1"), std::string("Privatschule"), std::int64_t{1}}});
    s.features.push_back(
        feature{3,
                geo::point{1500, 600},
                {std::string("GS2"), std::string("Grundschule"), std::int64_t{3}}});
    feature_layer c;
    c.fields = {{"esb", field_type::text}};
    c.features.push_back(feature{0, square(0, 0, 1000), {std::string("E1")}});
    model_layers layers;
    layers.districts = districts();
    layers.facilities.push_back(s);
    layers.catchments = c;
    auto built = build_model(spec, layers);
    ASSERT_EQ(built.model.facilities.size(), 2u);
    // 2 Züge x 25 pupils x 4 grades = 200 seats
    EXPECT_EQ(built.model.facilities[0].cap.seats, 200.0);
    EXPECT_TRUE(built.model.facilities[0].cap.seats_derived);
    EXPECT_EQ(built.model.facilities[0].catchment->value, "E1");
    EXPECT_EQ(built.model.catchments[0].facilities_inside.size(), 1u);
    const finding* outside = find(built.found, "outside-catchments");
    ASSERT_TRUE(outside);
    EXPECT_EQ(outside->where.key, "GS2");
    const finding* skipped = find(built.found, "kind-not-mapped");
    ASSERT_TRUE(skipped);
    EXPECT_NE(skipped->message.find("1 feature(s) with value 'Privatschule'"), std::string::npos);
}

// The base spec and layers with one Grundschule, GS1, that school tables join to.
model_spec spec_with_a_grundschule() {
    auto spec = base_spec();
    facility_mapping schools;
    schools.kind = facility_kind::grundschule;
    schools.id = "nr";
    spec.facilities.push_back(schools);
    return spec;
}

model_layers layers_with_a_grundschule() {
    feature_layer s;
    s.fields = {{"nr", field_type::text}};
    s.features.push_back(feature{1, geo::point{500, 500}, {std::string("GS1")}});
    model_layers layers;
    layers.districts = districts();
    layers.facilities.push_back(s);
    return layers;
}

TEST(BuildModel, EnrolmentWideColumnsAndUnknownSchools) {
    auto spec = spec_with_a_grundschule();
    enrolment_mapping e;
    e.facility = "BSN";
    e.layout = table_layout::wide;
    e.columns = {{"students2018", 2018, "all"}, {"students2019", 2019, "all"}};
    e.numbers = geo::number_format::german;
    spec.enrolment.push_back(e);
    feature_layer s;
    s.fields = {{"nr", field_type::text}};
    s.features.push_back(feature{1, geo::point{500, 500}, {std::string("01G40")}});
    feature_layer t;
    t.fields = {{"BSN", field_type::text},
                {"students2018", field_type::text},
                {"students2019", field_type::text}};
    t.features.push_back(
        feature{1, {}, {std::string("01G40"), std::string("486"), std::string("466")}});
    t.features.push_back(
        feature{2, {}, {std::string("99X99"), std::string("10"), std::string("")}});
    model_layers layers;
    layers.districts = districts();
    layers.facilities.push_back(s);
    layers.enrolment.push_back(t);
    auto built = build_model(spec, layers);
    ASSERT_EQ(built.model.enrolment.size(), 2u);
    EXPECT_EQ(built.model.enrolment[0].pupils, 486.0);
    EXPECT_EQ(built.model.enrolment[1].school_year, 2019);
    const finding* f = find(built.found, "unmatched-key");
    ASSERT_TRUE(f);
    EXPECT_EQ(f->where.key, "99X99");
}

// Ganztag rows: school years as "2026/27", a row naming no Grundschule and a row given twice
// are errors naming the row; a row without places keeps its participants.
TEST(BuildModel, GanztagRowsJoinTheirGrundschule) {
    auto spec = spec_with_a_grundschule();
    spec.ganztag.push_back({"schule", "jahr", "teilnehmer", "plaetze", geo::number_format::plain});
    feature_layer g;
    g.name = "ganztag";
    g.source = "ganztag.csv";
    g.fields = {{"schule", field_type::text},
                {"jahr", field_type::text},
                {"teilnehmer", field_type::text},
                {"plaetze", field_type::text}};
    const auto row = [&](std::int64_t fid, const char* school, const char* year, const char* n,
                         const char* places) {
        g.features.push_back(
            feature{fid,
                    {},
                    {std::string(school), std::string(year), std::string(n), std::string(places)}});
    };
    row(1, "GS1", "2026/27", "120", "150");
    row(2, "GS1", "2027/28", "130", "");
    row(3, "GS9", "2026/27", "40", "50");
    row(4, "GS1", "2026", "1", "1");
    auto layers = layers_with_a_grundschule();
    layers.ganztag.push_back(g);
    const auto built = build_model(spec, layers);
    ASSERT_EQ(built.model.ganztag.size(), 2u);
    EXPECT_EQ(built.model.ganztag[0].school_year, 2026);
    EXPECT_EQ(built.model.ganztag[0].places, 150.0);
    EXPECT_EQ(built.model.ganztag[1].participants, 130.0);
    EXPECT_FALSE(built.model.ganztag[1].places);
    const finding* unmatched = find(built.found, "unmatched-key");
    ASSERT_TRUE(unmatched);
    EXPECT_EQ(unmatched->level, severity::error);
    EXPECT_EQ(unmatched->where.key, "GS9");
    EXPECT_EQ(unmatched->where.feature, 3);
    const finding* twice = find(built.found, "duplicate-row");
    ASSERT_TRUE(twice);
    EXPECT_EQ(twice->where.feature, 4);
}

// Transitions, long: the statistics' names of forms (Hauptschule and Förderschule are both
// "sonstige", summed), a name the project maps (`form_values`), a name no one knows (an error
// naming the row and field), the same name twice (an error).
TEST(BuildModel, TransitionsJoinTheirGrundschuleAndNameEveryForm) {
    auto spec = spec_with_a_grundschule();
    transition_mapping t;
    t.facility = "schule";
    t.year_field = "jahr";
    t.form_field = "schulart";
    t.pupils_field = "anzahl";
    t.form_values = {{"Oberschule", school_form::gesamtschule}};
    spec.transitions.push_back(t);
    feature_layer g;
    g.name = "uebergaenge";
    g.source = "uebergaenge.csv";
    g.fields = {{"schule", field_type::text},
                {"jahr", field_type::text},
                {"schulart", field_type::text},
                {"anzahl", field_type::text}};
    const auto row = [&](std::int64_t fid, const char* form, const char* n) {
        g.features.push_back(feature{
            fid,
            {},
            {std::string("GS1"), std::string("2024/25"), std::string(form), std::string(n)}});
    };
    row(1, "Gymnasium", "20");
    row(2, "Hauptschule", "3");
    row(3, "Förderschule", "2");
    row(4, "Oberschule", "15");
    row(5, "Gymnasiun", "4");
    row(6, "Gymnasium", "1");
    auto layers = layers_with_a_grundschule();
    layers.transitions.push_back(g);
    const auto built = build_model(spec, layers);
    std::map<school_form, double> pupils;
    for (const auto& r : built.model.transitions) {
        EXPECT_EQ(r.school_year, 2024);
        pupils[r.form] += r.pupils.value_or(-1000);
    }
    EXPECT_EQ(built.model.transitions.size(), 3u);
    EXPECT_EQ(pupils[school_form::gymnasium], 20.0);
    EXPECT_EQ(pupils[school_form::sonstige], 5.0);
    EXPECT_EQ(pupils[school_form::gesamtschule], 15.0);
    const finding* unknown = find(built.found, "unknown-form");
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->level, severity::error);
    EXPECT_EQ(unknown->where.feature, 5);
    EXPECT_EQ(unknown->where.field, "schulart");
    EXPECT_NE(unknown->message.find("'Gymnasiun'"), std::string::npos) << unknown->message;
    const finding* twice = find(built.found, "duplicate-row");
    ASSERT_TRUE(twice);
    EXPECT_EQ(twice->where.feature, 6);
}

// Wide: a column per form, and two columns for one form summed.
TEST(BuildModel, WideTransitionsSumTheColumnsOfAForm) {
    auto spec = spec_with_a_grundschule();
    transition_mapping t;
    t.facility = "schule";
    t.year_field = "jahr";
    t.columns = {{school_form::gymnasium, "gym"},
                 {school_form::sonstige, "hs"},
                 {school_form::sonstige, "fs"}};
    spec.transitions.push_back(t);
    feature_layer g;
    g.fields = {{"schule", field_type::text},
                {"jahr", field_type::text},
                {"gym", field_type::text},
                {"hs", field_type::text},
                {"fs", field_type::text}};
    g.features.push_back(feature{1,
                                 {},
                                 {std::string("GS1"), std::string("2025"), std::string("30"),
                                  std::string("4"), std::string("1")}});
    auto layers = layers_with_a_grundschule();
    layers.transitions.push_back(g);
    const auto built = build_model(spec, layers);
    ASSERT_EQ(built.model.transitions.size(), 2u);
    EXPECT_EQ(built.model.transitions[0].form, school_form::gymnasium);
    EXPECT_EQ(built.model.transitions[0].pupils, 30.0);
    EXPECT_EQ(built.model.transitions[1].form, school_form::sonstige);
    EXPECT_EQ(built.model.transitions[1].pupils, 5.0);
    EXPECT_EQ(built.model.transitions[1].school_year, 2025);
}

// Two transitions tables may hold different years; the same school, year and form in both is
// the same pupils twice: an error naming the row and the first table, not a silent sum.
TEST(BuildModel, TheSameTransitionsInTwoTablesAreAnErrorNotASum) {
    auto spec = spec_with_a_grundschule();
    transition_mapping t;
    t.facility = "schule";
    t.year_field = "jahr";
    t.columns = {{school_form::gymnasium, "gym"}};
    spec.transitions = {t, t};
    const auto table = [](const char* source, const char* year, const char* n) {
        feature_layer g;
        g.name = "uebergaenge";
        g.source = source;
        g.fields = {
            {"schule", field_type::text}, {"jahr", field_type::text}, {"gym", field_type::text}};
        g.features.push_back(
            feature{1, {}, {std::string("GS1"), std::string(year), std::string(n)}});
        return g;
    };
    auto layers = layers_with_a_grundschule();
    layers.transitions = {table("a.csv", "2023", "30"), table("b.csv", "2024", "25")};
    auto built = build_model(spec, layers);
    ASSERT_EQ(built.model.transitions.size(), 2u) << "one year from each table";
    EXPECT_FALSE(find(built.found, "duplicate-row"));

    layers.transitions[1] = table("b.csv", "2023", "30");
    built = build_model(spec, layers);
    ASSERT_EQ(built.model.transitions.size(), 1u);
    EXPECT_EQ(built.model.transitions[0].pupils, 30.0) << "not 30 + 30";
    const finding* twice = find(built.found, "duplicate-row");
    ASSERT_TRUE(twice);
    EXPECT_EQ(twice->level, severity::error);
    EXPECT_EQ(twice->where.file, "b.csv");
    EXPECT_EQ(twice->where.feature, 1);
    EXPECT_NE(twice->message.find("in a.csv"), std::string::npos) << twice->message;
}

// An empty cell of a wide row is unknown (a warning says so), never 0: the form's record of
// the school and year stays without pupils, so its total and quotas are unknown too.
TEST(BuildModel, AnEmptyTransitionsCellIsUnknownNotZero) {
    auto spec = spec_with_a_grundschule();
    transition_mapping t;
    t.facility = "schule";
    t.year_field = "jahr";
    t.columns = {{school_form::gymnasium, "gym"}, {school_form::realschule, "rs"}};
    spec.transitions.push_back(t);
    feature_layer g;
    g.fields = {{"schule", field_type::text},
                {"jahr", field_type::text},
                {"gym", field_type::text},
                {"rs", field_type::text}};
    g.features.push_back(feature{
        1, {}, {std::string("GS1"), std::string("2025"), std::string("30"), std::string("")}});
    auto layers = layers_with_a_grundschule();
    layers.transitions.push_back(g);
    const auto built = build_model(spec, layers);
    ASSERT_EQ(built.model.transitions.size(), 2u);
    EXPECT_EQ(built.model.transitions[0].pupils, 30.0);
    EXPECT_EQ(built.model.transitions[1].form, school_form::realschule);
    EXPECT_FALSE(built.model.transitions[1].pupils.has_value());
    EXPECT_TRUE(find(built.found, "missing-value"));
}

TEST(BuildModel, MissingMappedFieldThrowsNamingIt) {
    auto spec = base_spec();
    spec.districts.id = "gebiet";
    model_layers layers;
    layers.districts = districts();
    try {
        build_model(spec, layers);
        FAIL() << "expected input_error";
    } catch (const input_error& e) {
        EXPECT_EQ(e.context().field, "gebiet");
        EXPECT_EQ(e.context().file, "districts.geojson");
    }
}

TEST(BuildModel, CatchmentsThatOverlapOrLeaveGapsAreReported) {
    // Districts cover [0,2000]x[0,1000]. E1 = [0,1200]x[0,1000] and E2 = [1000,1800]x[0,1000]
    // overlap by 200 x 1000 = 20 ha and leave [1800,2000]x[0,1000] = 20 ha uncovered.
    auto spec = base_spec();
    spec.catchments = catchment_mapping{"esb", "", ""};
    feature_layer c;
    c.fields = {{"esb", field_type::text}};
    geo::multi_polygon e1;
    e1.resize(1);
    e1[0].outer() = {{0, 0}, {0, 1000}, {1200, 1000}, {1200, 0}, {0, 0}};
    geo::multi_polygon e2;
    e2.resize(1);
    e2[0].outer() = {{1000, 0}, {1000, 1000}, {1800, 1000}, {1800, 0}, {1000, 0}};
    c.features.push_back(feature{0, e1, {std::string("E1")}});
    c.features.push_back(feature{1, e2, {std::string("E2")}});
    model_layers layers;
    layers.districts = districts();
    layers.catchments = c;
    auto built = build_model(spec, layers);
    const finding* overlap = find(built.found, "catchment-overlap");
    ASSERT_TRUE(overlap);
    EXPECT_NE(overlap->message.find("'E1' and 'E2' overlap by 20.00 ha"), std::string::npos)
        << overlap->message;
    const finding* gap = find(built.found, "catchment-gap");
    ASSERT_TRUE(gap);
    EXPECT_NE(gap->message.find("20.00 ha"), std::string::npos) << gap->message;
    EXPECT_NE(gap->message.find("0102 'Neustadt'"), std::string::npos) << gap->message;
}

// The grid is built cell by cell as it streams in: its count columns are still judged whole,
// so "1.234" persons in every dotted cell is German thousands, said once, not 1.234 persons.
TEST(BuildModel, GridCountsInGermanThousandsAreAnError) {
    auto spec = base_spec();
    grid_mapping grid;
    grid.id = "id";
    grid.persons = "persons";
    grid.year = 2024;
    grid.numbers = geo::number_format::unstated; // the project file gave no number_format
    spec.grid = grid;
    feature_layer cells;
    cells.name = "grid";
    cells.fields = {{"id", field_type::text}, {"persons", field_type::text}};
    cells.features.push_back(feature{1, geo::point{50, 50}, {std::string("A"), std::string("7")}});
    cells.features.push_back(
        feature{2, geo::point{150, 50}, {std::string("B"), std::string("1.234")}});
    cells.features.push_back(
        feature{3, geo::point{250, 50}, {std::string("C"), std::string("2.500")}});
    model_layers layers;
    layers.districts = districts();
    layers.grid = cells;
    auto built = build_model(spec, layers);
    std::vector<const finding*> said;
    for (const auto& f : built.found) {
        if (f.code == "german-thousands") {
            said.push_back(&f);
        }
    }
    ASSERT_EQ(said.size(), 1u);
    EXPECT_EQ(said[0]->level, severity::error);
    EXPECT_EQ(said[0]->where.feature, 2) << "the first dotted value's row";
    EXPECT_EQ(said[0]->where.field, "persons");
    EXPECT_NE(said[0]->message.find("'1.234' and 1 more value(s)"), std::string::npos)
        << said[0]->message;

    // One value that cannot be thousands (12.5) makes the column plain decimals: no error.
    layers.grid->features.push_back(
        feature{4, geo::point{350, 50}, {std::string("D"), std::string("12.5")}});
    built = build_model(spec, layers);
    for (const auto& f : built.found) {
        EXPECT_NE(f.code, "german-thousands") << f.message;
    }
}

TEST(BuildModel, GridCellsJoinDistrictsAndAreCheckedAgainstTheTable) {
    // Three cells: two in 0101 (4 + 5 persons), one outside. The table says 0101 has 9 persons
    // in 2024 and 0102 has 50, while the grid puts none in 0102: a mismatch of 50.
    auto spec = base_spec();
    population_mapping pop;
    pop.district = "raum";
    pop.year = 2024;
    pop.bands = {{"all", {0, max_age}}};
    spec.population.push_back(pop);
    grid_mapping grid;
    grid.id = "id";
    grid.persons = "persons";
    grid.bands = {{"age_00", {0, 1}}};
    grid.year = 2024;
    spec.grid = grid;
    feature_layer table;
    table.fields = {{"raum", field_type::text}, {"all", field_type::integer}};
    table.features.push_back(feature{1, {}, {std::string("0101"), std::int64_t{9}}});
    table.features.push_back(feature{2, {}, {std::string("0102"), std::int64_t{50}}});
    feature_layer cells;
    cells.fields = {{"id", field_type::text},
                    {"persons", field_type::integer},
                    {"age_00", field_type::integer}};
    cells.features.push_back(
        feature{1, geo::point{50, 50}, {std::string("A"), std::int64_t{4}, std::int64_t{1}}});
    cells.features.push_back(
        feature{2, geo::point{950, 950}, {std::string("B"), std::int64_t{5}, std::int64_t{0}}});
    cells.features.push_back(
        feature{3, geo::point{5000, 50}, {std::string("C"), std::int64_t{7}, std::int64_t{2}}});
    model_layers layers;
    layers.districts = districts();
    layers.population.push_back(table);
    layers.grid = cells;
    auto built = build_model(spec, layers);
    const auto& g = built.model.grid;
    ASSERT_EQ(g.size(), 3u);
    EXPECT_EQ(g.district, (std::vector<std::int32_t>{0, 0, -1}));
    EXPECT_EQ(g.counts, (std::vector<float>{1, 0, 2}));
    const finding* outside = find(built.found, "outside-districts");
    ASSERT_TRUE(outside);
    EXPECT_NE(outside->message.find("1 grid cell(s)"), std::string::npos) << outside->message;
    std::vector<std::string> mismatched;
    for (const auto& f : built.found) {
        if (f.code == "grid-mismatch") {
            mismatched.push_back(f.where.key);
        }
    }
    EXPECT_EQ(mismatched, std::vector<std::string>{"0102"}) << "0101: 4 + 5 = 9 agrees";
}
