#include "geo/detail/json_records.hpp"

#include "geo/error.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unordered_map>

#include <fmt/format.h>

namespace standort::geo::detail {

feature_layer read_json_records(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw input_error("cannot open the file", error_context{path, {}, std::nullopt, {}, {}});
    }
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw input_error(fmt::format("not valid JSON: {}", e.what()),
                          error_context{path, {}, std::nullopt, {}, {}});
    }
    feature_layer out;
    out.source = path;
    out.name = std::filesystem::path(path).stem().string();
    out.crs_origin = "none";
    std::unordered_map<std::string, std::size_t> index;
    std::int64_t fid = 0;
    for (const auto& record : doc) {
        if (!record.is_object()) {
            throw input_error("a JSON table must be an array of objects; this element is not",
                              error_context{path, out.name, fid, {}, {}});
        }
        feature f;
        f.source_fid = fid++;
        f.values.resize(out.fields.size());
        for (const auto& [key, v] : record.items()) {
            auto [it, inserted] = index.try_emplace(key, out.fields.size());
            if (inserted) {
                out.fields.push_back(field_def{key, field_type::text});
                f.values.resize(out.fields.size());
            }
            if (v.is_null()) {
                continue;
            }
            f.values[it->second] = v.is_string() ? v.get<std::string>() : v.dump();
        }
        out.features.push_back(std::move(f));
    }
    for (auto& f : out.features) {
        f.values.resize(out.fields.size());
    }
    return out;
}

} // namespace standort::geo::detail
