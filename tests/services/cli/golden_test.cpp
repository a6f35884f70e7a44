// The example town's summaries, as a planner reads them on the terminal and a script reads
// them with --json, compared with reference files in tests/cases/golden/. When a change alters
// them, the actual output lands in build/golden-actual/: read the difference, and copy a file
// over its reference only when the new figures are right.
#include "tests/test_support.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <regex>

using namespace standort::test;

namespace {

struct golden_case {
    const char* name; // the reference file in tests/cases/golden/
    const char* args; // after the project file; --json where the reference is JSON
};

void PrintTo(const golden_case& c, std::ostream* os) {
    *os << c.name;
}

const golden_case golden_cases[] = {
    {"inspect.txt", "inspect"},
    {"inspect.json", "inspect --json"},
    {"export.txt", "export --format geojson,gpkg,csv"},
    {"supply.txt", "supply"},
    {"supply.json", "supply --json"},
    {"coverage.txt", "coverage"},
    {"coverage.json", "coverage --json"},
    {"coverage_straight.json", "coverage --json --travel straight"},
    {"access.txt", "access --decay e2sfca"},
    {"access.json", "access --decay e2sfca --json"},
    {"catchments.txt", "catchments --capacity"},
    {"catchments.json", "catchments --capacity --json"},
    {"isochrones.txt", "isochrones --limits '5 min,10 min,15 min'"},
    {"isochrones.json", "isochrones --limits '5 min,10 min,15 min' --json"},
    {"forecast.txt", "forecast --backtest 2"},
    {"forecast.json", "forecast --backtest 2 --json"},
    {"siting.json", "siting --open ST00001 --option 'open=ST00003;close=GS00004' --extend "
                    "GS00001:+1zug --objective p-median --p 0..2 --year 2030 --json"},
};

// Timings go wherever they stand.
void drop_seconds(nlohmann::json& j) {
    if (j.is_object()) {
        j.erase("seconds");
        for (auto& [key, value] : j.items()) {
            drop_seconds(value);
        }
    } else if (j.is_array()) {
        for (auto& value : j) {
            drop_seconds(value);
        }
    }
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

// Paths become SRC/ and OUT/, timings go: what is left must not change by itself.
std::string normalised(std::string text, const fs::path& out, bool json) {
    text = replace_all(text, out.string(), "OUT");
    text = replace_all(text, source_dir().string(), "SRC");
    if (json) {
        auto j = nlohmann::json::parse(text);
        drop_seconds(j);
        return j.dump(2) + "\n";
    }
    return text;
}

class Golden : public testing::TestWithParam<golden_case> {};

} // namespace

TEST_P(Golden, ExampleTownSummaryIsUnchanged) {
    const auto& c = GetParam();
    const std::string name = c.name;
    const bool json = name.ends_with(".json");
    temp_dir out;
    const std::string command = std::string(c.args);
    const auto verb = command.substr(0, command.find(' '));
    const auto rest = command.substr(verb.size());
    const bool writes = verb != "inspect";
    const auto r = run(quoted(STANDORT_BINARY) + " " + verb + " " +
                           quoted(source_dir() / "data/example/project.yaml") + rest +
                           (writes ? " --out " + quoted(out.path()) : ""),
                       false);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto actual = normalised(r.output, out.path(), json);
    const auto reference = read_file(source_dir() / "tests/cases/golden" / name);
    if (actual != reference) {
        const fs::path dump =
            fs::path(STANDORT_BINARY).parent_path().parent_path() / "golden-actual";
        write_file(dump / name, actual);
        FAIL() << name << " differs from its reference; the actual output is in " << (dump / name)
               << "\n--- actual ---\n"
               << actual;
    }
}

INSTANTIATE_TEST_SUITE_P(CommandSummaries, Golden, testing::ValuesIn(golden_cases),
                         [](const auto& c) {
                             return std::regex_replace(std::string(c.param.name), std::regex("[.]"),
                                                       "_");
                         });
