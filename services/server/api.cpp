#include "services/server/api.hpp"

#include "geo/error.hpp"
#include "services/render/styles.hpp"
#include "services/server/handlers.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <sstream>

namespace standort::services::server {

using namespace detail;

namespace {

std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> out;
    std::stringstream in(path);
    std::string part;
    while (std::getline(in, part, '/')) {
        if (!part.empty()) {
            out.push_back(part);
        }
    }
    return out;
}

http_response error_response(int status, const std::string& code, const std::string& message,
                             const std::string& parameter = {}) {
    nlohmann::json j{{"code", code}, {"description", message}};
    if (!parameter.empty()) {
        j["parameter"] = parameter;
    }
    return json_response(j, "application/json; charset=utf-8", status);
}

const collection& require(const collection_set& set, const std::string& id) {
    const auto* c = set.find(id);
    if (c == nullptr) {
        throw not_found(fmt::format("no collection '{}'", id));
    }
    return *c;
}

void require_get(const http_request& r) {
    if (r.method != "GET" && r.method != "HEAD") {
        throw api_error(405, "MethodNotAllowed", "", "only GET is allowed here");
    }
}

} // namespace

api::api(std::shared_ptr<const planning::planner> planner, collection_set collections,
         std::map<std::string, static_file> files, std::string title, api_limits limits)
    : m_planner(std::move(planner)), m_collections(std::move(collections)),
      m_files(std::move(files)), m_title(std::move(title)), m_limits(limits),
      m_whatif_slots(std::make_unique<std::counting_semaphore<>>(2)) {}

http_response api::handle(const http_request& request) const {
    try {
        return route(request);
    } catch (const api_error& e) {
        auto response = error_response(e.status(), e.code(), e.what(), e.parameter());
        if (e.status() == 405) {
            response.headers.emplace_back("Allow", "GET, HEAD, POST");
        }
        return response;
    } catch (const request_error& e) {
        return error_response(400, "InvalidParameterValue", e.message(), e.parameter());
    } catch (const config_error& e) {
        return error_response(422, "NotApplicable", e.message());
    } catch (const input_error& e) {
        return error_response(422, "NotApplicable", e.what());
    } catch (const std::exception& e) {
        return error_response(500, "InternalError", std::string("a bug: ") + e.what());
    }
}

http_response api::route(const http_request& r) const {
    const auto s = segments(r.path);
    if (r.method == "POST") {
        if (s.size() == 3 && s[0] == "processes" && s[2] == "execution") {
            return execute(*m_planner, s[1], r, m_limits, *m_whatif_slots);
        }
        throw api_error(405, "MethodNotAllowed", "", "only GET is allowed here");
    }
    require_get(r);
    if (s.empty()) {
        // A browser opening the server gets the web map; clients asking for JSON the landing.
        if (param(r, "f").empty() && wants_html(r)) {
            allow_only(r, {});
            return {200, "text/html; charset=utf-8", m_files.at("/webmap/index.html").body, {}};
        }
        return landing(*this, m_title, r);
    }
    if (const auto at = m_files.find(r.path); at != m_files.end()) {
        return {200, at->second.content_type, at->second.body, {{"Cache-Control", "max-age=3600"}}};
    }
    if (s[0] == "conformance" && s.size() == 1) {
        return conformance(r);
    }
    if (s[0] == "api" && s.size() == 1) {
        return openapi(*this, m_title, r, m_limits);
    }
    if (s[0] == "webmap" && s.size() == 2 && s[1] == "config") {
        return webmap_config(*this, m_title, r, m_limits);
    }
    if (s[0] == "processes") {
        if (s.size() == 1) {
            return processes(r);
        }
        if (s.size() == 2) {
            return process(s[1], r);
        }
    }
    if (s[0] != "collections") {
        throw not_found(fmt::format("no resource at '{}'", r.path));
    }
    if (s.size() == 1) {
        return detail::collections(*this, r);
    }
    const auto& c = require(m_collections, s[1]);
    if (s.size() == 2) {
        return one_collection(c, r);
    }
    if (s[2] == "items" && s.size() == 3) {
        return items(c, r, m_limits);
    }
    if (s[2] == "items" && s.size() == 4) {
        return item(c, s[3], r);
    }
    if (s[2] == "styles" && s.size() == 3) {
        return styles(c, r);
    }
    if (s[2] == "styles" && s.size() == 4) {
        return style(c, s[3], r);
    }
    if (s[2] == "queryables" && s.size() == 3) {
        return queryables(c, r);
    }
    throw not_found(fmt::format("no resource at '{}'", r.path));
}

