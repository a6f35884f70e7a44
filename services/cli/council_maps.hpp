#pragma once

#include "services/cli/command.hpp"
#include "services/load/open_project.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace standort::services::cli {

// The council maps are QGIS print layouts: QGIS renders them (PyQGIS from Debian's
// python3-qgis), from the layers and styles the analyses wrote, so the map and the GIS staff's
// project look the same (services/render/maps/standort_maps.py). `standort map` renders a
// whole output folder; an analysis's `--maps` renders its own maps right after writing.
struct map_settings {
    std::string paper = "A4";
    std::string formats = "pdf,png";
    int dpi = 300;
    // One analysis's GeoPackage ("supply.gpkg"): only its maps are exported. The folder's
    // standort.qgz gets every layout either way. Empty: every map of the folder.
    std::string only;
};

// Throws request_error naming the option for a paper, format or resolution we cannot print;
// and output_error (exit 4, naming the packages) when QGIS is not installed. Called before
// anything is computed or written.
void check_map_settings(const map_settings& settings);

struct rendered_maps {
    nlohmann::json maps = nlohmann::json::array(); // per map: name, title, files, ...
    std::vector<std::filesystem::path> files;      // the PDFs, PNGs and standort.qgz
};

// Renders the maps of the analyses in `out` (complete under their names, or not at all), with
// a progress line per map on stderr unless quiet. Throws input_error when the folder holds
// no analysis layers, output_error when QGIS fails.
rendered_maps render_maps(const global_options& options, const opened_project& project,
                          const std::filesystem::path& out, const map_settings& settings);

} // namespace standort::services::cli
