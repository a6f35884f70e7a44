// OGC API - Features: collections, items (paging, bbox, property filters, CRS), single items,
// and each collection's styles and queryables.

#include "geo/crs.hpp"
#include "geo/transform.hpp"
#include "services/server/geojson.hpp"
#include "services/server/handlers.hpp"

#include <fmt/format.h>

#include <boost/geometry/algorithms/intersects.hpp>

#include <charconv>
#include <chrono>
#include <cmath>
#include <ctime>
#include <optional>

namespace standort::services::server::detail {

const char* const crs84_uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

namespace {

const char* const geojson_type = "application/geo+json";

std::string items_url(const collection& c, const std::string& base) {
    return base + "/collections/" + c.id + "/items";
}

std::optional<int> epsg_of(const std::string& definition) {
    std::string id = definition;
    if (id.rfind("EPSG:", 0) != 0) {
        try {
            id = geo::describe_crs(definition).identifier;
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    if (id.rfind("EPSG:", 0) != 0) {
        return std::nullopt;
    }
    int code = 0;
    const auto [end, ec] = std::from_chars(id.data() + 5, id.data() + id.size(), code);
    return ec == std::errc{} && end == id.data() + id.size() ? std::optional<int>(code)
                                                             : std::nullopt;
}

// EPSG's geographic CRSs put latitude first; only 4326 is the lon/lat held at start.
output_crs epsg_crs(int code) {
    bool geographic = code == 4326;
    if (code != 4326 && code != 25832 && code != 25833) {
        try {
            geographic = geo::describe_crs(fmt::format("EPSG:{}", code)).geographic;
        } catch (const std::exception&) {
            geographic = false;
        }
    }
    return {fmt::format("http://www.opengis.net/def/crs/EPSG/0/{}", code),
            fmt::format("EPSG:{}", code), code == 4326, geographic, geographic ? 7 : 2};
}

double number(const std::string& parameter, const std::string& text) {
    double v = 0;
    const char* first = text.data();
    const char* last = text.data() + text.size();
    if (!text.empty() && text[0] == '+') {
        ++first;
    }
    const auto [end, ec] = std::from_chars(first, last, v);
    if (text.empty() || ec != std::errc{} || end != last || !std::isfinite(v)) {
        throw bad_parameter(parameter, fmt::format("{}: '{}' is not a number", parameter, text));
    }
    return v;
}

std::size_t whole(const std::string& parameter, const std::string& text, std::size_t lowest,
                  std::size_t highest) {
    std::size_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || v < lowest ||
        v > highest) {
        throw bad_parameter(parameter, fmt::format("{}={}: a whole number from {} to {}", parameter,
                                                   text, lowest, highest));
    }
    return v;
}

// The bbox in lon/lat: four numbers (or six, with heights) in `bbox-crs`, default CRS84.
std::optional<geo::box> bbox_of(const collection& c, const http_request& r) {
    const auto text = param(r, "bbox");
    const auto crs_text = param(r, "bbox-crs");
    if (text.empty()) {
        if (!crs_text.empty()) {
            throw bad_parameter("bbox-crs", "bbox-crs without bbox");
        }
        return std::nullopt;
    }
    std::vector<double> v;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = std::min(text.find(',', start), text.size());
        v.push_back(number("bbox", text.substr(start, comma - start)));
        start = comma + 1;
    }
    if (v.size() != 4 && v.size() != 6) {
        throw bad_parameter("bbox",
                            fmt::format("bbox has {} numbers: 4 (or 6 with heights)", v.size()));
    }
    const std::size_t half = v.size() / 2;
    auto lower = geo::point(v[0], v[1]);
    auto upper = geo::point(v[half], v[half + 1]);
    const auto crs = crs_text.empty() ? output_crs{crs84_uri, "OGC:CRS84", true, false, 7}
                                      : parse_crs(c, "bbox-crs", crs_text);
    if (crs.lat_first) {
        lower = geo::point(lower.y(), lower.x());
        upper = geo::point(upper.y(), upper.x());
    }
    if (lower.x() > upper.x() || lower.y() > upper.y()) {
        throw bad_parameter("bbox", "bbox: the lower corner comes first (min x, min y, max x, "
                                    "max y); a box across the antimeridian is not supported");
    }
    geo::box box(lower, upper);
    if (!crs.lonlat) {
        try {
            box = geo::transformer(crs.definition, "EPSG:4326").apply(box);
        } catch (const std::exception&) {
            throw bad_parameter("bbox", "bbox lies outside the area of bbox-crs");
        }
    } else if (lower.y() < -90 || upper.y() > 90) {
        throw bad_parameter("bbox", "bbox: latitudes lie between -90 and 90");
    }
    return box;
}

// The feature's geometry meets the box (its envelope first, then the shape itself).
bool within_box(const collection& c, std::size_t i, const geo::box& box) {
    if (!geo::intersects(c.boxes[i], box)) {
        return false;
    }
    return std::visit(
        [&](const auto& shape) {
            using type = std::decay_t<decltype(shape)>;
            if constexpr (std::is_same_v<type, std::monostate>) {
                return false;
            } else {
                return boost::geometry::intersects(shape, box);
            }
        },
        c.lonlat[i]);
}

struct filter {
    std::size_t field;
    std::string text;
    std::optional<double> number;
};

std::vector<filter> filters_of(const collection& c, const http_request& r) {
    std::vector<filter> out;
    for (const auto& [key, value] : r.query) {
        const auto field = c.layer.field_index(key);
        if (!field) {
            continue;
        }
        const auto type = c.layer.fields[*field].type;
        const bool numeric = type == geo::field_type::integer ||
                             type == geo::field_type::integer64 || type == geo::field_type::real;
        out.push_back(
            {*field, value, numeric ? std::optional<double>(number(key, value)) : std::nullopt});
    }
    return out;
}

bool matches(const geo::feature& f, const std::vector<filter>& filters) {
    for (const auto& flt : filters) {
        const auto& v = f.values[flt.field];
        if (flt.number) {
            const double* d = std::get_if<double>(&v);
            const std::int64_t* n = std::get_if<std::int64_t>(&v);
            const double x = d ? *d : n ? static_cast<double>(*n) : std::nan("");
            if (!(std::abs(x - *flt.number) <= 1e-9 * std::max(1.0, std::abs(x)))) {
                return false;
            }
        } else if (geo::to_text(v) != flt.text) {
            return false;
        }
    }
    return true;
}

nlohmann::json feature_json(const collection& c, std::size_t i, const output_crs& crs,
                            const geo::transformer* to_crs) {
    nlohmann::json geometry;
    if (crs.lonlat) {
        geometry = geometry_json(c.lonlat[i], crs.decimals, crs.lat_first);
    } else if (to_crs != nullptr) {
        auto g = c.layer.features[i].shape;
        to_crs->apply(g);
        geometry = geometry_json(g, crs.decimals, crs.lat_first);
    } else {
        geometry = geometry_json(c.layer.features[i].shape, crs.decimals, crs.lat_first);
    }
    return {{"type", "Feature"},
            {"id", i + 1},
            {"geometry", geometry},
            {"properties", properties_json(c.layer, c.layer.features[i])}};
}

// The CRS the request asks for with `crs`, else CRS84.
output_crs requested_crs(const collection& c, const http_request& r) {
    const auto text = param(r, "crs");
    return text.empty() ? supported_crs(c).front() : parse_crs(c, "crs", text);
}

// From the collection's storage CRS to `crs`, where the coordinates are neither the lon/lat
// made at start nor already in it.
std::optional<geo::transformer> transformer_to(const collection& c, const output_crs& crs) {
    if (crs.lonlat || epsg_of(c.storage_crs) == epsg_of(crs.definition)) {
        return std::nullopt;
    }
    return geo::transformer(c.layer.crs, crs.definition);
}

std::string now_utc() {
    const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

// The query as the next page repeats it, with a new offset (and without `f` where the link
// names its own format).
std::string query_with_offset(const http_request& r, std::size_t offset, bool with_f = true) {
    std::string q;
    for (const auto& [key, value] : r.query) {
        if (key == "offset" || (key == "f" && !with_f)) {
            continue;
        }
        q += (q.empty() ? "?" : "&") + url_encode(key) + "=" + url_encode(value);
    }
    return q + (q.empty() ? "?" : "&") + "offset=" + std::to_string(offset);
}

std::string feature_table(const collection& c, const std::vector<std::size_t>& rows) {
    std::string html = "<table><tr><th>id</th>";
    for (const auto& f : c.layer.fields) {
        html += "<th>" + escape_html(c.aliases.at(f.name)) + "</th>";
    }
    html += "</tr>\n";
    for (const auto i : rows) {
        html += fmt::format("<tr><td><a href=\"/collections/{}/items/{}?f=html\">{}</a></td>", c.id,
                            i + 1, i + 1);
        for (const auto& v : c.layer.features[i].values) {
            html += "<td>" + escape_html(geo::to_text(v)) + "</td>";
        }
        html += "</tr>\n";
    }
    return html + "</table>\n";
}

} // namespace

std::string url_encode(const std::string& text) {
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) != 0 && c < 128) {
            out += ch;
        } else if (ch == '-' || ch == '_' || ch == '.' || ch == '~' || ch == ',' || ch == ':') {
            out += ch;
        } else {
            out += fmt::format("%{:02X}", c);
        }
    }
    return out;
}