namespace detail {

api_error bad_parameter(const std::string& parameter, const std::string& message) {
    return {400, "InvalidParameterValue", parameter, message};
}

api_error not_found(const std::string& what) {
    return {404, "NotFound", "", what};
}

std::string param(const http_request& r, const std::string& name) {
    const auto [first, last] = r.query.equal_range(name);
    if (first == last) {
        return {};
    }
    if (std::next(first) != last) {
        throw bad_parameter(name, fmt::format("'{}' is given more than once", name));
    }
    return first->second;
}

void allow_only(const http_request& r, const std::set<std::string>& allowed,
                const geo::feature_layer* filterable) {
    for (const auto& [key, value] : r.query) {
        if (key == "f" || allowed.count(key) != 0 ||
            (filterable != nullptr && filterable->field_index(key))) {
            continue;
        }
        throw bad_parameter(key, fmt::format("unknown parameter '{}'", key));
    }
    const auto f = param(r, "f");
    if (!f.empty() && f != "json" && f != "html") {
        throw bad_parameter("f", fmt::format("f='{}': json or html", f));
    }
}

bool wants_html(const http_request& r) {
    const auto f = param(r, "f");
    if (!f.empty()) {
        return f == "html";
    }
    const auto html = r.accept.find("text/html");
    const auto json = r.accept.find("json");
    return html != std::string::npos && (json == std::string::npos || html < json);
}

http_response json_response(const nlohmann::json& j, const std::string& type, int status) {
    return {status, type, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), {}};
}

std::string escape_html(const std::string& text) {
    return xml_escaped(text);
}

http_response html_response(const std::string& title, const std::string& body) {
    const std::string page = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>{0}</title>"
        "<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:"
        "collapse}}td,th{{border:1px solid #ccc;padding:.2em .5em;text-align:left}}</style>"
        "</head><body><p><a href=\"/\">Karte</a> · <a href=\"/?f=html\">Schnittstelle</a> · "
        "<a href=\"/collections?f=html\">Ebenen</a></p><h1>{0}</h1>\n{1}</body></html>\n",
        escape_html(title), body);
    return {200, "text/html; charset=utf-8", page, {}};
}

nlohmann::json link(const std::string& href, const std::string& rel, const std::string& type,
                    const std::string& title) {
    nlohmann::json l{{"href", href}, {"rel", rel}, {"type", type}};
    if (!title.empty()) {
        l["title"] = title;
    }
    return l;
}

} // namespace detail

std::map<std::string, static_file> load_web_files(const std::string& web_dir) {
    const std::vector<std::tuple<std::string, std::string, std::string>> files{
        {"/webmap/index.html", web_dir + "/index.html", "text/html; charset=utf-8"},
        {"/webmap/webmap.js", web_dir + "/webmap.js", "application/javascript; charset=utf-8"},
        {"/webmap/webmap.css", web_dir + "/webmap.css", "text/css; charset=utf-8"},
        {"/lib/leaflet/leaflet.js", "/usr/share/javascript/leaflet/leaflet.js",
         "application/javascript; charset=utf-8"},
        {"/lib/leaflet/leaflet.css", "/usr/share/javascript/leaflet/leaflet.css",
         "text/css; charset=utf-8"},
        {"/lib/leaflet/images/layers.png", "/usr/share/javascript/leaflet/images/layers.png",
         "image/png"},
        {"/lib/leaflet/images/layers-2x.png", "/usr/share/javascript/leaflet/images/layers-2x.png",
         "image/png"},
        {"/lib/chart.js/chart.min.js", "/usr/share/javascript/chart.js/chart.min.js",
         "application/javascript; charset=utf-8"},
    };
    std::map<std::string, static_file> out;
    for (const auto& [url, path, type] : files) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            throw config_error(path.rfind("/usr/share/javascript", 0) == 0
                                   ? "the web map needs this file (scripts/setup installs "
                                     "libjs-leaflet and libjs-chart.js)"
                                   : "the web map's own file is missing",
                               error_context{path, {}, std::nullopt, {}, {}});
        }
        std::ostringstream body;
        body << in.rdbuf();
        out[url] = {type, body.str()};
    }
    return out;
}

} // namespace standort::services::server
