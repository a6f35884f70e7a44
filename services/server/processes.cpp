// What-if, live: the siting evaluation as an OGC API - Processes process. A request opens
// candidate sites, closes facilities or adds capacity; the planner evaluates that option
// beside today on the street network and cost data it built once, and the response carries
// the report and its layers. Nothing is written; requests share nothing but the planner.

#include "geo/transform.hpp"
#include "services/render/aliases.hpp"
#include "services/render/siting.hpp"
#include "services/server/geojson.hpp"
#include "services/server/handlers.hpp"

#include <fmt/format.h>

#include <chrono>
#include <semaphore>

namespace standort::services::server::detail {

namespace {

const std::set<std::string> request_keys{
    "kind",      "name",           "open",   "close",     "extend", "year",      "variant",
    "threshold", "capacity_limit", "travel", "objective", "p",      "time_limit"};

nlohmann::json process_summary(const std::string& base) {
    return {{"id", "siting"},
            {"title", "Was wäre, wenn: Standorte öffnen, schließen, erweitern"},
            {"description",
             "Bewertet eine Variante neben dem heutigen Stand: Kinder in Reichweite je "
             "Schwelle, Kinder ohne Platz, Wege, je Planungsraum und Standort."},
            {"version", STANDORT_VERSION},
            {"jobControlOptions", {"sync-execute"}},
            {"outputTransmission", {"value"}},
            {"links",
             {link(base + "/processes/siting", "self", "application/json"),
              link(base + "/processes/siting/execution",
                   "http://www.opengis.net/def/rel/ogc/1.0/execute", "application/json")}}};
}

nlohmann::json input(const std::string& title, nlohmann::json schema) {
    return {{"title", title}, {"schema", std::move(schema)}};
}

const nlohmann::json& field(const nlohmann::json& body, const std::string& key) {
    static const nlohmann::json none;
    const auto at = body.find(key);
    return at == body.end() ? none : *at;
}

std::string text(const nlohmann::json& body, const std::string& key, std::string fallback) {
    const auto& v = field(body, key);
    if (v.is_null()) {
        return fallback;
    }
    if (!v.is_string()) {
        throw bad_parameter(key, fmt::format("'{}' is text", key));
    }
    return v.get<std::string>();
}

std::vector<std::string> ids(const nlohmann::json& body, const std::string& key) {
    const auto& v = field(body, key);
    if (v.is_null()) {
        return {};
    }
    if (!v.is_array() || v.size() > 1000) {
        throw bad_parameter(key, fmt::format("'{}' is a list of ids (at most 1000)", key));
    }
    std::vector<std::string> out;
    for (const auto& id : v) {
        if (!id.is_string()) {
            throw bad_parameter(key, fmt::format("'{}' holds ids as text", key));
        }
        out.push_back(id.get<std::string>());
    }
    return out;
}

std::optional<double> number(const nlohmann::json& body, const std::string& key, double lowest,
                             double highest) {
    const auto& v = field(body, key);
    if (v.is_null()) {
        return std::nullopt;
    }
    if (!v.is_number() || !(v.get<double>() >= lowest && v.get<double>() <= highest)) {
        throw bad_parameter(key,
                            fmt::format("'{}' is a number from {} to {}", key, lowest, highest));
    }
    return v.get<double>();
}

std::optional<planning::travel_cost> cost(const nlohmann::json& body, const std::string& key) {
    const auto& v = field(body, key);
    if (v.is_null()) {
        return std::nullopt;
    }
    const auto parsed =
        v.is_string() ? planning::parse_travel_cost(v.get<std::string>()) : std::nullopt;
    if (!parsed) {
        throw bad_parameter(key, fmt::format("'{}' is a distance or a time: \"1200 m\", "
                                             "\"15 min\"",
                                             key));
    }
    return parsed;
}

std::vector<planning::siting_option::extension> extensions(const nlohmann::json& body) {
    const auto& v = field(body, "extend");
    if (v.is_null()) {
        return {};
    }
    if (!v.is_array() || v.size() > 1000) {
        throw bad_parameter("extend", "'extend' is a list of {\"facility\", \"zuege\" or "
                                      "\"capacity\"}");
    }
    std::vector<planning::siting_option::extension> out;
    for (const auto& e : v) {
        if (!e.is_object() || !e.contains("facility") || !e["facility"].is_string()) {
            throw bad_parameter("extend", "each entry of 'extend' names its \"facility\"");
        }
        planning::siting_option::extension x;
        x.facility = e["facility"].get<std::string>();
        x.zuege = number(e, "zuege", 0, 20).value_or(0);
        x.capacity = number(e, "capacity", 0, 100000).value_or(0);
        if (!(x.zuege > 0) && !(x.capacity > 0)) {
            throw bad_parameter("extend", fmt::format("extending '{}' adds \"zuege\" or "
                                                      "\"capacity\" above 0",
                                                      x.facility));
        }
        out.push_back(x);
    }
    return out;
}

planning::siting_request siting_request_of(const nlohmann::json& body, const api_limits& limits) {
    if (!body.is_object()) {
        throw bad_parameter("body", "the request is a JSON object");
    }
    for (const auto& [key, value] : body.items()) {
        if (request_keys.count(key) == 0) {
            throw bad_parameter(key, fmt::format("unknown input '{}'", key));
        }
    }
    planning::siting_request q;
    q.kind = text(body, "kind", q.kind);
    planning::siting_option option;
    option.name = text(body, "name", "Variante");
    option.open = ids(body, "open");
    option.close = ids(body, "close");
    option.extend = extensions(body);
    if (!option.open.empty() || !option.close.empty() || !option.extend.empty()) {
        q.options.push_back(option);
    }
    if (const auto year = number(body, "year", 1900, 2200)) {
        q.year = static_cast<int>(*year);
    }
    q.variant = text(body, "variant", q.variant);
    q.threshold = cost(body, "threshold");
    q.capacity_limit = cost(body, "capacity_limit");
    const auto travel = text(body, "travel", "auto");
    const auto choice = planning::parse_travel_choice(travel);
    if (!choice) {
        throw bad_parameter("travel", "'travel' is auto, network or straight");
    }
    q.travel.choice = *choice;
    const auto objective = text(body, "objective", "");
    if (!objective.empty()) {
        q.objective = planning::parse_siting_objective(objective);
        if (!q.objective) {
            throw bad_parameter("objective", fmt::format("unknown objective '{}'", objective));
        }
        q.p_from = q.p_to = static_cast<std::size_t>(number(body, "p", 1, 50).value_or(1));
    }
    q.time_limit_s = number(body, "time_limit", 0.1, limits.max_process_seconds)
                         .value_or(std::min(10.0, limits.max_process_seconds));
    return q;
}

// A threshold or reach far beyond the kind's own thresholds would put every site in every
// unit's reach (units x sites ways): four times the farthest threshold is the most asked.
void check_reach(const planning::planner& planner, const planning::siting_request& q) {
    for (const auto& kind : planner.coverage_kinds()) {
        if (kind.name != q.kind || kind.thresholds.empty()) {
            continue;
        }
        const double most = 4 * kind.thresholds.back();
        for (const auto& [name, cost] :
             {std::pair{"threshold", q.threshold}, std::pair{"capacity_limit", q.capacity_limit}}) {
            if (cost && cost->metric == kind.metric && cost->value > most) {
                throw bad_parameter(
                    name,
                    fmt::format("'{}' reaches at most {} (four times the "
                                "farthest threshold of {})",
                                name, planning::to_string(planning::travel_cost{kind.metric, most}),
                                kind.name));
            }
        }
    }
}

nlohmann::json layer_json(const geo::feature_layer& layer) {
    std::optional<geo::transformer> to_lonlat;
    if (!layer.crs.empty()) {
        to_lonlat.emplace(layer.crs, "EPSG:4326");
    }
    auto features = nlohmann::json::array();
    for (std::size_t i = 0; i < layer.features.size(); ++i) {
        auto g = layer.features[i].shape;
        if (to_lonlat) {
            to_lonlat->apply(g);
        }
        features.push_back({{"type", "Feature"},
                            {"id", i + 1},
                            {"geometry", geometry_json(g, 7)},
                            {"properties", properties_json(layer, layer.features[i])}});
    }
    return {{"type", "FeatureCollection"}, {"features", features}};
}

} // namespace

http_response processes(const http_request& r) {
    allow_only(r, {});
    return json_response(
        {{"processes", {process_summary(r.base_url)}},
         {"links", {link(r.base_url + "/processes", "self", "application/json")}}});
}

http_response process(const std::string& id, const http_request& r) {
    allow_only(r, {});
    if (id != "siting") {
        throw not_found(fmt::format("no process '{}'", id));
    }
    auto j = process_summary(r.base_url);
    j["inputs"] = {
        {"kind", input("Art: grundschule oder kita", {{"type", "string"}})},
        {"open", input("zu eröffnende Standorte (ids der Kandidaten)",
                       {{"type", "array"}, {"items", {{"type", "string"}}}})},
        {"close", input("zu schließende Einrichtungen (ids)",
                        {{"type", "array"}, {"items", {{"type", "string"}}}})},
        {"extend", input("Erweiterungen: {facility, zuege | capacity}", {{"type", "array"}})},
        {"year", input("Jahr (ein künftiges: Kinder der Prognose)", {{"type", "integer"}})},
        {"variant", input("Prognosevariante: low, middle, high", {{"type", "string"}})},
        {"threshold", input("Schwelle: \"1200 m\", \"15 min\"", {{"type", "string"}})},
        {"capacity_limit",
         input("wie weit die Zuordnung ein Kind schicken darf", {{"type", "string"}})},
        {"travel", input("auto, network oder straight", {{"type", "string"}})},
        {"objective",
         input("optimieren: p-median, capacitated-p-median, ...", {{"type", "string"}})},
        {"p", input("zu wählende Standorte", {{"type", "integer"}})},
        {"time_limit", input("Rechenzeit des Optimierers in Sekunden", {{"type", "number"}})}};
    j["outputs"] = {{"summary", input("Bewertung", {{"type", "object"}})},
                    {"layers", input("Ebenen als GeoJSON (CRS84)", {{"type", "object"}})}};
    return json_response(j);
}

http_response execute(const planning::planner& planner, const std::string& id,
                      const http_request& r, const api_limits& limits,
                      std::counting_semaphore<>& slots) {
    if (id != "siting") {
        throw not_found(fmt::format("no process '{}'", id));
    }
    nlohmann::json body;
    try {
        // A request is a flat object: nesting deeper than a few levels is refused while
        // parsing, before it can cost memory or stack.
        body = nlohmann::json::parse(
            r.body, [](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
                if (depth > 8) {
                    throw bad_parameter("body", "the request nests deeper than 8 levels");
                }
                return true;
            });
    } catch (const nlohmann::json::exception& e) {
        throw bad_parameter("body", std::string("the request is not JSON: ") + e.what());
    }
    // The OGC Processes form {"inputs": {...}} and the plain object are both accepted.
    if (body.is_object() && body.contains("inputs") && body.size() == 1) {
        nlohmann::json inputs = std::move(body["inputs"]);
        body = std::move(inputs);
    }
    const auto request = siting_request_of(body, limits);
    check_reach(planner, request);
    // Two what-ifs at a time (the machine's cores); the others wait their turn, at most 30 s.
    if (!slots.try_acquire_for(std::chrono::seconds(30))) {
        throw api_error(503, "ServiceUnavailable", "", "too many what-ifs at once; try again");
    }
    const struct release {
        std::counting_semaphore<>& s;
        ~release() { s.release(); }
    } held{slots};
    const auto report = planner.siting(request);
    const auto files = siting_files(planner.model(), report, false);
    auto layers = nlohmann::json::object();
    for (std::size_t i = 0; i < files.layer_count(); ++i) {
        const auto& layer = files.layer(i);
        if (layer.name == "siting_sites" || layer.name == "siting_districts" ||
            layer.name == "siting_comparison") {
            auto j = layer_json(layer);
            // Foreign members, so the web map draws the option as the files would.
            auto aliases = nlohmann::json::object();
            for (const auto& f : layer.fields) {
                aliases[f.name] = german_alias(f.name).value_or(f.name);
            }
            j["aliases"] = aliases;
            j["styles"] = nlohmann::json::array();
            for (const auto& st : files.styles_of(i)) {
                j["styles"].push_back(
                    style_json({std::to_string(j["styles"].size()), st.name, "", "", st}));
            }
            layers[layer.name] = std::move(j);
        }
    }
    return json_response({{"summary", siting_json(planner.model(), report)}, {"layers", layers}});
}

} // namespace standort::services::server::detail
