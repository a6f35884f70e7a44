#include "services/server/geojson.hpp"

#include <cmath>

namespace standort::services::server {

namespace {

struct writer {
    double scale;
    bool lat_first;

    double round(double v) const { return std::round(v * scale) / scale; }

    nlohmann::json position(const geo::point& p) const {
        return lat_first ? nlohmann::json::array({round(p.y()), round(p.x())})
                         : nlohmann::json::array({round(p.x()), round(p.y())});
    }

    // Twice the signed area in x/y (lon/lat): positive for counter-clockwise.
    static double signed_area(const std::vector<geo::point>& ring) {
        double a = 0;
        for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
            a += (ring[j].x() * ring[i].y()) - (ring[i].x() * ring[j].y());
        }
        return a;
    }

    template <class Ring> nlohmann::json ring(const Ring& r, bool exterior) const {
        std::vector<geo::point> points(r.begin(), r.end());
        const double a = signed_area(points);
        if ((exterior && a < 0) || (!exterior && a > 0)) {
            std::reverse(points.begin(), points.end());
        }
        auto out = nlohmann::json::array();
        for (const auto& p : points) {
            out.push_back(position(p));
        }
        return out;
    }

    nlohmann::json polygon(const geo::polygon& p) const {
        auto rings = nlohmann::json::array({ring(p.outer(), true)});
        for (const auto& hole : p.inners()) {
            rings.push_back(ring(hole, false));
        }
        return rings;
    }

    nlohmann::json operator()(const std::monostate&) const { return nullptr; }
    nlohmann::json operator()(const geo::point& p) const {
        return {{"type", "Point"}, {"coordinates", position(p)}};
    }
    nlohmann::json operator()(const geo::multi_point& mp) const {
        auto c = nlohmann::json::array();
        for (const auto& p : mp) {
            c.push_back(position(p));
        }
        return {{"type", "MultiPoint"}, {"coordinates", c}};
    }
    nlohmann::json operator()(const geo::multi_linestring& ml) const {
        auto c = nlohmann::json::array();
        for (const auto& line : ml) {
            auto positions = nlohmann::json::array();
            for (const auto& p : line) {
                positions.push_back(position(p));
            }
            c.push_back(std::move(positions));
        }
        return {{"type", "MultiLineString"}, {"coordinates", c}};
    }
    nlohmann::json operator()(const geo::multi_polygon& mp) const {
        auto c = nlohmann::json::array();
        for (const auto& p : mp) {
            c.push_back(polygon(p));
        }
        return {{"type", "MultiPolygon"}, {"coordinates", c}};
    }
};

} // namespace

nlohmann::json geometry_json(const geo::geometry& g, int decimals, bool lat_first) {
    if (geo::is_empty(g)) {
        return nullptr;
    }
    return std::visit(writer{std::pow(10.0, decimals), lat_first}, g);
}

nlohmann::json properties_json(const geo::feature_layer& layer, const geo::feature& f) {
    auto out = nlohmann::json::object();
    for (std::size_t i = 0; i < layer.fields.size() && i < f.values.size(); ++i) {
        const auto& v = f.values[i];
        auto& slot = out[layer.fields[i].name];
        if (const auto* n = std::get_if<std::int64_t>(&v)) {
            slot = *n;
        } else if (const auto* d = std::get_if<double>(&v)) {
            slot = std::isfinite(*d) ? nlohmann::json(*d) : nlohmann::json(nullptr);
        } else if (const auto* s = std::get_if<std::string>(&v)) {
            slot = *s;
        } else {
            slot = nullptr;
        }
    }
    return out;
}

} // namespace standort::services::server
