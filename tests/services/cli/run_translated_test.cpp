// Each kind of failure has its exit code, translated once at the command line's edge.
#include "geo/error.hpp"
#include "services/cli/command.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

using namespace standort;
using standort::services::cli::global_options;
using standort::services::cli::run_translated;

TEST(RunTranslated, EachErrorTypeHasItsExitCode) {
    struct error_case {
        std::function<int()> run;
        int exit_code;
        const char* says;
    };
    const error_case cases[] = {
        {[] { return 0; }, 0, ""},
        {[] { return 1; }, 1, ""},
        {[]() -> int { throw request_error("--horizon", "the horizon is 1 to 30 years"); }, 2,
         "standort: the horizon"},
        {[]() -> int {
             throw input_error("no such field", {"k.csv", {}, 3, {}, "Plätze"});
         },
         3, "k.csv, feature 3, field 'Plätze': no such field"},
        {[]() -> int { throw config_error("no population figures for 1990"); }, 3, "1990"},
        {[]() -> int { throw output_error("cannot write the file", {"out.gpkg"}); }, 4, "out.gpkg"},
        {[]() -> int { throw internal_error("GEOS could not buffer the lines"); }, 5,
         "standort: internal error: GEOS"},
        {[]() -> int { throw std::runtime_error("vector::at"); }, 5, "internal error: vector::at"},
    };
    for (const auto& c : cases) {
        testing::internal::CaptureStderr();
        const int code = run_translated(global_options{}, c.run);
        const auto err = testing::internal::GetCapturedStderr();
        EXPECT_EQ(code, c.exit_code) << err;
        EXPECT_NE(err.find(c.says), std::string::npos) << err;
    }
}
