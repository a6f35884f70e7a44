#pragma once

// Shared by the API's handlers; not part of the server's interface.

#include "planning/planner.hpp"
#include "services/server/api.hpp"

#include <nlohmann/json.hpp>

#include <semaphore>
#include <set>
#include <stdexcept>
#include <string>

namespace standort::services::server::detail {

// A request the API refuses: the status, an OGC exception code and the parameter at fault.
class api_error : public std::runtime_error {
public:
    api_error(int status, std::string code, std::string parameter, const std::string& message)
        : std::runtime_error(message), m_status(status), m_code(std::move(code)),
          m_parameter(std::move(parameter)) {}
    int status() const noexcept { return m_status; }
    const std::string& code() const noexcept { return m_code; }
    const std::string& parameter() const noexcept { return m_parameter; }

private:
    int m_status;
    std::string m_code;
    std::string m_parameter;
};

api_error bad_parameter(const std::string& parameter, const std::string& message);
api_error not_found(const std::string& what);

// The one value of a query parameter, or empty; a parameter given twice is a 400.
std::string param(const http_request& r, const std::string& name);
// Refuses (400) any query parameter that is not in `allowed` (nor a field of `filterable`).
void allow_only(const http_request& r, const std::set<std::string>& allowed,
                const geo::feature_layer* filterable = nullptr);

// f=json / f=html, else the Accept header (a browser asks for text/html first).
bool wants_html(const http_request& r);

http_response json_response(const nlohmann::json& j,
                            const std::string& type = "application/json; charset=utf-8",
                            int status = 200);
http_response html_response(const std::string& title, const std::string& body);
std::string escape_html(const std::string& text);

nlohmann::json link(const std::string& href, const std::string& rel, const std::string& type,
                    const std::string& title = {});

// Coordinate reference systems by OGC URI (Part 2).
extern const char* const crs84_uri;
struct output_crs {
    std::string uri;        // http://www.opengis.net/def/crs/EPSG/0/25832
    std::string definition; // EPSG:25832, or OGC:CRS84
    bool lonlat = false;    // coordinates are the precomputed lon/lat ones
    bool lat_first = false; // EPSG:4326 writes latitude first
    int decimals = 7;
};
// The CRSs a collection can be asked for: CRS84, EPSG:4326, ETRS89 / UTM 32 and 33, and the
// collection's storage CRS.
std::vector<output_crs> supported_crs(const collection& c);
output_crs parse_crs(const collection& c, const std::string& parameter, const std::string& uri);
std::string crs_uri(const std::string& definition);
std::string url_encode(const std::string& text);

// Handlers.
http_response landing(const api& a, const std::string& title, const http_request& r);
http_response conformance(const http_request& r);
http_response collections(const api& a, const http_request& r);
http_response one_collection(const collection& c, const http_request& r);
http_response items(const collection& c, const http_request& r, const api_limits& limits);
http_response item(const collection& c, const std::string& id, const http_request& r);
http_response styles(const collection& c, const http_request& r);
http_response style(const collection& c, const std::string& id, const http_request& r);
http_response queryables(const collection& c, const http_request& r);
http_response openapi(const api& a, const std::string& title, const http_request& r,
                      const api_limits& limits);
http_response processes(const http_request& r);
http_response process(const std::string& id, const http_request& r);
http_response execute(const planning::planner& planner, const std::string& id,
                      const http_request& r, const api_limits& limits,
                      std::counting_semaphore<>& slots);
http_response webmap_config(const api& a, const std::string& title, const http_request& r,
                            const api_limits& limits);

nlohmann::json collection_json(const collection& c, const std::string& base);
nlohmann::json style_json(const served_style& s);

} // namespace standort::services::server::detail
