#pragma once

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>

#include <gtest/gtest.h>

namespace standort::test {

namespace fs = std::filesystem;

inline fs::path source_dir() {
    return STANDORT_SOURCE_DIR;
}
inline fs::path shared_dir() {
    return STANDORT_SHARED_DIR;
}
inline fs::path realdata_dir() {
    return shared_dir() / "realdata";
}

// A fresh folder under the system temp dir, removed with everything in it at scope end.
class temp_dir {
public:
    temp_dir() {
        std::random_device rd;
        m_path = fs::temp_directory_path() / ("standort-test-" + std::to_string(rd()));
        fs::create_directories(m_path);
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const fs::path& path() const { return m_path; }
    fs::path operator/(const std::string& name) const { return m_path / name; }

private:
    fs::path m_path;
};

inline void write_file(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << text;
}

inline std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Replaces the first `from` in a file by `to`, so a test can break one input of a copied
// project; fails the test when `from` is not there.
inline void replace_in(const fs::path& file, const std::string& from, const std::string& to) {
    std::string text = read_file(file);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    write_file(file, text);
}

// One line of a delimited text file, cut at `separator` (no quoting: the files read with it
// have none), so tests read sources independently of standort's readers.
inline std::vector<std::string> split_line(const std::string& line, char separator) {
    std::vector<std::string> out;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, separator)) {
        out.push_back(cell);
    }
    return out;
}

struct command_result {
    int exit_code = -1;
    std::string output; // stdout and stderr together, or stdout only
};

// Runs a shell command and captures what it prints: stdout and stderr, or stdout only (what
// a script reading --json sees).
inline command_result run(const std::string& command, bool with_stderr = true) {
    command_result result;
    FILE* pipe = ::popen((command + (with_stderr ? " 2>&1" : " 2>/dev/null")).c_str(), "r");
    if (!pipe) {
        return result;
    }
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        result.output.append(buffer.data(), n);
    }
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline std::string quoted(const fs::path& p) {
    return "'" + p.string() + "'";
}

// Whether the independent layer check (../shared/tools/check-layer: GDAL and QGIS read what
// we wrote) can run here; tests skip it with a message when not.
inline bool layer_checker_available() {
    return fs::exists(shared_dir() / "tools/check-layer") &&
           run("/usr/bin/python3 -c 'import qgis.core, osgeo'").exit_code == 0;
}

// Runs check-layer on `arguments` (its options and paths). The `layer_styles` table that QGIS
// reads styles from (and writes itself) is a table without CRS, which check-layer reports as
// an error for any layer; that one finding is accepted, every other error fails.
inline command_result check_layers(const std::string& arguments) {
    auto r = run(quoted(shared_dir() / "tools/check-layer") + arguments);
    const std::string accepted = "ERROR [crs] layer 'layer_styles' has no CRS (GDAL)";
    std::size_t errors = 0;
    for (std::size_t at = r.output.find("ERROR ["); at != std::string::npos;
         at = r.output.find("ERROR [", at + 1)) {
        errors += r.output.compare(at, accepted.size(), accepted) == 0 ? 0 : 1;
    }
    const bool ran = r.output.find("RESULT ") != std::string::npos;
    r.exit_code = ran && errors == 0 ? 0 : (r.exit_code == 0 ? 1 : r.exit_code);
    return r;
}

} // namespace standort::test
