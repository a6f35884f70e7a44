#include "services/render/output_files.hpp"

#include "geo/error.hpp"
#include "geo/staging.hpp"
#include "geo/write_layer.hpp"
#include "services/render/aliases.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <fstream>
#include <mutex>
#include <numeric>
#include <set>
#include <thread>

#include <fmt/format.h>

namespace standort::services {

namespace fs = std::filesystem;

output_files::layer_id output_files::add(geo::feature_layer layer) {
    m_layers.push_back(std::move(layer));
    m_styles.emplace_back();
    m_streamed.emplace_back();
    return m_layers.size() - 1;
}

output_files::layer_id output_files::add_streamed(layer_builder layer) {
    auto schema = layer.schema();
    for (const auto& field : schema.fields) {
        if (field.type == geo::field_type::integer) {
            throw internal_error("the streamed layer " + schema.name + " declares the field " +
                                 field.name + " as a 32-bit integer; declare integer64");
        }
    }
    m_layers.push_back(std::move(schema));
    m_styles.emplace_back();
    m_streamed.emplace_back(std::move(layer));
    return m_layers.size() - 1;
}

std::size_t output_files::rows(layer_id id) const {
    return m_streamed[id] ? m_streamed[id]->rows() : m_layers[id].features.size();
}

geo::feature_layer output_files::held(layer_id id) const {
    return m_streamed[id] ? m_streamed[id]->build() : m_layers[id];
}

const geo::feature_layer& output_files::whole(layer_id id,
                                              std::optional<geo::feature_layer>& made) const {
    return m_streamed[id] ? made.emplace(m_streamed[id]->build()) : m_layers[id];
}

void output_files::write_layer(geo::layer_writer& out, layer_id id) const {
    if (!m_streamed[id]) {
        geo::write_all(out, m_layers[id]);
        return;
    }
    const auto& layer = m_layers[id];
    out.begin_layer(layer.name, layer.crs, layer.fields,
                    layer.declared_geometry.value_or(geo::geometry_type::none));
    geo::feature f;
    for (std::size_t i = 0; i < m_streamed[id]->rows(); ++i) {
        m_streamed[id]->fill(i, f);
        out.add(f.shape, f.values);
    }
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

void output_files::xlsx(std::string file, std::vector<layer_id> layers) {
    std::vector<std::string> sheets;
    for (const auto id : layers) {
        sheets.push_back(m_layers[id].name);
    }
    workbook(std::move(file), std::move(layers), std::move(sheets));
}

void output_files::tables_xlsx(std::string file) {
    std::vector<layer_id> tables;
    // A sheet is named as its CSV file (forecast_districts.csv holds the layer
    // forecast_districts_years; the sheet is forecast_districts).
    std::vector<std::string> sheets;
    for (const auto& f : m_files) {
        if (f.kind == format::csv &&
            std::find(tables.begin(), tables.end(), f.layers.front()) == tables.end()) {
            tables.push_back(f.layers.front());
            sheets.push_back(fs::path(f.name).stem().string());
        }
    }
    if (tables.empty()) { // an analysis without tables (access): its layers' attributes
        tables.resize(m_layers.size());
        std::iota(tables.begin(), tables.end(), layer_id{0});
        for (const auto id : tables) {
            sheets.push_back(m_layers[id].name);
        }
    }
    workbook(std::move(file), std::move(tables), std::move(sheets));
}

void output_files::workbook(std::string file, std::vector<layer_id> layers,
                            std::vector<std::string> sheets) {
    // Excel opens at most 1,048,576 rows a sheet (the header is one): a larger sheet would
    // open cut off or not at all, so it is left out and said.
    constexpr std::size_t excel_rows = 1'048'576;
    std::vector<layer_id> kept;
    nlohmann::json kept_sheets = nlohmann::json::array();
    std::string left_out;
    for (std::size_t i = 0; i < layers.size(); ++i) {
        if (rows(layers[i]) < excel_rows) {
            kept.push_back(layers[i]);
            kept_sheets.push_back(sheets[i]);
        } else {
            left_out += fmt::format("{}{} ({} rows)", left_out.empty() ? "" : ", ",
                                    m_layers[layers[i]].name, rows(layers[i]));
        }
    }
    if (!left_out.empty()) {
        m_notes.push_back(fmt::format("{}: {} left out, more rows than an Excel sheet holds "
                                      "(1,048,575); the other files of the folder have them",
                                      file, left_out));
    }
    if (!kept.empty()) { // the sheet names ride along as the entry's content
        m_files.push_back({format::xlsx, std::move(file), std::move(kept), std::move(kept_sheets)});
    }
}

void output_files::json(std::string file, nlohmann::json content) {
    m_files.push_back({format::json, std::move(file), {}, std::move(content)});
}

void output_files::text(std::string file, std::string content) {
    m_files.push_back({format::text, std::move(file), {}, nlohmann::json(std::move(content))});
}

void output_files::style(layer_id layer, std::vector<layer_style> styles) {
    m_styles[layer] = std::move(styles);
}

std::vector<layer_style> output_files::styles_of(layer_id layer) const {
    if (!m_styles[layer].empty()) {
        return m_styles[layer];
    }
    layer_style plain;
    plain.name = "standort";
    plain.title = m_layers[layer].name;
    return {plain};
}

std::string output_files::write_one(const entry& f, const fs::path& path) const {
    switch (f.kind) {
    case format::geojson: {
        std::optional<geo::feature_layer> made;
        const auto id = f.layers.front();
        const auto& layer = whole(id, made);
        // QGIS opens a GeoJSON with the style of the .qml of the same name beside it.
        write_text_file(to_qml(styles_of(id).front(), layer),
                        fs::path(path).replace_extension(".qml"));
        if (const auto n = geo::write_geojson(layer, path); n > 0) {
            return fmt::format("{}: {} polygon(s) became invalid in WGS 84 at 7 decimals and "
                               "were repaired (GEOS MakeValid)",
                               f.name, n);
        }
        break;
    }
    case format::csv: {
        std::optional<geo::feature_layer> made;
        const auto& layer = whole(f.layers.front(), made);
        if (m_excel_de) {
            geo::write_csv_excel_de(layer, path);
        } else {
            geo::write_csv(layer, path);
        }
        break;
    }
    case format::gpkg: { // as geo::write_gpkg, with streamed layers written row by row
        geo::layer_writer out(path, geo::output_format::gpkg);
        std::vector<geo::stored_style> styles;
        for (auto id : f.layers) {
            write_layer(out, id);
            auto rows = stored_styles(m_layers[id], styles_of(id));
            styles.insert(styles.end(), rows.begin(), rows.end());
        }
        out.add_styles(styles);
        out.commit();
        break;
    }
    case format::xlsx: {
        // Headers people read: each field's German alias, made unique by the field name.
        std::vector<geo::feature_layer> sheets;
        for (std::size_t i = 0; i < f.layers.size(); ++i) {
            auto sheet = held(f.layers[i]);
            sheet.name = f.content[i].get<std::string>();
            std::set<std::string> used;
            for (auto& field : sheet.fields) {
                auto header = german_alias(field.name).value_or(field.name);
                if (!used.insert(header).second) {
                    header += " (" + field.name + ")";
                    used.insert(header);
                }
                field.name = header;
            }
            sheets.push_back(std::move(sheet));
        }
        std::vector<const geo::feature_layer*> layers;
        for (const auto& sheet : sheets) {
            layers.push_back(&sheet);
        }
        geo::write_xlsx(layers, path);
        break;
    }
    case format::json:
        write_json_file(f.content, path);
        break;
    case format::text:
        write_text_file(f.content.get<std::string>(), path);
        break;
    }
    return {};
}

std::size_t output_files::features(const entry& f) const {
    std::size_t n = 0;
    for (auto id : f.layers) {
        n += rows(id);
    }
    return n;
}

// Files are independent GDAL datasets: written on every core, the largest first, so the
// GeoPackage of a million cells and the GeoJSON beside it take the time of the larger alone.
// The paths come back in the order the files were added, whichever finished first.
std::vector<fs::path> output_files::write(const fs::path& dir,
                                          const planning::progress_callback& progress) const {
    geo::staged_output staged(dir); // all files complete, or none replaced
    std::vector<std::size_t> order(m_files.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](auto a, auto b) { return features(m_files[a]) > features(m_files[b]); });
    std::atomic<std::size_t> next{0};
    std::mutex mutex; // for progress and the first failure
    std::exception_ptr failed;
    const auto work = [&] {
        for (std::size_t i; (i = next++) < order.size();) {
            const auto& f = m_files[order[i]];
            try {
                if (progress) {
                    const std::lock_guard lock(mutex);
                    progress("writing " + (dir / f.name).string());
                }
                if (auto note = write_one(f, staged.folder() / f.name); !note.empty()) {
                    const std::lock_guard lock(mutex);
                    m_notes.push_back(std::move(note));
                }
            } catch (const output_error& e) { // named by its final path, not the staged one
                auto where = e.context();
                where.file = (dir / f.name).string();
                const std::lock_guard lock(mutex);
                failed =
                    failed ? failed : std::make_exception_ptr(output_error(e.message(), where));
                next = order.size();
            } catch (...) {
                const std::lock_guard lock(mutex);
                failed = failed ? failed : std::current_exception();
                next = order.size(); // start no further file
            }
        }
    };
    {
        std::vector<std::jthread> pool;
        const auto threads = std::min<std::size_t>(
            m_files.size(), std::max(1u, std::thread::hardware_concurrency()));
        for (std::size_t t = 1; t < threads; ++t) {
            pool.emplace_back(work);
        }
        work();
    } // joins
    if (failed) {
        std::rethrow_exception(failed);
    }
    staged.publish();
    std::vector<fs::path> written;
    for (const auto& f : m_files) {
        written.push_back(dir / f.name);
    }
    return written;
}

std::string json_text(const nlohmann::json& j) {
    return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

void write_json_file(const nlohmann::json& j, const fs::path& path) {
    write_text_file(json_text(j) + "\n", path);
}

void write_text_file(const std::string& text, const fs::path& path) {
    const error_context where{path.string(), {}, std::nullopt, {}, {}};
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    const fs::path temp = path.parent_path() / ("." + path.filename().string() + ".tmp");
    {
        std::ofstream out(temp, std::ios::binary);
        out << text;
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
