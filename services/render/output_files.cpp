#include "services/render/output_files.hpp"

#include "geo/error.hpp"
#include "geo/write_layer.hpp"

#include <fstream>

namespace standort::services {

namespace fs = std::filesystem;

output_files::layer_id output_files::add(geo::feature_layer layer) {
    m_layers.push_back(std::move(layer));
    return m_layers.size() - 1;
}

void output_files::geojson(layer_id layer) {
    m_files.push_back({format::geojson, m_layers[layer].name + ".geojson", {layer}, {}});
}

void output_files::csv(layer_id layer, std::string file) {
    if (file.empty()) {
        file = m_layers[layer].name + ".csv";
    }
    m_files.push_back({format::csv, std::move(file), {layer}, {}});
}

void output_files::gpkg(std::string file, std::vector<layer_id> layers) {
    m_files.push_back({format::gpkg, std::move(file), std::move(layers), {}});
}

void output_files::json(std::string file, nlohmann::json content) {
    m_files.push_back({format::json, std::move(file), {}, std::move(content)});
}

std::vector<fs::path> output_files::write(const fs::path& dir,
                                          const planning::progress_callback& progress) const {
    std::vector<fs::path> written;
    for (const auto& f : m_files) {
        const fs::path path = dir / f.name;
        if (progress) {
            progress("writing " + path.string());
        }
        switch (f.kind) {
        case format::geojson:
            geo::write_geojson(m_layers[f.layers.front()], path);
            break;
        case format::csv:
            geo::write_csv(m_layers[f.layers.front()], path);
            break;
        case format::gpkg: {
            std::vector<const geo::feature_layer*> layers;
            for (auto id : f.layers) {
                layers.push_back(&m_layers[id]);
            }
            geo::write_gpkg(layers, path);
            break;
        }
        case format::json:
            write_json_file(f.content, path);
            break;
        }
        written.push_back(path);
    }
    return written;
}

std::string json_text(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_json_file(const nlohmann::json& j, const fs::path& path) {
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

} // namespace standort::services
