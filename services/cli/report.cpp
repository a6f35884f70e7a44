#include "services/cli/report.hpp"

#include "planning/model/population_index.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>

#include <fmt/format.h>

namespace standort::services::cli {

static bool stderr_is_terminal() {
    return ::isatty(STDERR_FILENO) == 1;
}

progress_callback terminal_progress(const global_options& options) {
    if (options.quiet || !stderr_is_terminal()) {
        return {};
    }
    return [](const std::string& step) { std::cerr << "\r\033[K" << step << std::flush; };
}

void end_progress(const global_options& options) {
    if (!options.quiet && stderr_is_terminal()) {
        std::cerr << "\r\033[K" << std::flush;
    }
}

std::string json_text(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

bool stop_on_input_errors(const loaded_project& project) {
    if (!has_errors(project.found) && project.model) {
        return false;
    }
    std::cerr << "Nothing was computed: the inputs have errors.\n";
    print_findings(std::cerr, project.found);
    return true;
}

void print_written(std::ostream& out, const std::vector<std::filesystem::path>& files) {
    for (const auto& p : files) {
        out << "  " << p.string() << "\n";
    }
}

nlohmann::json paths_json(const std::vector<std::filesystem::path>& files) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : files) {
        out.push_back(p.string());
    }
    return out;
}

int analysis_year(const loaded_project& project, std::optional<int> asked) {
    const auto& model = *project.model;
    const auto years = planning::population_index(model.population).years();
    const int year = asked.value_or(
        model.grid.size() > 0 && model.grid.year ? *model.grid.year
                                                 : (years.empty() ? 0 : *years.rbegin()));
    if (!years.empty() && !years.contains(year)) {
        throw config_error(fmt::format("no population figures for {}; the project has {} to {}",
                                       year, *years.begin(), *years.rbegin()),
                           error_context{project.file.path.string(), {}, std::nullopt, {}, {}});
    }
    return year;
}

void write_json_file(const nlohmann::json& j, const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    const error_context where{path.string(), {}, std::nullopt, {}, {}};
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    const fs::path temp = path.parent_path() / ("." + path.filename().string() + ".tmp");
    {
        std::ofstream out(temp);
        out << json_text(j) << "\n";
        out.close();
        if (!out) {
            fs::remove(temp, ec);
            throw output_error("cannot write the file", where);
        }
    }
    fs::rename(temp, path, ec);
    if (ec) {
        fs::remove(temp, ec);
        throw output_error("cannot move the file into place: " + ec.message(), where);
    }
}

nlohmann::json to_json(const finding& f) {
    nlohmann::json j;
    j["severity"] = to_string(f.level);
    j["code"] = f.code;
    j["file"] = f.where.file;
    j["layer"] = f.where.layer;
    j["feature"] = f.where.feature ? nlohmann::json(*f.where.feature) : nlohmann::json();
    j["id"] = f.where.key;
    j["field"] = f.where.field;
    j["message"] = f.message;
    return j;
}

nlohmann::json to_json(const findings& list) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& f : list) {
        out.push_back(to_json(f));
    }
    return out;
}

void print_findings(std::ostream& out, const findings& list) {
    for (severity level : {severity::error, severity::warning, severity::info}) {
        for (const auto& f : list) {
            if (f.level == level) {
                out << "  " << format_finding(f) << "\n";
            }
        }
    }
    out << fmt::format("Validation: {} error(s), {} warning(s), {} note(s)\n",
                       count(list, severity::error), count(list, severity::warning),
                       count(list, severity::info));
}

} // namespace standort::services::cli
