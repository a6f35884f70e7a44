#include "services/cli/session.hpp"

#include "services/cli/council_maps.hpp"
#include "services/render/common.hpp"
#include "services/render/export_layers.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace standort::services::cli {

namespace fs = std::filesystem;

namespace {

bool stderr_is_terminal() {
    return ::isatty(STDERR_FILENO) == 1;
}

} // namespace

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

std::optional<opened_project> open_for_analysis(const global_options& options,
                                                const std::string& path, open_options what) {
    what.progress = terminal_progress(options);
    opened_project project = open_project(path, what);
    end_progress(options);
    if (project.usable()) {
        return project;
    }
    if (options.json) {
        std::cout << json_text({{"error",
                                 {{"code", "validation"}, {"message", "the inputs have errors"}}},
                                {"written", nlohmann::json::array()},
                                {"findings", to_json(project.found)}})
                  << "\n";
    } else {
        std::cerr << "Nothing was computed: the inputs have errors.\n";
        print_findings(std::cerr, project.found);
    }
    return std::nullopt;
}

std::vector<std::filesystem::path> write_outputs(const global_options& options, output_files files,
                                                 const std::filesystem::path& dir,
                                                 const project_file& project) {
    files.csv_for_excel_de(project.csv_excel_de);
    auto written = files.write(dir, terminal_progress(options));
    end_progress(options);
    for (const auto& note : files.notes()) {
        std::cerr << "standort: " << note << "\n";
    }
    return written;
}

std::vector<std::filesystem::path> write_outputs(const global_options& options, output_files files,
                                                 const std::filesystem::path& dir,
                                                 const opened_project& project,
                                                 const std::string& analysis,
                                                 const extra_outputs& extras) {
    const auto workbook = analysis + ".xlsx";
    if (extras.xlsx) {
        files.tables_xlsx(workbook);
    }
    auto written = write_outputs(options, std::move(files), dir, project.file);
    if (std::find(written.begin(), written.end(), dir / workbook) == written.end()) {
        std::error_code ec;
        fs::remove(dir / workbook, ec);
    }
    if (!extras.maps) {
        return written;
    }
    // The maps draw districts, names and facilities from standort.gpkg, as `export` writes
    // it; refreshed from this project so the base matches the analysis.
    const auto base = write_outputs(options, base_layer_files(project), dir, project.file);
    written.insert(written.end(), base.begin(), base.end());
    map_settings maps;
    maps.only = analysis + ".gpkg";
    try {
        const auto rendered = render_maps(options, project, dir, maps);
        if (rendered.maps.empty()) {
            std::cerr << "standort: QGIS drew no council map from " << maps.only << "\n";
        }
        written.insert(written.end(), rendered.files.begin(), rendered.files.end());
    } catch (const output_error& e) {
        throw output_error(e.message() + "; the analysis's own files are written", e.context());
    }
    return written;
}

void check_extra_outputs(const extra_outputs& extras) {
    if (extras.maps) {
        check_map_settings({});
    }
}

void print_result(const global_options& options, nlohmann::json summary,
                  const std::vector<std::filesystem::path>& written,
                  const std::function<void(std::ostream&)>& text) {
    if (options.json) {
        summary["written"] = paths_json(written);
        std::cout << json_text(summary) << "\n";
    } else if (!options.quiet) {
        text(std::cout);
        print_written(std::cout, written);
    }
}

nlohmann::json error_json(const std::string& code, const std::exception& e) {
    nlohmann::json j{{"code", code}, {"message", e.what()}};
    if (const auto* typed = dynamic_cast<const error*>(&e)) {
        const auto& c = typed->context();
        j["message"] = typed->message();
        j["file"] = c.file;
        j["layer"] = c.layer;
        j["feature"] = c.feature ? nlohmann::json(*c.feature) : nlohmann::json();
        j["id"] = c.key;
        j["field"] = c.field;
    }
    if (const auto* request = dynamic_cast<const request_error*>(&e)) {
        j["parameter"] = request->parameter();
    }
    return {{"error", j}};
}

} // namespace standort::services::cli
