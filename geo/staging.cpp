#include "geo/staging.hpp"

#include "geo/error.hpp"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <fmt/format.h>

namespace standort::geo {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view prefix = ".standort-tmp-";

error_context context_of(const fs::path& path) {
    return error_context{path.string(), {}, std::nullopt, {}, {}};
}

// The process id in `.standort-tmp-<pid>-XXXXXX`; none for other names, and for the
// `.standort-tmp-XXXXXX` of versions before the id was recorded.
std::optional<pid_t> writer_of(const std::string& name) {
    const auto rest = std::string_view(name).substr(prefix.size());
    const auto dash = rest.find('-');
    if (dash == std::string_view::npos || dash == 0) {
        return std::nullopt;
    }
    pid_t pid = 0;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + dash, pid);
    if (ec != std::errc{} || end != rest.data() + dash || pid <= 0) {
        return std::nullopt;
    }
    return pid;
}

bool is_stale(const fs::directory_entry& entry) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0 || !entry.is_directory()) {
        return false;
    }
    if (const auto pid = writer_of(name)) {
        return ::kill(*pid, 0) != 0 && errno == ESRCH;
    }
    // Without an id, only an old folder is surely not being written.
    std::error_code ec;
    const auto modified = fs::last_write_time(entry.path(), ec);
    return !ec && fs::file_time_type::clock::now() - modified > std::chrono::hours(1);
}

void remove_stale(const fs::path& dir) {
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (is_stale(*it)) {
            std::error_code ignored;
            fs::remove_all(it->path(), ignored);
        }
    }
}

// Side-cars first: a reader that sees the main file also finds its .csvt, .prj and .qml.
bool is_side_car(const fs::path& p) {
    const auto ext = p.extension();
    return ext == ".csvt" || ext == ".prj" || ext == ".qml";
}

} // namespace

fs::path make_temporary_folder(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        throw output_error(fmt::format("cannot create the folder: {}", ec.message()),
                           context_of(dir));
    }
    remove_stale(dir);
    std::string pattern = (dir / fmt::format("{}{}-XXXXXX", prefix, ::getpid())).string();
    if (!::mkdtemp(pattern.data())) {
        throw output_error(fmt::format("cannot create a temporary folder: {}",
                                       std::generic_category().message(errno)),
                           context_of(dir));
    }
    return pattern;
}

staged_output::staged_output(fs::path dir)
    : m_dir(dir.empty() ? fs::path(".") : std::move(dir)), m_folder(make_temporary_folder(m_dir)) {}

staged_output::~staged_output() {
    std::error_code ec;
    fs::remove_all(m_folder, ec);
}

void staged_output::publish() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(m_folder)) {
        if (entry.is_regular_file()) {
            files.push_back(entry.path());
        }
    }
    std::stable_partition(files.begin(), files.end(), is_side_car);
    for (const auto& file : files) {
        std::error_code ec;
        fs::rename(file, m_dir / file.filename(), ec);
        if (ec) {
            throw output_error(
                fmt::format("cannot move the finished file into place: {}", ec.message()),
                context_of(m_dir / file.filename()));
        }
    }
}

} // namespace standort::geo
