#include "services/render/common.hpp"

#include "geo/read_layer.hpp"

#include <filesystem>
#include <map>

#include <fmt/format.h>

namespace standort::services {

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

// A damaged column gives the same finding for every row: the terminal shows the first few of
// each kind and file and counts the rest (JSON and validation.json keep them all).
void print_findings(std::ostream& out, const findings& list) {
    constexpr std::size_t shown = 5;
    for (severity level : {severity::error, severity::warning, severity::info}) {
        std::map<std::pair<std::string, std::string>, std::size_t> seen; // code, file -> count
        for (const auto& f : list) {
            if (f.level == level && ++seen[{f.code, f.where.file}] <= shown) {
                out << "  " << format_finding(f) << "\n";
            }
        }
        for (const auto& [group, n] : seen) {
            if (n > shown) {
                out << fmt::format("  ... and {} more [{}] in {} (all of them with --json)\n",
                                   n - shown, group.first, group.second);
            }
        }
    }
    out << fmt::format("Validation: {} error(s), {} warning(s), {} note(s)\n",
                       count(list, severity::error), count(list, severity::warning),
                       count(list, severity::info));
}

nlohmann::json travel_json(const planning::travel_used& travel) {
    nlohmann::json j{{"travel", travel.description}};
    if (const auto& n = travel.network) {
        // The file's name, never a folder of this machine or a connection's password.
        const std::filesystem::path source(n->source);
        j["network"] = {{"source", source.is_absolute() ? source.filename().string()
                                                        : geo::redacted_source(n->source)},
                        {"mode", to_string(n->mode)},
                        {"walk_speed_kmh", n->walk_kmh},
                        {"cycle_speed_kmh", n->cycle_kmh},
                        {"features", n->features},
                        {"ways_used", n->ways_used},
                        {"nodes", n->nodes},
                        {"edges", n->edges},
                        {"length_km", n->length_km},
                        {"components", n->components},
                        {"edges_outside_main_component", n->edges_outside_main}};
    }
    return j;
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

} // namespace standort::services
