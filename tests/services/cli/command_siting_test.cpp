// Site choice on the example town: the plot by the Neubaugebiet relieves GS00001, an option
// evaluated is what coverage and catchments find with the school built, and the layers open.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

using namespace standort::test;

namespace {

const fs::path example = source_dir() / "data/example";

nlohmann::json run_json(const std::string& args) {
    const auto r = run(quoted(STANDORT_BINARY) + " " + args + " --json", false);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.output;
    return nlohmann::json::parse(r.output, nullptr, false);
}

const nlohmann::json& feature_of(const nlohmann::json& collection, const std::string& id) {
    for (const auto& f : collection["features"]) {
        if (f["properties"]["facility_id"] == id) {
            return f;
        }
    }
    throw std::runtime_error("no feature " + id);
}

// The example's candidate ST00001 as a 1-zügige Grundschule among the schools.
void build_st00001(const fs::path& dir) {
    fs::copy(example, dir, fs::copy_options::recursive);
    const auto candidates = nlohmann::json::parse(read_file(dir / "candidates.geojson"));
    auto schools = nlohmann::json::parse(read_file(dir / "schools.geojson"));
    for (const auto& c : candidates["features"]) {
        if (c["properties"]["standort_id"] == "ST00001") {
            nlohmann::json school = c;
            school["properties"] = {{"schulnummer", "ST00001"},   {"name", "Neue Grundschule"},
                                    {"schulform", "Grundschule"}, {"zuege", 1},
                                    {"klassenfrequenz", 25},      {"plaetze", nullptr}};
            schools["features"].push_back(school);
        }
    }
    write_file(dir / "schools.geojson", schools.dump());
}

} // namespace

TEST(SitingCli, ThePlotByTheNeubaugebietRelievesGs00001) {
    // In 2032 the Neubaugebiet in Beispielstadt-Ost has filled GS00001's 400 seats; one new
    // Grundschule chosen for the least total way within the seats goes next to it.
    temp_dir out;
    const auto j =
        run_json("siting " + quoted(example / "project.yaml") +
                 " --objective capacitated-p-median --p 1 --year 2032 --out " + quoted(out.path()));
    ASSERT_FALSE(j.is_discarded());
    EXPECT_TRUE(j["projected"].get<bool>());
    EXPECT_TRUE(j["solution"]["proven_optimal"].get<bool>());
    EXPECT_EQ(j["scenarios"].back()["open_sites"].get<std::string>().find("ST00001") ==
                  std::string::npos,
              false);
    const auto sites = nlohmann::json::parse(read_file(out / "siting_sites.geojson"));
    const auto& gs1 = feature_of(sites, "GS00001")["properties"];
    EXPECT_DOUBLE_EQ(gs1["children_today"].get<double>(), 400); // full
    EXPECT_LT(gs1["children_result"].get<double>(), 390);       // relieved
    const auto& st1 = feature_of(sites, "ST00001")["properties"];
    EXPECT_EQ(st1["change"], "new");
    EXPECT_GT(st1["children_result"].get<double>(), 40);
    // ST00002 and ST00004 are too small for a school (under 4,000 m²): left out, and said so.
    const auto parameters = nlohmann::json::parse(read_file(out / "siting_parameters.json"));
    EXPECT_NE(parameters["notes"].dump().find("2 candidate site(s) left out"), std::string::npos)
        << parameters["notes"];
}

TEST(SitingCli, AnOptionIsWhatCoverageAndCatchmentsFindWithTheSchoolBuilt) {
    temp_dir out;
    const auto option = run_json("siting " + quoted(example / "project.yaml") +
                                 " --open ST00001 --out " + quoted(out.path()));
    ASSERT_FALSE(option.is_discarded());
    ASSERT_EQ(option["scenarios"].size(), 2u);
    const auto& built = option["scenarios"][1];

    temp_dir dir;
    build_st00001(dir.path());
    const auto coverage =
        run_json("coverage " + quoted(dir / "project.yaml") + " --out " + quoted(dir / "cov"));
    const auto catchments = run_json("catchments --capacity " + quoted(dir / "project.yaml") +
                                     " --out " + quoted(dir / "cat"));
    ASSERT_FALSE(coverage.is_discarded());
    ASSERT_FALSE(catchments.is_discarded());
    const auto& school = coverage["kinds"][1];
    ASSERT_EQ(school["kind"], "grundschule");
    EXPECT_NEAR(built["children"].get<double>(), school["children"].get<double>(), 1e-6);
    for (std::size_t t = 0; t < 2; ++t) {
        EXPECT_NEAR(built["within"][t].get<double>(), school["within"][t]["children"].get<double>(),
                    1e-6)
            << "threshold " << t;
    }
    EXPECT_NEAR(built["without_seat"].get<double>(),
                catchments["capacity"]["children_unassigned"].get<double>(), 1e-6);
    // Today's row is coverage on the example as it is.
    const auto today = run_json("coverage " + quoted(example / "project.yaml") + " --out " +
                                quoted(out / "today"));
    EXPECT_NEAR(option["scenarios"][0]["within"][0].get<double>(),
                today["kinds"][1]["within"][0]["children"].get<double>(), 1e-6);
}