std::string crs_uri(const std::string& definition) {
    const auto code = epsg_of(definition);
    return code ? epsg_crs(*code).uri : crs84_uri;
}

std::vector<output_crs> supported_crs(const collection& c) {
    std::vector<output_crs> out{
        {crs84_uri, "OGC:CRS84", true, false, 7}, epsg_crs(4326), epsg_crs(25832), epsg_crs(25833)};
    if (const auto code = epsg_of(c.storage_crs);
        code && *code != 4326 && *code != 25832 && *code != 25833) {
        out.push_back(epsg_crs(*code));
    }
    return out;
}

output_crs parse_crs(const collection& c, const std::string& parameter, const std::string& uri) {
    for (const auto& crs : supported_crs(c)) {
        if (crs.uri == uri || crs.definition == uri) {
            return crs;
        }
    }
    throw bad_parameter(
        parameter,
        fmt::format("{}='{}' is not offered; see the collection's 'crs' list", parameter, uri));
}

nlohmann::json collection_json(const collection& c, const std::string& base) {
    const std::string self = base + "/collections/" + c.id;
    auto crs = nlohmann::json::array();
    for (const auto& s : supported_crs(c)) {
        crs.push_back(s.uri);
    }
    nlohmann::json j{
        {"id", c.id},
        {"title", c.title},
        {"description", c.group + ": " + c.title},
        {"itemType", "feature"},
        {"crs", crs},
        {"storageCrs", crs_uri(c.storage_crs)},
        {"links",
         {link(self, "self", "application/json", c.title),
          link(self + "?f=html", "alternate", "text/html"),
          link(self + "/items", "items", geojson_type, c.title),
          link(self + "/items?f=html", "items", "text/html", c.title),
          link(self + "/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables",
               "application/schema+json", "Abfragbare Felder"),
          link(self + "/styles", "styles", "application/json", "Stile")}}};
    if (geo::is_valid_box(c.extent)) {
        const auto& e = c.extent;
        j["extent"] = {
            {"spatial",
             {{"bbox",
               {{e.min_corner().x(), e.min_corner().y(), e.max_corner().x(), e.max_corner().y()}}},
              {"crs", crs84_uri}}}};
    }
    return j;
}

