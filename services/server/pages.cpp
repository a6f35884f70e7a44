// The landing page, conformance, the OpenAPI description and the web map's configuration.

#include "services/server/handlers.hpp"

#include <fmt/format.h>

namespace standort::services::server::detail {

namespace {

const std::vector<std::string>& conformance_classes() {
    static const std::vector<std::string> classes{
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-processes-1/1.0/conf/json",
    };
    return classes;
}

nlohmann::json parameter(const std::string& name, const std::string& description,
                         nlohmann::json schema, const std::string& in = "query",
                         bool required = false) {
    return {{"name", name},
            {"in", in},
            {"description", description},
            {"required", required},
            {"schema", std::move(schema)},
            {"style", "form"},
            {"explode", false}};
}

nlohmann::json json_answer(const std::string& description, const std::string& type) {
    return {
        {"200", {{"description", description}, {"content", {{type, nlohmann::json::object()}}}}},
        {"400", {{"description", "ungültiger Parameter"}}},
        {"404", {{"description", "nicht vorhanden"}}}};
}

// A path answered by GET with JSON.
nlohmann::json get_operation(const std::string& summary, const std::string& id,
                             const std::string& answer) {
    return {{"get",
             {{"summary", summary},
              {"operationId", id},
              {"responses", json_answer(answer, "application/json")}}}};
}

nlohmann::json items_path(const collection& c, const api_limits& limits) {
    auto params = nlohmann::json::array(
        {parameter("limit", "Objekte je Seite",
                   {{"type", "integer"},
                    {"minimum", 1},
                    {"maximum", limits.max_limit},
                    {"default", limits.default_limit}}),
         parameter("offset", "Objekte überspringen", {{"type", "integer"}, {"minimum", 0}}),
         parameter("bbox", "Ausschnitt: min x, min y, max x, max y",
                   {{"type", "array"},
                    {"minItems", 4},
                    {"maxItems", 6},
                    {"items", {{"type", "number"}}}}),
         parameter("bbox-crs", "Koordinatensystem des Ausschnitts", {{"type", "string"}}),
         parameter("crs", "Koordinatensystem der Antwort", {{"type", "string"}}),
         parameter("f", "Format", {{"type", "string"}, {"enum", {"json", "html"}}})});
    for (const auto& f : c.layer.fields) {
        const bool numeric = f.type != geo::field_type::text && f.type != geo::field_type::date;
        params.push_back(
            parameter(f.name, c.aliases.at(f.name), {{"type", numeric ? "number" : "string"}}));
    }
    return {{"get",
             {{"summary", c.title},
              {"operationId", "items_" + c.id},
              {"parameters", params},
              {"responses", json_answer("Objekte", "application/geo+json")}}}};
}

} // namespace

http_response landing(const api&, const std::string& title, const http_request& r) {
    allow_only(r, {});
    const auto& b = r.base_url;
    if (wants_html(r)) {
        return html_response(
            title, "<p>OGC API - Features von standort. In QGIS: Layer → Layer hinzufügen → "
                   "WFS-/OGC-API-Features-Layer hinzufügen, URL <code>" +
                       escape_html(b) +
                       "</code>.</p>"
                       "<ul><li><a href=\"/\">Karte für die Sitzung</a></li>"
                       "<li><a href=\"/collections?f=html\">Ebenen</a></li>"
                       "<li><a href=\"/conformance?f=html\">Konformität</a></li>"
                       "<li><a href=\"/api\">OpenAPI-Beschreibung</a></li>"
                       "<li><a href=\"/processes\">Prozesse (Was wäre, wenn?)</a></li></ul>");
    }
    return json_response(
        {{"title", title},
         {"description", "Schul- und Kitaplanung: Grundlagen und Ergebnisse der Analysen"},
         {"links",
          {link(b + "/?f=json", "self", "application/json", "diese Seite"),
           link(b + "/?f=html", "alternate", "text/html", "diese Seite als HTML"),
           link(b + "/api", "service-desc", "application/vnd.oai.openapi+json;version=3.0",
                "OpenAPI-Beschreibung"),
           link(b + "/conformance", "conformance", "application/json", "Konformität"),
           link(b + "/collections", "data", "application/json", "Ebenen"),
           link(b + "/processes", "http://www.opengis.net/def/rel/ogc/1.0/processes",
                "application/json", "Prozesse")}}});
}

http_response conformance(const http_request& r) {
    allow_only(r, {});
    if (wants_html(r)) {
        std::string body = "<ul>";
        for (const auto& c : conformance_classes()) {
            body += "<li>" + escape_html(c) + "</li>";
        }
        return html_response("Konformität", body + "</ul>");
    }
    return json_response({{"conformsTo", conformance_classes()}});
}

http_response openapi(const api& a, const std::string& title, const http_request& r,
                      const api_limits& limits) {
    allow_only(r, {});
    nlohmann::json paths{
        {"/", get_operation("Startseite", "landing", "Startseite")},
        {"/conformance", get_operation("Konformität", "conformance", "Konformitätsklassen")},
        {"/collections", get_operation("Ebenen", "collections", "Ebenen")},
        {"/processes", get_operation("Prozesse", "processes", "Prozesse")},
        {"/processes/siting/execution",
         {{"post",
           {{"summary", "Was wäre, wenn: Standorte öffnen, schließen, erweitern"},
            {"operationId", "execute_siting"},
            {"requestBody", {{"content", {{"application/json", nlohmann::json::object()}}}}},
            {"responses", json_answer("Bewertung", "application/json")}}}}},
    };
    for (const auto& c : a.collections().all()) {
        const std::string base = "/collections/" + c.id;
        paths[base] = get_operation(c.title, "collection_" + c.id, c.title);
        paths[base + "/items"] = items_path(c, limits);
        paths[base + "/items/{featureId}"] = {
            {"get",
             {{"summary", c.title + ": ein Objekt"},
              {"operationId", "item_" + c.id},
              {"parameters",
               {parameter("featureId", "Nummer des Objekts", {{"type", "integer"}}, "path", true),
                parameter("crs", "Koordinatensystem der Antwort", {{"type", "string"}})}},
              {"responses", json_answer("Objekt", "application/geo+json")}}}};
    }
    return json_response({{"openapi", "3.0.2"},
                          {"info", {{"title", title}, {"version", STANDORT_VERSION}}},
                          {"servers", {{{"url", r.base_url}}}},
                          {"paths", paths}},
                         "application/vnd.oai.openapi+json;version=3.0");
}

http_response webmap_config(const api& a, const std::string& title, const http_request& r,
                            const api_limits& limits) {
    allow_only(r, {});
    auto layers = nlohmann::json::array();
    for (const auto& c : a.collections().all()) {
        auto styles = nlohmann::json::array();
        for (const auto& s : c.styles) {
            styles.push_back(style_json(s));
        }
        nlohmann::json geometry = "none";
        if (!c.layer.features.empty()) {
            const auto& g = c.layer.features.front().shape;
            geometry =
                std::holds_alternative<geo::point>(g) || std::holds_alternative<geo::multi_point>(g)
                    ? "point"
                : std::holds_alternative<geo::multi_linestring>(g) ? "line"
                                                                   : "polygon";
        }
        layers.push_back({{"id", c.id},
                          {"title", c.title},
                          {"group", c.group},
                          {"features", c.layer.features.size()},
                          {"geometry", geometry},
                          {"aliases", c.aliases},
                          {"styles", styles}});
    }
    return json_response({{"title", title}, {"max_limit", limits.max_limit}, {"layers", layers}});
}

} // namespace standort::services::server::detail