TEST(SitingCli, ChildrenBeyondTheCapacityLimitKeepTheirWayToTheNearestSchool) {
    // Seats within 300 m only: most children have no school that near. Their way is still their
    // way to the nearest school (the fallback beyond the limit), so today's shares within 1 and
    // 2 km are coverage's, while most children are without a seat within 300 m.
    temp_dir out;
    const auto near =
        run_json("siting " + quoted(example / "project.yaml") +
                 " --threshold 300m --capacity-limit 300m --out " + quoted(out.path()));
    const auto coverage =
        run_json("coverage " + quoted(example / "project.yaml") + " --out " + quoted(out / "cov"));
    ASSERT_FALSE(near.is_discarded());
    ASSERT_FALSE(coverage.is_discarded());
    const auto& today = near["scenarios"][0];
    const auto& school = coverage["kinds"][1];
    ASSERT_EQ(today["within"].size(), 3u); // 300 m, 1000 m, 2000 m
    for (std::size_t t = 0; t < 2; ++t) {
        EXPECT_NEAR(today["within"][t + 1].get<double>(),
                    school["within"][t]["children"].get<double>(), 1e-6)
            << "threshold " << t;
    }
    EXPECT_DOUBLE_EQ(today["unreached"].get<double>(), 0);
    EXPECT_GT(today["without_seat"].get<double>(), 0.5 * today["children"].get<double>());

    // Schools that may close are existing schools too: the same ways today.
    const auto closable = run_json("siting " + quoted(example / "project.yaml") +
                                   " --threshold 300m --capacity-limit 300m --may-close --out " +
                                   quoted(out / "closable"));
    ASSERT_FALSE(closable.is_discarded());
    for (std::size_t t = 0; t < 3; ++t) {
        EXPECT_NEAR(closable["scenarios"][0]["within"][t].get<double>(),
                    today["within"][t].get<double>(), 1e-6)
            << "threshold " << t;
    }
    EXPECT_DOUBLE_EQ(closable["scenarios"][0]["unreached"].get<double>(), 0);
    EXPECT_NEAR(closable["scenarios"][0]["mean_way"].get<double>(), today["mean_way"].get<double>(),
                1e-6);
}

TEST(SitingCli, TradeOffAndLayersQgisOpens) {
    temp_dir out;
    const auto j = run_json("siting " + quoted(example / "project.yaml") +
                            " --kind kita --objective mclp --p 0..2 --out " + quoted(out.path()));
    ASSERT_FALSE(j.is_discarded());
    ASSERT_EQ(j["tradeoff"].size(), 3u);
    // More sites never cover fewer children.
    EXPECT_LE(j["tradeoff"][0]["within"].get<double>(), j["tradeoff"][1]["within"].get<double>());
    EXPECT_LE(j["tradeoff"][1]["within"].get<double>(), j["tradeoff"][2]["within"].get<double>());
    for (const char* file :
         {"siting_comparison.csv", "siting_tradeoff.csv", "siting_parameters.json"}) {
        EXPECT_TRUE(fs::exists(out / file)) << file;
    }
    if (!layer_checker_available()) {
        GTEST_SKIP() << "check-layer or python3-qgis missing";
    }
    const auto check =
        check_layers(" --bbox DE " + quoted(out / "siting_sites.geojson") + " " +
                     quoted(out / "siting_districts.geojson") + " " + quoted(out / "siting.gpkg"));
    EXPECT_EQ(check.exit_code, 0) << check.output;
}

TEST(SitingCli, UnknownSitesAndObjectivesAreUsageErrors) {
    temp_dir out;
    for (const auto& [args, parameter] :
         std::vector<std::pair<std::string, std::string>>{{"--open ST99999", "open"},
                                                          {"--close GS99999", "close"},
                                                          {"--extend GS00001:viel", "--extend"},
                                                          {"--objective best", "--objective"},
                                                          {"--p 3..1", "p"},
                                                          {"--variant mittel", "variant"}}) {
        const auto r =
            run(quoted(STANDORT_BINARY) + " siting --json " + quoted(example / "project.yaml") +
                    " " + args + " --out " + quoted(out / "never"),
                false);
        EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
        const auto j = nlohmann::json::parse(r.output, nullptr, false);
        ASSERT_FALSE(j.is_discarded()) << args << "\n" << r.output;
        EXPECT_EQ(j["error"]["parameter"], parameter) << args;
        EXPECT_FALSE(fs::exists(out / "never")) << args;
    }
}
