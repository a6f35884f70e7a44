#pragma once

#include "planning/planner.hpp"
#include "services/server/collections.hpp"

#include <map>
#include <memory>
#include <semaphore>
#include <string>
#include <utility>
#include <vector>

namespace standort::services::server {

// A request as the API sees it, whatever HTTP library parsed it.
struct http_request {
    std::string method = "GET";
    std::string path;                              // decoded, without the query
    std::multimap<std::string, std::string> query; // decoded
    std::string accept;                            // the Accept header
    std::string base_url;                          // "http://127.0.0.1:8080", for links
    std::string body;
};

struct http_response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
};

// A file the server sends as it is: the web map's own page, script and style, and Debian's
// Leaflet and Chart.js. Read once at start, so no request ever touches the file system.
struct static_file {
    std::string content_type;
    std::string body;
};

struct api_limits {
    std::size_t max_limit = 10000;   // features per page
    std::size_t default_limit = 100; // when the request names none
    double max_process_seconds = 30; // a what-if's solver time
};

// OGC API - Features (Part 1 core, HTML, GeoJSON, OpenAPI 3.0; Part 2 CRS by reference), the
// styles and queryables of each collection, the what-if processes (OGC API - Processes style)
// and the web map, as pure functions of the request: no I/O, no state changed by a request,
// so requests may run concurrently and never see each other's results.
class api {
public:
    api(std::shared_ptr<const planning::planner> planner, collection_set collections,
        std::map<std::string, static_file> files, std::string title, api_limits limits = {});

    // Never throws: every problem is a response (4xx with a JSON error naming the parameter,
    // 500 for a bug).
    http_response handle(const http_request& request) const;

    const collection_set& collections() const noexcept { return m_collections; }

private:
    http_response route(const http_request& request) const;

    std::shared_ptr<const planning::planner> m_planner;
    collection_set m_collections;
    std::map<std::string, static_file> m_files;
    std::string m_title;
    api_limits m_limits;
    std::unique_ptr<std::counting_semaphore<>> m_whatif_slots; // what-ifs running at once
};

// The web map's files from `web_dir` (index.html, webmap.js, webmap.css) and Debian's
// libjs-leaflet and libjs-chart.js from /usr/share/javascript, under the URL paths they are
// served at. Throws config_error naming the missing file.
std::map<std::string, static_file> load_web_files(const std::string& web_dir);

} // namespace standort::services::server