http_response collections(const api& a, const http_request& r) {
    allow_only(r, {});
    if (wants_html(r)) {
        std::string body = "<table><tr><th>Ebene</th><th>Thema</th><th>Objekte</th></tr>\n";
        for (const auto& c : a.collections().all()) {
            body += fmt::format(
                "<tr><td><a href=\"/collections/{}?f=html\">{}</a></td><td>{}</td><td>{}</td>"
                "</tr>\n",
                c.id, escape_html(c.title), escape_html(c.group), c.layer.features.size());
        }
        return html_response("Ebenen", body + "</table>");
    }
    auto list = nlohmann::json::array();
    for (const auto& c : a.collections().all()) {
        list.push_back(collection_json(c, r.base_url));
    }
    return json_response({{"links",
                           {link(r.base_url + "/collections", "self", "application/json"),
                            link(r.base_url + "/collections?f=html", "alternate", "text/html")}},
                          {"collections", list}});
}

http_response one_collection(const collection& c, const http_request& r) {
    allow_only(r, {});
    if (wants_html(r)) {
        std::string body = fmt::format(
            "<p>{}: {} Objekte. <a href=\"/collections/{}/items?f=html\">Objekte ansehen</a> · "
            "<a href=\"/collections/{}/items\">GeoJSON</a></p><h2>Felder</h2><table>"
            "<tr><th>Feld</th><th>Bezeichnung</th></tr>\n",
            escape_html(c.group), c.layer.features.size(), c.id, c.id);
        for (const auto& f : c.layer.fields) {
            body += "<tr><td>" + escape_html(f.name) + "</td><td>" +
                    escape_html(c.aliases.at(f.name)) + "</td></tr>\n";
        }
        return html_response(c.title, body + "</table>");
    }
    return json_response(collection_json(c, r.base_url));
}

