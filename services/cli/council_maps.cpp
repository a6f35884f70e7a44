#include "services/cli/council_maps.hpp"

#include "geo/error.hpp"
#include "services/render/common.hpp"
#include "services/render/output_files.hpp"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>

#include <fmt/format.h>

extern char** environ;

namespace standort::services::cli {

namespace fs = std::filesystem;

namespace {

std::string maps_script() {
    if (const char* path = std::getenv("STANDORT_MAPS_SCRIPT")) {
        return path;
    }
    return STANDORT_MAPS_SCRIPT;
}

std::string iso_date(std::time_t t) {
    std::tm local{};
    localtime_r(&t, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

// A source as the map's source line names it: the file's name and when it was last changed;
// a database connection by its kind only, never with its credentials.
nlohmann::json source_json(const input_summary& input) {
    const fs::path path(input.source);
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        const auto changed = fs::last_write_time(path, ec);
        const auto system = std::chrono::file_clock::to_sys(changed);
        return {
            {"file", path.filename().string()},
            {"stand",
             ec ? std::string()
                : iso_date(std::chrono::system_clock::to_time_t(
                      std::chrono::time_point_cast<std::chrono::system_clock::duration>(system)))}};
    }
    const auto colon = input.source.find(':');
    return {{"file", colon == std::string::npos ? std::string("Datenbank")
                                                : input.source.substr(0, colon) + "-Datenbank"},
            {"stand", ""}};
}

std::vector<std::string> parse_formats(const std::string& text) {
    std::vector<std::string> out;
    std::string part;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ',') {
            if (part != "pdf" && part != "png") {
                throw request_error("--format", fmt::format("unknown map format '{}': use pdf, "
                                                            "png or both",
                                                            part));
            }
            out.push_back(part);
            part.clear();
        } else if (text[i] != ' ') {
            part += text[i];
        }
    }
    return out;
}

nlohmann::json make_request(const opened_project& project, const map_settings& settings,
                            const fs::path& out) {
    nlohmann::json sources = nlohmann::json::array();
    std::set<std::string> seen;
    for (const auto& input : project.inputs) {
        auto s = source_json(input);
        if (seen.insert(s["file"].get<std::string>()).second) {
            sources.push_back(std::move(s));
        }
    }
    nlohmann::json request{{"out", fs::absolute(out).string()},
                           {"project", project.file.spec.name},
                           {"version", STANDORT_VERSION},
                           {"today", iso_date(std::time(nullptr))},
                           {"sources", sources},
                           {"paper", settings.paper},
                           {"dpi", settings.dpi},
                           {"formats", parse_formats(settings.formats)}};
    if (!settings.only.empty()) {
        request["only"] = settings.only;
    }
    if (project.file.network) { // a file only: a connection string stays out of the request
        const fs::path streets(project.file.network->source.read.source);
        std::error_code ec;
        if (fs::is_regular_file(streets, ec)) {
            request["streets"] = fs::absolute(streets).string();
        }
    }
    return request;
}

struct child_result {
    int status = -1;
    std::string output; // stdout; stderr goes to ours
};

// Runs the renderer without a shell (paths may hold any character), its stdout read here:
// lines "Karte: ..." are progress, the last line is its JSON summary.
child_result run_renderer(const std::string& request_path, bool show_progress) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) {
        throw output_error("cannot start the map renderer (pipe)");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
    const std::string python = "/usr/bin/python3";
    const std::string script = maps_script();
    std::vector<char*> argv{const_cast<char*>(python.c_str()), const_cast<char*>(script.c_str()),
                            const_cast<char*>(request_path.c_str()), nullptr};
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, python.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (spawned != 0) {
        ::close(pipe_fds[0]);
        throw output_error(fmt::format("cannot start {}: {}", python, std::strerror(spawned)));
    }
    child_result result;
    std::string line;
    char c = 0;
    for (;;) {
        const auto n = ::read(pipe_fds[0], &c, 1);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n != 1) {
            break;
        }
        result.output += c;
        if (c != '\n') {
            line += c;
            continue;
        }
        if (show_progress && line.rfind("{", 0) != 0) {
            std::cerr << "  " << line << "\n";
        }
        line.clear();
    }
    ::close(pipe_fds[0]);
    int status = 0;
    pid_t waited = -1;
    do {
        waited = ::waitpid(pid, &status, 0);
    } while (waited < 0 && errno == EINTR);
    result.status = waited == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

bool have_pyqgis() {
    return std::system("/usr/bin/python3 -c 'import qgis.core' >/dev/null 2>&1") == 0;
}

} // namespace

void check_map_settings(const map_settings& settings) {
    if (settings.paper != "A4" && settings.paper != "A3") {
        throw request_error("--paper",
                            fmt::format("unknown paper '{}': use A4 or A3", settings.paper));
    }
    if (settings.dpi < 72 || settings.dpi > 600) {
        throw request_error("--dpi", fmt::format("{} dpi: use 72 to 600", settings.dpi));
    }
    parse_formats(settings.formats);
    if (!fs::exists(maps_script()) || !have_pyqgis()) {
        throw output_error("QGIS is needed for the maps (Debian's python3-qgis and "
                           "qgis-providers; scripts/setup installs them)",
                           {maps_script(), {}, std::nullopt, {}, {}});
    }
}

rendered_maps render_maps(const global_options& options, const opened_project& project,
                          const fs::path& out, const map_settings& settings) {
    char request_path[] = "/tmp/standort-map-XXXXXX";
    const int fd = ::mkstemp(request_path);
    if (fd < 0) {
        throw output_error("cannot write the map request",
                           {request_path, {}, std::nullopt, {}, {}});
    }
    ::close(fd);
    // Removed however this ends (the renderer may fail to start).
    const std::unique_ptr<char, void (*)(char*)> remove_request(request_path,
                                                                [](char* p) { std::remove(p); });
    {
        std::ofstream request(request_path);
        request << json_text(make_request(project, settings, out));
    }
    const auto result = run_renderer(request_path, !options.quiet && !options.json);
    const auto last = result.output.rfind("\n{");
    const auto summary_text = result.output.substr(last == std::string::npos ? 0 : last + 1);
    if (result.status == 2 && !settings.only.empty()) {
        throw output_error("QGIS found no layers of " + settings.only + " to map",
                           {(out / settings.only).string(), {}, std::nullopt, {}, {}});
    }
    if (result.status == 2) {
        throw input_error("no analysis layers to map: run supply, coverage or another analysis "
                          "into this folder first",
                          {out.string(), {}, std::nullopt, {}, {}});
    }
    if (result.status != 0) {
        throw output_error("QGIS could not render the maps (its message is above)",
                           {out.string(), {}, std::nullopt, {}, {}});
    }
    const auto summary = nlohmann::json::parse(summary_text, nullptr, false);
    if (!summary.is_object()) {
        throw output_error("the map renderer gave no summary (its message is above)",
                           {out.string(), {}, std::nullopt, {}, {}});
    }
    rendered_maps rendered;
    rendered.maps = summary.value("maps", nlohmann::json::array());
    for (const auto& f : summary.value("files", nlohmann::json::array())) {
        rendered.files.emplace_back(f.get<std::string>());
    }
    return rendered;
}

} // namespace standort::services::cli
