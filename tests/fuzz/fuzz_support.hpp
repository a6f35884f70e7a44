#pragma once

#include "geo/error.hpp"

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

namespace standort::fuzz {

// The input as a file our readers open by name, in a folder of this process.
inline std::filesystem::path input_file(const std::string& name, const std::uint8_t* data,
                                        std::size_t size) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("standort-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

// Our errors are the expected answer to bad input; anything else escaping is a finding.
template <class F> void expect_only_our_errors(F&& f) {
    try {
        f();
    } catch (const standort::error&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "not a standort::error: %s\n", e.what());
        std::abort();
    }
}

} // namespace standort::fuzz
