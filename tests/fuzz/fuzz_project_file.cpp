// The project file parser on any bytes: a config_error naming the line, never a crash, a hang
// or an exception of another kind.
#include "services/load/project_file.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = standort::fuzz::input_file("project.yaml", data, size);
    standort::fuzz::expect_only_our_errors([&] { standort::services::read_project_file(path); });
    return 0;
}