http_response items(const collection& c, const http_request& r, const api_limits& limits) {
    allow_only(r, {"limit", "offset", "bbox", "bbox-crs", "crs"}, &c.layer);
    const auto limit_text = param(r, "limit");
    const std::size_t asked =
        limit_text.empty() ? limits.default_limit : whole("limit", limit_text, 1, limits.max_limit);
    // An HTML table beyond 500 rows is read by no one and costs the library's compression.
    const std::size_t limit = wants_html(r) ? std::min<std::size_t>(asked, 500) : asked;
    const auto offset_text = param(r, "offset");
    const std::size_t offset =
        offset_text.empty() ? 0 : whole("offset", offset_text, 0, std::size_t{1} << 40);
    const auto crs = requested_crs(c, r);
    const auto bbox = bbox_of(c, r);
    const auto filters = filters_of(c, r);

    std::vector<std::size_t> page;
    std::size_t matched = 0;
    for (std::size_t i = 0; i < c.layer.features.size(); ++i) {
        if ((bbox && !within_box(c, i, *bbox)) || !matches(c.layer.features[i], filters)) {
            continue;
        }
        if (matched >= offset && page.size() < limit) {
            page.push_back(i);
        }
        ++matched;
    }
    const bool more = offset + page.size() < matched;
    if (wants_html(r)) {
        std::string body =
            fmt::format("<p>{} bis {} von {} Objekten.", page.empty() ? 0 : offset + 1,
                        offset + page.size(), matched);
        if (more) {
            body += fmt::format(" <a href=\"/collections/{}/items{}\">weiter</a>", c.id,
                                escape_html(query_with_offset(r, offset + page.size())));
        }
        return html_response(c.title, body + "</p>" + feature_table(c, page));
    }
    const auto url = items_url(c, r.base_url);
    auto links = nlohmann::json::array(
        {link(url + query_with_offset(r, offset), "self", geojson_type),
         link(url + query_with_offset(r, offset, false) + "&f=html", "alternate", "text/html"),
         link(r.base_url + "/collections/" + c.id, "collection", "application/json")});
    if (more) {
        links.push_back(
            link(url + query_with_offset(r, offset + page.size()), "next", geojson_type));
    }
    if (offset > 0) {
        links.push_back(link(url + query_with_offset(r, offset > limit ? offset - limit : 0),
                             "prev", geojson_type));
    }
    const nlohmann::json head{{"type", "FeatureCollection"},
                              {"timeStamp", now_utc()},
                              {"numberMatched", matched},
                              {"numberReturned", page.size()},
                              {"links", links}};
    // The features' text joined into the collection (written once at start for CRS84).
    std::string body = head.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    body.pop_back();
    body += ",\"features\":[";
    const auto to_crs = transformer_to(c, crs);
    const bool prewritten = crs.lonlat && !crs.lat_first;
    for (std::size_t k = 0; k < page.size(); ++k) {
        body += k == 0 ? "" : ",";
        body += prewritten ? c.geojson[page[k]]
                           : feature_json(c, page[k], crs, to_crs ? &*to_crs : nullptr)
                                 .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    body += "]}";
    http_response response{200, geojson_type, std::move(body), {}};
    response.headers.emplace_back("Content-Crs", "<" + crs.uri + ">");
    return response;
}

http_response item(const collection& c, const std::string& id, const http_request& r) {
    allow_only(r, {"crs"});
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec != std::errc{} || end != id.data() + id.size() || n < 1 || n > c.layer.features.size()) {
        throw not_found(fmt::format("collection '{}' has no feature '{}'", c.id, id));
    }
    if (wants_html(r)) {
        return html_response(c.title + ", Objekt " + id, feature_table(c, {n - 1}));
    }
    const auto crs = requested_crs(c, r);
    const auto to_crs = transformer_to(c, crs);
    auto j = feature_json(c, n - 1, crs, to_crs ? &*to_crs : nullptr);
    const auto self = items_url(c, r.base_url) + "/" + id;
    j["links"] = {link(self, "self", geojson_type),
                  link(self + "?f=html", "alternate", "text/html"),
                  link(r.base_url + "/collections/" + c.id, "collection", "application/json")};
    auto response = json_response(j, geojson_type);
    response.headers.emplace_back("Content-Crs", "<" + crs.uri + ">");
    return response;
}

nlohmann::json style_json(const served_style& s) {
    nlohmann::json j{{"id", s.id}, {"title", s.name}};
    if (!s.classes) {
        return j;
    }
    const auto& st = *s.classes;
    j["legend_title"] = st.title;
    j["field"] = st.field;
    j["only_field"] = st.only_field;
    j["only_value"] = st.only_value;
    j["label_field"] = st.label_field;
    j["outline_only"] = st.outline_only;
    j["single"] = fmt::format("#{:02x}{:02x}{:02x}", st.single.r, st.single.g, st.single.b);
    auto classes = nlohmann::json::array();
    for (const auto& k : st.classes) {
        nlohmann::json cls{
            {"label", k.label},
            {"colour", fmt::format("#{:02x}{:02x}{:02x}", k.fill.r, k.fill.g, k.fill.b)},
            {"no_data", k.no_data}};
        if (k.from) {
            cls["from"] = *k.from;
        }
        if (k.below) {
            cls["below"] = *k.below;
        }
        if (k.equals) {
            cls["equals"] = *k.equals;
        }
        classes.push_back(cls);
    }
    j["classes"] = classes;
    return j;
}

http_response styles(const collection& c, const http_request& r) {
    allow_only(r, {});
    auto list = nlohmann::json::array();
    for (const auto& s : c.styles) {
        const auto url = r.base_url + "/collections/" + c.id + "/styles/" + s.id;
        auto j = style_json(s);
        j["links"] = {link(url + "?f=sld", "stylesheet", "application/vnd.ogc.sld+xml;version=1.1",
                           "SLD 1.1"),
                      link(url + "?f=qml", "stylesheet", "application/vnd.qgis.qml+xml", "QGIS")};
        list.push_back(j);
    }
    return json_response(
        {{"default", c.styles.empty() ? "" : c.styles.front().id}, {"styles", list}});
}

http_response style(const collection& c, const std::string& id, const http_request& r) {
    const auto f = param(r, "f");
    for (const auto& [key, value] : r.query) {
        if (key != "f") {
            throw bad_parameter(key, fmt::format("unknown parameter '{}'", key));
        }
    }
    for (const auto& s : c.styles) {
        if (s.id != id) {
            continue;
        }
        if (f.empty() || f == "sld") {
            return {200, "application/vnd.ogc.sld+xml;version=1.1", s.sld, {}};
        }
        if (f == "qml") {
            return {200, "application/vnd.qgis.qml+xml", s.qml, {}};
        }
        if (f == "json") {
            return json_response(style_json(s));
        }
        throw bad_parameter("f", fmt::format("f='{}': sld, qml or json", f));
    }
    throw not_found(fmt::format("collection '{}' has no style '{}'", c.id, id));
}

http_response queryables(const collection& c, const http_request& r) {
    allow_only(r, {});
    auto properties = nlohmann::json::object();
    for (const auto& f : c.layer.fields) {
        const char* type = f.type == geo::field_type::real   ? "number"
                           : f.type == geo::field_type::text ? "string"
                           : f.type == geo::field_type::date ? "string"
                                                             : "integer";
        properties[f.name] = {{"title", c.aliases.at(f.name)}, {"type", type}};
    }
    return json_response({{"$schema", "https://json-schema.org/draft/2019-09/schema"},
                          {"$id", r.base_url + "/collections/" + c.id + "/queryables"},
                          {"type", "object"},
                          {"title", c.title},
                          {"properties", properties}},
                         "application/schema+json");
}

} // namespace standort::services::server::detail
